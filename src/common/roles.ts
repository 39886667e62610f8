/** Roles of DESIGN §2. ADMIN is system-wide; every other role belongs to one station. */
export enum Role {
  ADMIN = 'ADMIN',
  COMMANDER = 'COMMANDER',
  SUPERVISOR = 'SUPERVISOR',
  CLERK = 'CLERK',
  INVESTIGATOR = 'INVESTIGATOR',
  OFFICER = 'OFFICER',
  AUDITOR = 'AUDITOR',
}

export const STATION_ROLES: readonly Role[] = [
  Role.COMMANDER,
  Role.SUPERVISOR,
  Role.CLERK,
  Role.INVESTIGATOR,
  Role.OFFICER,
  Role.AUDITOR,
];

export const ALL_ROLES: readonly Role[] = [Role.ADMIN, ...STATION_ROLES];
