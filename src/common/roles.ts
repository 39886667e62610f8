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

/** The roles' names in Thai, as pages and published documents print them. */
export const ROLE_TH: Record<Role, string> = {
  [Role.ADMIN]: 'ผู้ดูแลระบบ',
  [Role.COMMANDER]: 'ผู้บังคับบัญชา',
  [Role.SUPERVISOR]: 'หัวหน้างาน',
  [Role.CLERK]: 'เจ้าหน้าที่พัสดุ',
  [Role.INVESTIGATOR]: 'พนักงานสอบสวน',
  [Role.OFFICER]: 'เจ้าหน้าที่ตำรวจ',
  [Role.AUDITOR]: 'กรรมการตรวจสอบ',
};
