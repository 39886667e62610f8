import { Role } from '../../common/roles.js';
import { CONDITION_TH, ItemCategory, ItemCondition, ItemKind, KINDS_BY_CATEGORY } from '../../items/item.enums.js';
import { AcquisitionMethod, FundingSource } from '../../items/items.dto.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import type { PageContext } from '../page-context.js';

const { CLERK, INVESTIGATOR, SUPERVISOR } = Role;

/** The roles of the matching API routes (test/e2e/route-roles.test.ts). */
export const REGISTRARS = [CLERK, INVESTIGATOR];
export const PRINTERS = [SUPERVISOR, CLERK, INVESTIGATOR];
export const COUNTER_USERS = [CLERK, SUPERVISOR];

/** The template a label is printed with unless the clerk picks another (the station has no setting for it yet). */
export const DEFAULT_LABEL_TEMPLATE = 'a4-3x8';

/**
 * Whether the user may register this category: ItemsService.register lets an investigator book in
 * evidence only (CLERK_REGISTERS_THIS). The page asks it first so nobody fills in a form for nothing.
 */
export function mayRegister(page: PageContext, category: ItemCategory): boolean {
  return category === ItemCategory.EVIDENCE ? page.can(...REGISTRARS) : page.can(CLERK);
}

export type FieldInput = 'text' | 'longText' | 'number' | 'date' | 'dateTime' | 'choice';
export type FieldFormat = 'baht' | 'grams' | 'years' | 'percent';

/**
 * One field of an item: `name` is the path in CreateItemDto ("evidence.caseNumber"), used as the form
 * field's name too, so the DTO's validation errors land next to the field without a mapping.
 */
export interface ItemField {
  name: string;
  input: FieldInput;
  required?: boolean;
  /** The DTO's maximum length. */
  max?: number;
  format?: FieldFormat;
  /** Shown only for these kinds (the field means nothing for the others). */
  kinds?: ItemKind[];
  hint?: (m: PageContext['m']['items']) => string;
  options?: (m: PageContext['m']['items']) => { value: string; label: string }[];
}

export interface FieldGroup {
  legend: keyof PageContext['m']['items']['intake']['sections'];
  fields: ItemField[];
}

const conditions = () => Object.values(ItemCondition).filter((c) => c !== ItemCondition.LOST).map((c) => ({ value: c, label: CONDITION_TH[c] }));

/** Quantity, weights, amount and seal: what every category has, and the blind checks compare later. */
export const MEASURE_FIELDS: ItemField[] = [
  { name: 'quantity', input: 'number', hint: (m) => m.intake.quantityHint },
  { name: 'unit', input: 'text', max: 40, hint: (m) => m.intake.unitHint },
  { name: 'serialNumber', input: 'text', max: 100, hint: (m) => m.intake.serialHint },
  { name: 'sealNumber', input: 'text', max: 100 },
  { name: 'weightGrams', input: 'number', format: 'grams', hint: (m) => m.intake.weightHint },
  { name: 'netWeightGrams', input: 'number', format: 'grams', kinds: [ItemKind.DRUGS, ItemKind.VALUABLES] },
  { name: 'amount', input: 'number', format: 'baht', kinds: [ItemKind.CASH], hint: (m) => m.intake.amountHint },
];

/** Condition at intake (GOOD unless said otherwise); LOST is a finding of a count, never an intake. */
export const CONDITION_FIELD: ItemField = { name: 'condition', input: 'choice', options: conditions };

/** Each category's own fields (DESIGN §2), in the order a clerk copies them from the seizure record or the invoice. */
export const DETAIL_GROUPS: Record<ItemCategory, FieldGroup[]> = {
  [ItemCategory.EVIDENCE]: [
    {
      legend: 'case',
      fields: [
        { name: 'evidence.caseNumber', input: 'text', required: true, max: 100, hint: (m) => m.intake.caseNumberHint },
        { name: 'evidence.dailyReportRef', input: 'text', max: 100 },
        { name: 'evidence.offence', input: 'text', max: 300 },
      ],
    },
    {
      legend: 'seizure',
      fields: [
        { name: 'evidence.seizedFrom', input: 'text', max: 200 },
        { name: 'evidence.seizedAt', input: 'dateTime' },
        { name: 'evidence.seizedPlace', input: 'text', max: 300 },
        { name: 'evidence.seizingOfficer', input: 'text', max: 200 },
      ],
    },
    {
      legend: 'owner',
      fields: [
        { name: 'evidence.ownerName', input: 'text', max: 200 },
        { name: 'evidence.ownerNotifiedAt', input: 'date' },
        { name: 'evidence.publicNoticeAt', input: 'date' },
        { name: 'evidence.reviewDate', input: 'date' },
      ],
    },
  ],
  [ItemCategory.PROPERTY]: [
    {
      legend: 'property',
      fields: [
        { name: 'property.assetNumber', input: 'text', max: 100 },
        { name: 'property.acquisitionDate', input: 'date' },
        { name: 'property.acquisitionMethod', input: 'choice', options: (m) => Object.values(AcquisitionMethod).map((v) => ({ value: v, label: m.acquisition[v] })) },
        { name: 'property.acquisitionDocument', input: 'text', max: 200 },
        { name: 'property.fundingSource', input: 'choice', options: (m) => Object.values(FundingSource).map((v) => ({ value: v, label: m.funding[v] })) },
        { name: 'property.unitPrice', input: 'number', format: 'baht' },
        { name: 'property.usefulLifeYears', input: 'number', format: 'years' },
        { name: 'property.depreciationRate', input: 'number', format: 'percent' },
      ],
    },
  ],
  [ItemCategory.WEAPON]: [
    {
      legend: 'weapon',
      fields: [
        { name: 'weapon.make', input: 'text', max: 100 },
        { name: 'weapon.model', input: 'text', max: 100 },
        { name: 'weapon.calibre', input: 'text', max: 50 },
        { name: 'weapon.registrationNumber', input: 'text', max: 100 },
      ],
    },
  ],
  [ItemCategory.DONATION]: [
    {
      legend: 'donation',
      fields: [
        { name: 'donation.donorName', input: 'text', required: true, max: 200 },
        { name: 'donation.donorContact', input: 'text', max: 300 },
        { name: 'donation.receivedAt', input: 'date', required: true },
        { name: 'donation.estimatedValue', input: 'number', format: 'baht' },
        { name: 'donation.purpose', input: 'longText', required: true, max: 500 },
        { name: 'donation.receiptNumber', input: 'text', max: 100 },
      ],
    },
  ],
};

/** The measure fields a category's kinds can use (no cash amount for weapons or government property). */
export function measureFieldsOf(category: ItemCategory): ItemField[] {
  return MEASURE_FIELDS.filter((f) => !f.kinds || f.kinds.some((k) => KINDS_BY_CATEGORY[category].includes(k)));
}

/** A stored value as the item page shows it: Thai dates, baht with satang, the Thai names of choices. */
export function displayValue(page: PageContext, f: ItemField, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const m = page.m.items;
  if (f.input === 'date' || f.input === 'dateTime') return thaiShortDateTime(String(value), String(value).length > 10);
  if (f.input === 'choice') return f.options?.(m).find((o) => o.value === value)?.label ?? String(value);
  if (typeof value === 'number') {
    switch (f.format) {
      case 'baht':
        return m.item.baht(value);
      case 'grams':
        return m.item.grams(value);
      case 'years':
        return m.item.years(value);
      case 'percent':
        return m.item.percent(value);
      default:
        return value.toLocaleString('th-TH', { maximumFractionDigits: 3 });
    }
  }
  return String(value);
}
