import { DomainError } from '../../common/errors.js';
import { ItemKind, RiskClass } from '../../items/item.enums.js';
import type { LoanLineView } from '../../loans/loans.repository.js';
import { normaliseCode } from '../../loans/loans.service.js';
import { FORM_ERROR, type FieldErrors, given, givenNumber, witnessOf } from '../forms.js';
import type { Messages } from '../messages/th.js';

/**
 * The counter's issue and return forms: one row per loan line, its fields named `items.<row>.<field>`
 * so the API DTO's own error paths (`items.0.weightGrams`) land next to the field they name.
 */
export const rowField = (row: number, name: string) => `items.${row}.${name}`;

/** The blind measures the record holds for a HIGH item (never their values): the fields its row asks for. */
export interface BlindAsked {
  sealNumber: boolean;
  weightGrams: boolean;
  amount: boolean;
}
export const ALL_BLIND: BlindAsked = { sealNumber: true, weightGrams: true, amount: true };

/** Bulk lines (ammunition, tablets, cash) can come back in part: their row asks how much. */
export const asksQuantity = (line: LoanLineView) => line.quantity !== 1 || line.kind === ItemKind.AMMUNITION;
export const asksSpent = (line: LoanLineView) => line.kind === ItemKind.AMMUNITION;

/** The lines a return form lists: those still out. */
export const outLines = (lines: LoanLineView[]) => lines.filter((l) => l.open);

export interface ScanForm {
  /** The DTO's plain shape, before validation. */
  plain: { items: Record<string, unknown>[]; witness?: { username: string; password: string } };
  /** The form row of each DTO item (a return skips rows left empty). */
  rowOf: number[];
  /** What the page itself found wrong with the rows. */
  errors: FieldErrors;
}

function blindOf(body: Record<string, unknown>, row: number) {
  return {
    sealNumber: given(body[rowField(row, 'sealNumber')]),
    weightGrams: givenNumber(body[rowField(row, 'weightGrams')]),
    amount: givenNumber(body[rowField(row, 'amount')]),
  };
}

/** A row's code must be the code of its own line: blind values typed in that row belong to that item. */
function checkCode(m: Messages, line: LoanLineView, row: number, code: string | undefined, errors: FieldErrors): void {
  if (!code) errors[rowField(row, 'code')] = m.loans.scan.missing;
  else if (normaliseCode(code) !== line.code) errors[rowField(row, 'code')] = m.loans.scan.wrongRow(line.code);
}

/** Issue: every line of the loan scanned, in its own row. */
export function readIssueForm(m: Messages, lines: LoanLineView[], body: Record<string, unknown>): ScanForm {
  const errors: FieldErrors = {};
  const items = lines.map((line, row) => {
    const code = given(body[rowField(row, 'code')]);
    checkCode(m, line, row, code, errors);
    return { code: code ?? '', ...blindOf(body, row) };
  });
  return { plain: { items, witness: witnessOf(body) }, rowOf: lines.map((_, row) => row), errors };
}

/** Return: the rows whose code was scanned, each with how much, in what condition, and what was spent. */
export function readReturnForm(m: Messages, lines: LoanLineView[], body: Record<string, unknown>): ScanForm {
  const errors: FieldErrors = {};
  const items: Record<string, unknown>[] = [];
  const rowOf: number[] = [];
  lines.forEach((line, row) => {
    const code = given(body[rowField(row, 'code')]);
    if (!code) return;
    checkCode(m, line, row, code, errors);
    items.push({
      code,
      quantity: givenNumber(body[rowField(row, 'quantity')]),
      spentQuantity: givenNumber(body[rowField(row, 'spentQuantity')]),
      spentReason: given(body[rowField(row, 'spentReason')]),
      condition: given(body[rowField(row, 'condition')]),
      note: given(body[rowField(row, 'note')]),
      ...blindOf(body, row),
    });
    rowOf.push(row);
  });
  if (!items.length) errors[FORM_ERROR] = m.loans.giveBack.nothingScanned;
  return { plain: { items, witness: witnessOf(body) }, rowOf, errors };
}

/** The DTO's error paths (`items.<dto index>.x`, `witness.username`) as the form's field names. */
export function dtoErrorsOnRows(errors: FieldErrors, rowOf: number[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const item = /^items\.(\d+)\.(\w+)$/.exec(key);
    const name = item ? rowField(rowOf[Number(item[1])], item[2]) : key.startsWith('witness') ? (key === 'witness.password' ? 'witnessPassword' : 'witnessUsername') : FORM_ERROR;
    out[name] ??= message;
  }
  return out;
}

const WITNESS_CODES = ['WITNESS_REQUIRED', 'WITNESS_INVALID', 'WITNESS_IS_ACTOR', 'WITNESS_LOCKED'];
const ROW_FIELD_OF: Record<string, string> = {
  SPENT_REASON_REQUIRED: 'spentReason',
  SPENT_NOT_AMMUNITION: 'spentQuantity',
  NOTHING_RETURNED: 'quantity',
  RETURN_EXCEEDS_OUTSTANDING: 'quantity',
};

/**
 * A refusal of issue or return, next to the field it is about: the witness's, or the row of the item it
 * names (details.code). The blind check's message names English fields, so each missing field gets
 * the page's own Thai words instead. Not found (another station's loan) is the 404 page, not a form error.
 */
export function scanErrorOnForm(err: unknown, m: Messages, lines: LoanLineView[], has: (row: number, name: string) => boolean): FieldErrors {
  if (!(err instanceof DomainError) || err.status >= 500 || err.status === 404) throw err;
  if (WITNESS_CODES.includes(err.code)) return { witnessUsername: err.messageTh };
  const details = (err.details ?? {}) as { code?: string; missing?: string[] };
  const row = details.code ? lines.findIndex((l) => l.code === normaliseCode(details.code!)) : -1;
  if (row < 0) return { [FORM_ERROR]: err.messageTh };
  if (err.code === 'BLIND_CHECK_REQUIRED' && details.missing?.every((f) => has(row, f))) {
    return Object.fromEntries(details.missing.map((f) => [rowField(row, f), m.loans.scan.blindRequired]));
  }
  const name = ROW_FIELD_OF[err.code];
  return { [name && has(row, name) ? rowField(row, name) : rowField(row, 'code')]: err.messageTh };
}

/** Whether a line's row shows the blind fields: HIGH items on every exit and return (DESIGN §3 rule 4). */
export const asksBlind = (line: LoanLineView) => line.riskClass === RiskClass.HIGH;

/** Whether a row of the form shows a field: what scanErrorOnForm may put an error next to. */
export function rowHas(form: 'issue' | 'return', lines: LoanLineView[], blind: Map<string, BlindAsked>) {
  return (row: number, name: string): boolean => {
    const line = lines[row];
    if (!line) return false;
    switch (name) {
      case 'code':
        return true;
      case 'sealNumber':
      case 'weightGrams':
      case 'amount':
        return asksBlind(line) && (blind.get(line.itemId) ?? ALL_BLIND)[name];
      case 'condition':
      case 'note':
        return form === 'return';
      case 'quantity':
        return form === 'return' && asksQuantity(line);
      case 'spentQuantity':
      case 'spentReason':
        return form === 'return' && asksSpent(line);
      default:
        return false;
    }
  };
}
