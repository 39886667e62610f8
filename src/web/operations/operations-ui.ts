import { CONDITION_TH, type ItemCondition, type ItemStatus, STATUS_TH } from '../../items/item.enums.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { FORM_ERROR, type FieldErrors } from '../forms.js';
import { type Html, html } from '../html.js';

/** Pieces only the operations pages use: their stylesheet, error renaming, Thai labels in service text, short times. */

/** The stylesheet of these pages (the layout links only the shared one; a stylesheet link is allowed in the body). */
export function operationsStyles(): Html {
  return html`<link rel="stylesheet" href="/assets/operations.css">`;
}

/** Validation errors keyed by the DTO's property paths, moved to the names the form's fields carry. */
export function renameErrors(errors: FieldErrors, names: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, text] of Object.entries(errors)) {
    const target = names[key] ?? (key.includes('.') ? names[key.split('.')[0]] : undefined) ?? (key === FORM_ERROR ? FORM_ERROR : key);
    if (!out[target]) out[target] = text;
  }
  return out;
}

/**
 * Free text written by the services with enum names in it ("ทะเบียน GOOD พบ DAMAGED"), shown with the
 * Thai labels of those names instead.
 */
const LABELS: Record<string, string> = { ...CONDITION_TH, ...STATUS_TH } as Record<ItemCondition | ItemStatus, string>;
const CODE_WORDS = new RegExp(`\\b(${Object.keys(LABELS).join('|')})\\b`, 'g');
export function withThaiLabels(text: string | null | undefined): string {
  return (text ?? '').replace(CODE_WORDS, (word) => LABELS[word] ?? word);
}

const bangkokDay = (at: Date | string) => new Date(new Date(at).getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/** "08.55 น." when the moment falls on the reference's Thai day (a shift, a day's count), else the date too. */
export function shortWhen(at: string, reference: Date | string): string {
  const full = thaiShortDateTime(at);
  return bangkokDay(at) === bangkokDay(reference) ? full.slice(full.lastIndexOf(' ', full.length - 4) + 1) : full;
}
