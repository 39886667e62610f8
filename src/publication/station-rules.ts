import { FULL_COUNT, SAMPLED_BY_DEFAULT } from '../audits/audits.service.js';
import { AuditKind } from '../audits/audit.enums.js';
import { Role, ROLE_TH } from '../common/roles.js';
import { BUILT_IN_HIGH_RISK_KINDS, CATEGORY_CODE, CATEGORY_TH, ItemCategory, type ItemKind, KIND_TH, KINDS_BY_CATEGORY, RiskClass, riskClassOf } from '../items/item.enums.js';
import { approverRolesForItem } from '../loans/approval-matrix.js';
import { KIND_OF_COUNT_TH } from '../reports/o23-labels.js';
import { settingsOf, type StationSettings } from '../stations/station-settings.js';

/**
 * The rules a station's Khlang enforces, read off the code that enforces them and the station's
 * settings — the one source of the published announcement, the flowcharts and the blank forms, so
 * that what a station publishes for O23 is what its server does. Nothing here is typed by hand per
 * station: change a setting and every published document changes with it.
 */
export interface StationRules {
  station: { code: string; nameTh: string; nameEn: string };
  settingsVersion: number;
  /** When the settings of this version took effect: the date the announcement carries. */
  effectiveAt: Date;
  settings: StationSettings;
  /** The commander who signs the announcement; null when the station has none yet. */
  signer: Signer | null;
  categories: CategoryRule[];
  /** Every HIGH kind: the built-in ones, then those the station added. */
  highRiskKinds: { kind: ItemKind; nameTh: string; addedByStation: boolean }[];
  approvals: ApprovalRule[];
  counts: CountRule[];
}

export interface Signer {
  displayName: string;
  rank: string;
  position: string | null;
}

export interface CategoryRule {
  category: ItemCategory;
  nameTh: string;
  /** The CAT part of the item code, e.g. EV. */
  codePrefix: string;
  kinds: { kind: ItemKind; nameTh: string; high: boolean }[];
}

/** Who may approve a loan of one category, risk class and place, as `approverRolesForItem` decides it. */
export interface ApprovalRule {
  category: ItemCategory;
  categoryTh: string;
  riskClass: RiskClass;
  onPremises: readonly Role[];
  offPremises: readonly Role[];
}

export interface CountRule {
  kind: AuditKind;
  nameTh: string;
  /** Whether every item in scope is counted (no sample). */
  fullCount: boolean;
  /** The share of NORMAL items sampled when the count is made without its own percentage; null for full counts and spot counts. */
  defaultSamplePercent: number | null;
}

export interface StationRulesInput {
  station: { code: string; nameTh: string; nameEn: string; settings: Partial<StationSettings>; settingsVersion: number; effectiveAt: Date };
  signer: Signer | null;
}

export function stationRules(input: StationRulesInput): StationRules {
  const settings = settingsOf(input.station);
  const categories = Object.values(ItemCategory).map((category) => ({
    category,
    nameTh: CATEGORY_TH[category],
    codePrefix: CATEGORY_CODE[category],
    kinds: KINDS_BY_CATEGORY[category].map((kind) => ({ kind, nameTh: KIND_TH[kind], high: riskClassOf(kind, settings.extraHighRiskKinds) === RiskClass.HIGH })),
  }));
  const highRiskKinds = [...new Set([...BUILT_IN_HIGH_RISK_KINDS, ...settings.extraHighRiskKinds])].map((kind) => ({
    kind: kind as ItemKind,
    nameTh: KIND_TH[kind as ItemKind],
    addedByStation: !BUILT_IN_HIGH_RISK_KINDS.includes(kind),
  }));
  return {
    station: { code: input.station.code, nameTh: input.station.nameTh, nameEn: input.station.nameEn },
    settingsVersion: input.station.settingsVersion,
    effectiveAt: input.station.effectiveAt,
    settings,
    signer: input.signer,
    categories,
    highRiskKinds,
    approvals: approvalRules(categories, settings.commanderOnlyLoans),
    counts: Object.values(AuditKind).map((kind) => ({
      kind,
      nameTh: KIND_OF_COUNT_TH[kind],
      fullCount: FULL_COUNT.includes(kind),
      defaultSamplePercent: SAMPLED_BY_DEFAULT.includes(kind) ? settings.samplingPercent : null,
    })),
  };
}

/** One row per category and risk class that the category can hold, HIGH first. */
function approvalRules(categories: CategoryRule[], commanderOnly: readonly string[]): ApprovalRule[] {
  const rules: ApprovalRule[] = [];
  for (const { category, nameTh, kinds } of categories) {
    for (const riskClass of [RiskClass.HIGH, RiskClass.NORMAL]) {
      if (!kinds.some((k) => k.high === (riskClass === RiskClass.HIGH))) continue;
      const item = { category, riskClass };
      rules.push({ category, categoryTh: nameTh, riskClass, onPremises: approverRolesForItem(item, false, commanderOnly), offPremises: approverRolesForItem(item, true, commanderOnly) });
    }
  }
  return rules;
}

/** "ผู้บังคับบัญชา" or "หัวหน้างาน หรือผู้บังคับบัญชา". */
export function approversTh(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_TH[r]).join(' หรือ');
}

/** The kinds of a category that are HIGH risk, in Thai. */
export function highKindsOf(rule: CategoryRule): string[] {
  return rule.kinds.filter((k) => k.high).map((k) => k.nameTh);
}
