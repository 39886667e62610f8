import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { NotFoundError } from '../../common/errors.js';
import type { ItemView } from '../../items/items.dto.js';
import { ItemsService } from '../../items/items.service.js';
import { CreateLoanDto } from '../../loans/loans.dto.js';
import { normaliseCode } from '../../loans/loans.service.js';
import { type FieldErrors, given, givenNumber, readThaiDateTime, validateForm } from '../forms.js';
import type { PageContext } from '../page-context.js';

/** What the request form holds, as typed (shown again with the errors). */
export interface RequestValues {
  codes: string;
  purposeType: string;
  purpose: string;
  offPremises: string;
  dueDate: string;
  dueTime: string;
}

/** A code of the form resolved to its item, with the quantity asked for (absent: the whole item). */
export interface RequestedLine {
  item: ItemView;
  quantity?: number;
}

export interface ReadRequest {
  dto: CreateLoanDto | null;
  errors: FieldErrors;
  lines: RequestedLine[];
}

/** As many lines as CreateLoanDto accepts. */
const MAX_LINES = 50;
/** "CODE", "CODE 50", "CODE x 50": the code, then optionally how much. */
const LINE = /^(\S+)(?:\s+(?:[x×*]\s*)?(\S+))?$/i;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Reads the request form: the codes box (one code a line, as a scanner types them), the due date in
 * the Buddhist era and a time; resolves each code to an item of the user's station and validates the
 * rest with the API's own CreateLoanDto, so the page accepts exactly what the API accepts.
 */
@Injectable()
export class LoanRequestForm {
  constructor(@Inject(ItemsService) private readonly items: ItemsService) {}

  values(body: Record<string, unknown>, defaults: Partial<RequestValues> = {}): RequestValues {
    return {
      codes: text(body.codes) || (defaults.codes ?? ''),
      purposeType: text(body.purposeType),
      purpose: text(body.purpose),
      offPremises: text(body.offPremises),
      dueDate: text(body.dueDate),
      dueTime: text(body.dueTime) || (defaults.dueTime ?? ''),
    };
  }

  /** The code of `?code=` or `?itemId=` for a form opened from an item: the item must be of this station. */
  async prefill(page: PageContext, query: Record<string, unknown>): Promise<{ code: string; error?: string }> {
    const code = given(query.code);
    const itemId = given(query.itemId);
    try {
      if (code) return { code: (await this.items.byCode(page.ctx, code)).code };
      if (itemId && isUUID(itemId)) return { code: (await this.items.get(page.ctx, itemId)).code };
      if (itemId) return { code: '', error: page.m.loans.request.itemNotFound };
    } catch (err) {
      if (err instanceof NotFoundError) return { code: code ?? '', error: page.m.loans.request.itemNotFound };
      throw err;
    }
    return { code: '' };
  }

  /** The codes box alone (the "check" button, and the first step of a submit). */
  async readCodes(page: PageContext, codesText: string): Promise<{ lines: RequestedLine[]; error?: string }> {
    const m = page.m.loans.request;
    const rows = codesText.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (!rows.length) return { lines: [], error: m.codesRequired };
    if (rows.length > MAX_LINES) return { lines: [], error: m.tooMany(MAX_LINES) };
    const bad: number[] = [];
    const parsed: { code: string; quantity?: number | string }[] = [];
    rows.forEach((row, i) => {
      const match = LINE.exec(row);
      if (!match) bad.push(i + 1);
      else parsed.push({ code: normaliseCode(match[1]), quantity: givenNumber(match[2]) });
    });
    if (bad.length) return { lines: [], error: m.badLines(bad) };
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const p of parsed) {
      if (seen.has(p.code)) twice.add(p.code);
      seen.add(p.code);
    }
    if (twice.size) return { lines: [], error: m.duplicateCodes([...twice]) };

    const found = await Promise.all(parsed.map((p) => this.items.byCode(page.ctx, p.code).catch((err: unknown) => (err instanceof NotFoundError ? null : Promise.reject(err)))));
    const unknown = parsed.filter((_, i) => !found[i]).map((p) => p.code);
    if (unknown.length) return { lines: [], error: m.unknownCodes(unknown) };
    const lines = parsed.map((p, i) => ({ item: found[i]!, quantity: typeof p.quantity === 'number' ? p.quantity : undefined }));
    const notNumbers = parsed.filter((p) => typeof p.quantity === 'string').map((p) => m.quantityInvalid(p.code));
    return { lines, error: notNumbers.length ? notNumbers.join(' · ') : undefined };
  }

  async read(page: PageContext, values: RequestValues): Promise<ReadRequest> {
    const m = page.m.loans.request;
    const errors: FieldErrors = {};
    const codes = await this.readCodes(page, values.codes);
    if (codes.error) errors.codes = codes.error;
    const due = this.dueAt(page, values);
    Object.assign(errors, due.errors);
    const plain = {
      items: codes.lines.map((l) => ({ itemId: l.item.id, quantity: l.quantity })),
      purposeType: given(values.purposeType),
      purpose: given(values.purpose),
      offPremises: values.offPremises === 'true' ? true : values.offPremises === 'false' ? false : undefined,
      dueAt: due.dueAt,
    };
    const checked = await validateForm(CreateLoanDto, plain, page.m);
    for (const [key, message] of Object.entries(checked.errors ?? {})) {
      const quantityOf = /^items\.(\d+)\.quantity$/.exec(key);
      if (key.startsWith('items')) errors.codes ??= quantityOf ? m.quantityInvalid(codes.lines[Number(quantityOf[1])].item.code) : message;
      else if (key === 'offPremises') errors.offPremises ??= m.placeRequired;
      else if (key === 'dueAt') errors.dueDate ??= message;
      else errors[key] ??= message;
    }
    return { dto: Object.keys(errors).length ? null : checked.dto, errors, lines: codes.lines };
  }

  /** วว/ดด/ปปปป and ชม.:นาที, Bangkok time (the station's clock), as the DTO's ISO date-time with offset; both are required. */
  private dueAt(page: PageContext, values: RequestValues): { dueAt?: string; errors: FieldErrors } {
    const read = readThaiDateTime(values.dueDate, values.dueTime, page.m);
    const errors: FieldErrors = {};
    if (read.dateError ?? !given(values.dueDate)) errors.dueDate = read.dateError ?? page.m.errors.fieldRequired;
    if (read.timeError ?? !given(values.dueTime)) errors.dueTime = read.timeError ?? page.m.errors.fieldRequired;
    return Object.keys(errors).length ? { errors } : { dueAt: read.iso, errors };
  }
}

/** Where a refusal of LoansService.request belongs on the form: due-time rules by the date, every other (item) rule by the codes. */
export function requestErrorField(code: string): string {
  return code.startsWith('DUE_') ? 'dueDate' : 'codes';
}
