import type { Role } from '../../common/roles.js';
import { RiskClass } from '../../items/item.enums.js';
import { toThaiDigitsOutsideCodes } from '../../reports/registers/register-document.js';
import { approversTh, type ApprovalRule, type StationRules } from '../station-rules.js';

/**
 * The Thai wording the flowcharts share: numbers in the station's digits, and the approval matrix read
 * back as a few lines ("ทรัพย์สินราชการ นอกสถานที่: ผู้บังคับบัญชา") from `rules.approvals`, which the
 * same function as the server's approval check computed — so the chart cannot promise what the server
 * refuses.
 */

const AMOUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** Text in the station's digits: ๐–๙ when `thaiNumerals` is on (DOMAIN-TH §5), codes as written. */
export function stationDigits(rules: StationRules): (text: string) => string {
  if (!rules.settings.thaiNumerals) return (text) => text;
  return toThaiDigitsOutsideCodes;
}

/** 0.1, 12, 2.5: a setting's number as a person writes it (digits converted later, with the line). */
export function amount(n: number): string {
  return AMOUNT.format(n);
}

/** The Buddhist-era year of a moment in Bangkok, two digits: the YY of an item code. */
export function codeYear(at: Date): string {
  const bangkok = new Date(at.getTime() + 7 * 3600_000);
  return String((bangkok.getUTCFullYear() + 543) % 100).padStart(2, '0');
}

type Place = 'on' | 'off';
interface Cell {
  rule: ApprovalRule;
  place: Place;
  roles: readonly Role[];
}

const PLACE_TH = { both: 'ทุกกรณี', off: 'นอกสถานที่', on: 'ในสถานที่' } as const;
const PLACES = { both: ['on', 'off'], off: ['off'], on: ['on'] } as const satisfies Record<keyof typeof PLACE_TH, readonly Place[]>;
const HIGH_TH = 'ของความเสี่ยงสูง';
const RISK_TH: Record<RiskClass, string> = { [RiskClass.HIGH]: 'ความเสี่ยงสูง', [RiskClass.NORMAL]: 'ความเสี่ยงปกติ' };
const OTHERWISE_TH = 'กรณีอื่น';

/**
 * Who approves a loan, as lines "<what> <where>: <roles>": one line per group of cases that need the
 * same roles, the least restrictive group last as "กรณีอื่น" (or "ทุกกรณี" when every case is alike).
 * A station's `commanderOnlyLoans` moves cases into the commander's lines, so the chart changes with it.
 */
export function approvalLines(rules: StationRules): string[] {
  const cells = rules.approvals.flatMap((rule) => (['on', 'off'] as const).map((place): Cell => ({ rule, place, roles: place === 'on' ? rule.onPremises : rule.offPremises })));
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const key = cell.roles.join(',');
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  const ordered = [...groups.values()].sort((a, b) => a[0].roles.length - b[0].roles.length || a.length - b.length);
  const fallback = ordered.pop();
  if (!fallback) return [];
  const lines = ordered.flatMap((group) => describeGroup(group, cells).map((what) => `${what}: ${approversTh(group[0].roles)}`));
  return [...lines, `${lines.length ? OTHERWISE_TH : PLACE_TH.both}: ${approversTh(fallback[0].roles)}`];
}

/**
 * The cases of one group in as few words as hold exactly: every HIGH case first ("ของความเสี่ยงสูง"),
 * then whole categories, then single category-and-risk cases; on and off the premises together when
 * both are in the group ("ทุกกรณี"), else by place.
 */
function describeGroup(group: Cell[], all: Cell[]): string[] {
  const inGroup = new Set(group);
  const covered = new Set<Cell>();
  const phrases: string[] = [];
  for (const scope of ['both', 'off', 'on'] as const) {
    const places: readonly Place[] = PLACES[scope];
    const within = (c: Cell) => places.includes(c.place);
    const subjects: string[] = [];
    const claim = (cases: Cell[], name: string) => {
      if (cases.length === 0 || !cases.every((c) => inGroup.has(c)) || cases.every((c) => covered.has(c))) return;
      cases.forEach((c) => covered.add(c));
      subjects.push(name);
    };
    claim(all.filter((c) => within(c) && c.rule.riskClass === RiskClass.HIGH), HIGH_TH);
    const categories = [...new Set(all.map((c) => c.rule.category))];
    for (const category of categories) {
      const cases = all.filter((c) => within(c) && c.rule.category === category);
      claim(cases, cases[0].rule.categoryTh);
    }
    for (const c of group.filter((c) => within(c) && !covered.has(c))) {
      const pair = group.filter((d) => d.rule === c.rule && within(d));
      claim(pair.length === places.length ? pair : [], `${c.rule.categoryTh}${RISK_TH[c.rule.riskClass]}`);
    }
    if (subjects.length) phrases.push(`${subjects.join(' ')} ${PLACE_TH[scope]}`);
  }
  return phrases;
}
