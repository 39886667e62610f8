import { describe, expect, it } from '@jest/globals';
import { Role } from '../common/roles.js';
import { ItemCategory, RiskClass } from '../items/item.enums.js';
import { approverRoles, approverRolesForItem, mayApprove } from './approval-matrix.js';

const { SUPERVISOR, COMMANDER } = Role;
const line = (category: ItemCategory, riskClass = RiskClass.NORMAL) => ({ category, riskClass });

describe('approval matrix (DESIGN §3 rule 2)', () => {
  it.each([
    [ItemCategory.PROPERTY, RiskClass.NORMAL, false, [SUPERVISOR, COMMANDER]],
    [ItemCategory.PROPERTY, RiskClass.NORMAL, true, [COMMANDER]],
    [ItemCategory.DONATION, RiskClass.NORMAL, false, [SUPERVISOR, COMMANDER]],
    [ItemCategory.DONATION, RiskClass.NORMAL, true, [COMMANDER]],
    [ItemCategory.WEAPON, RiskClass.HIGH, false, [SUPERVISOR, COMMANDER]],
    [ItemCategory.WEAPON, RiskClass.HIGH, true, [COMMANDER]],
    [ItemCategory.WEAPON, RiskClass.NORMAL, true, [SUPERVISOR, COMMANDER]],
    [ItemCategory.EVIDENCE, RiskClass.NORMAL, true, [SUPERVISOR, COMMANDER]],
    [ItemCategory.EVIDENCE, RiskClass.HIGH, false, [SUPERVISOR, COMMANDER]],
    [ItemCategory.EVIDENCE, RiskClass.HIGH, true, [COMMANDER]],
    [ItemCategory.PROPERTY, RiskClass.HIGH, false, [SUPERVISOR, COMMANDER]],
  ])('%s %s off premises %s → %j', (category, risk, off, roles) => {
    expect([...approverRolesForItem(line(category, risk), off, [])].sort()).toEqual([...roles].sort());
  });

  it('a station can take the supervisor away, per category or for every HIGH item', () => {
    expect(approverRolesForItem(line(ItemCategory.EVIDENCE), false, ['EVIDENCE'])).toEqual([COMMANDER]);
    expect(approverRolesForItem(line(ItemCategory.WEAPON, RiskClass.HIGH), false, ['HIGH'])).toEqual([COMMANDER]);
    expect([...approverRolesForItem(line(ItemCategory.WEAPON), false, ['HIGH'])].sort()).toEqual([COMMANDER, SUPERVISOR]);
  });

  it('a loan of several items needs the strictest approver of them', () => {
    expect(approverRoles([line(ItemCategory.PROPERTY), line(ItemCategory.EVIDENCE)], false, []).sort()).toEqual([COMMANDER, SUPERVISOR]);
    expect(approverRoles([line(ItemCategory.EVIDENCE), line(ItemCategory.PROPERTY)], true, [])).toEqual([COMMANDER]);
  });

  it('a user qualifies by any one of their roles', () => {
    expect(mayApprove([Role.CLERK, SUPERVISOR], [SUPERVISOR, COMMANDER])).toBe(true);
    expect(mayApprove([SUPERVISOR], [COMMANDER])).toBe(false);
    expect(mayApprove([Role.INVESTIGATOR], [SUPERVISOR, COMMANDER])).toBe(false);
  });
});
