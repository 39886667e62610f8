import { ShiftStatus } from '../../shifts/shift.entity.js';
import type { ShiftView } from '../../shifts/shifts.repository.js';
import { credentialsOf, given, givenNumber } from '../forms.js';
import type { Flash } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { personName } from '../parts.js';

/** The shift page's forms as the API's DTOs read them, and where each refusal is shown. */

export function issueFromForm(body: Record<string, unknown>) {
  return { officerId: given(body.officerId), officerCode: given(body.officerCode), code: given(body.issueCode), quantity: givenNumber(body.issueQuantity), witness: credentialsOf(body, 'issueWitness') };
}

export function returnFromForm(body: Record<string, unknown>) {
  return {
    code: given(body.returnCode),
    quantity: givenNumber(body.returnQuantity),
    spentQuantity: givenNumber(body.spentQuantity),
    spentReason: given(body.spentReason),
    condition: given(body.condition),
    note: given(body.note),
    witness: credentialsOf(body, 'returnWitness'),
  };
}

/** Form field of each DTO property, and of each refusal of the service that names one. */
export const ISSUE_FIELDS = { officerId: 'officerId', officerCode: 'officerCode', code: 'issueCode', quantity: 'issueQuantity', witness: 'issueWitnessUsername', 'witness.password': 'issueWitnessPassword' };
const ISSUE_ERRORS: Record<string, string> = {
  OFFICER_REQUIRED: 'officerCode',
  OFFICER_NOT_FOUND: 'officerCode',
  ISSUER_IS_HOLDER: 'officerCode',
  NOT_FOUND: 'issueCode',
  NOT_A_WEAPON: 'issueCode',
  ITEM_ON_OPEN_LOAN: 'issueCode',
  ITEM_NOT_IN_STORAGE: 'issueCode',
  ITEM_CLOSED: 'issueCode',
  ITEM_ON_OPEN_DISPOSAL: 'issueCode',
  QUANTITY_EXCEEDS_ITEM: 'issueQuantity',
};
export const RETURN_FIELDS = { code: 'returnCode', quantity: 'returnQuantity', witness: 'returnWitnessUsername', 'witness.password': 'returnWitnessPassword' };
const RETURN_ERRORS: Record<string, string> = {
  NOT_FOUND: 'returnCode',
  NOT_OUT_ON_SHIFT: 'returnCode',
  SPENT_NOT_AMMUNITION: 'spentQuantity',
  SPENT_REASON_REQUIRED: 'spentReason',
  NOTHING_RETURNED: 'returnQuantity',
  RETURN_EXCEEDS_OUTSTANDING: 'returnQuantity',
};
const witnessField = (prefix: string) => (code: string) => (code.startsWith('WITNESS_') ? `${prefix}Username` : undefined);
export const issueErrorField = (code: string) => ISSUE_ERRORS[code] ?? witnessField('issueWitness')(code);
export const returnErrorField = (code: string) => RETURN_ERRORS[code] ?? witnessField('returnWitness')(code);

const count = (value: unknown) => (typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : 0);

/** The message after a post, from the address it redirected to, checked against the book. */
export function shiftFlash(page: PageContext, shift: ShiftView, query: Record<string, unknown>): Flash | null {
  const m = page.m.operations.shifts.done;
  const code = typeof query.code === 'string' ? query.code : '';
  // The flash names what the book itself shows for that code, never text from the address alone.
  const line = shift.issues.filter((l) => l.code === code).at(-1);
  switch (query.done) {
    case 'opened':
      return { kind: 'ok', text: m.opened };
    case 'issued':
      return line ? { kind: 'ok', text: m.issued(line.code, personName(line.officer)) } : null;
    case 'returned': {
      if (!line) return null;
      const incidents = count(query.incidents);
      return incidents ? { kind: 'error', text: m.returnedWithIncidents(line.code, incidents) } : { kind: 'ok', text: m.returned(line.code) };
    }
    case 'closed': {
      if (shift.status !== ShiftStatus.CLOSED) return null;
      const incidents = count(query.incidents);
      return { kind: 'ok', text: incidents ? m.closedWithIncidents(incidents) : m.closed };
    }
    default:
      return null;
  }
}
