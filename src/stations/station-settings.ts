/**
 * Station settings (DESIGN §2). Rules tagged [C] or [G] in DOMAIN-TH.md are settings with these
 * defaults rather than constants in code.
 */
export interface StationSettings {
  thaiNumerals: boolean;
  /** ITA item number of the property/evidence control measure (O29 in FY2566, O23 since). */
  itaItemNumber: string;
  /** Unit price (THB) below which durable goods are kept as materials in a quantity ledger. */
  materialsThresholdBaht: number;
  /** Days after the due date at which an overdue loan is escalated to its approver (clause 211). */
  overdueEscalationDays: number;
  /** Share of NORMAL items drawn into an audit sample; HIGH items are always counted. */
  samplingPercent: number;
  /** Kinds treated as HIGH risk in addition to the built-in ones. */
  extraHighRiskKinds: string[];
  /** A blind weight check differing from the record by more than this (grams) is a discrepancy. */
  weightToleranceGrams: number;
  /** Loans that need the commander even where the default matrix lets a supervisor approve (a category, or "HIGH"). */
  commanderOnlyLoans: string[];
  /** An evidence item without its own review date is due for review this many months after registration. */
  evidenceReviewMonths: number;
}

export const DEFAULT_STATION_SETTINGS: StationSettings = {
  thaiNumerals: false,
  itaItemNumber: 'O23',
  materialsThresholdBaht: 5000,
  overdueEscalationDays: 7,
  samplingPercent: 20,
  extraHighRiskKinds: [],
  weightToleranceGrams: 0.1,
  commanderOnlyLoans: [],
  evidenceReviewMonths: 12,
};

/** A station's settings with the defaults of settings added after it was created. */
export function settingsOf(station: { settings: Partial<StationSettings> }): StationSettings {
  return { ...DEFAULT_STATION_SETTINGS, ...station.settings };
}
