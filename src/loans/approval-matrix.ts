import { Role } from '../common/roles.js';
import { ItemCategory, RiskClass } from '../items/item.enums.js';

/** What a station can tighten: loans of these categories, or of any HIGH item ("HIGH"), need the commander. */
export const COMMANDER_ONLY_SCOPES = [...Object.values(ItemCategory), 'HIGH'] as const;
export type CommanderOnlyScope = (typeof COMMANDER_ONLY_SCOPES)[number];

export interface LoanLineFacts {
  category: ItemCategory;
  riskClass: RiskClass;
}

const EITHER: readonly Role[] = [Role.SUPERVISOR, Role.COMMANDER];
const COMMANDER: readonly Role[] = [Role.COMMANDER];

/**
 * DESIGN §3 rule 2 (ระเบียบกระทรวงการคลังฯ ข้อ 208): who may approve the loan of one item.
 * - PROPERTY / DONATION: on the premises, the head of the unit (SUPERVISOR) or the COMMANDER; off the premises, the COMMANDER.
 * - WEAPON: the duty SUPERVISOR or the COMMANDER.
 * - EVIDENCE: the COMMANDER or a SUPERVISOR.
 * - Any HIGH item off the premises: the COMMANDER.
 * - A station setting (`commanderOnlyLoans`) can only take SUPERVISOR away, never add a role.
 */
export function approverRolesForItem(item: LoanLineFacts, offPremises: boolean, commanderOnly: readonly string[]): readonly Role[] {
  if (offPremises && item.riskClass === RiskClass.HIGH) return COMMANDER;
  if (commanderOnly.includes(item.category) || (item.riskClass === RiskClass.HIGH && commanderOnly.includes('HIGH'))) return COMMANDER;
  switch (item.category) {
    case ItemCategory.PROPERTY:
    case ItemCategory.DONATION:
      return offPremises ? COMMANDER : EITHER;
    case ItemCategory.WEAPON:
    case ItemCategory.EVIDENCE:
      return EITHER;
  }
}

/** A loan of several items needs an approver allowed for every one of them (the strictest line wins). */
export function approverRoles(items: readonly LoanLineFacts[], offPremises: boolean, commanderOnly: readonly string[]): Role[] {
  let allowed: readonly Role[] = EITHER;
  for (const item of items) {
    const roles = approverRolesForItem(item, offPremises, commanderOnly);
    allowed = allowed.filter((r) => roles.includes(r));
  }
  return [...allowed];
}

/** Whether a user with these roles may approve a loan that needs one of `required`. */
export function mayApprove(userRoles: readonly Role[], required: readonly Role[]): boolean {
  return userRoles.some((r) => required.includes(r));
}
