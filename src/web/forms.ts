import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DomainError } from '../common/errors.js';
import { type Html, html } from './html.js';
import type { Messages } from './messages/th.js';

/** Field name → the Thai message shown next to it; `_form` for what belongs to no one field. */
export type FieldErrors = Record<string, string>;

export const FORM_ERROR = '_form';

/** What a class-validator constraint means to a clerk, in Thai. */
function constraintTh(m: Messages, name: string, error: ValidationError): string {
  switch (name) {
    case 'isNotEmpty':
    case 'minLength':
    case 'isDefined':
      return m.errors.fieldRequired;
    case 'maxLength': {
      const max = /(\d+)/.exec(error.constraints?.maxLength ?? '')?.[1];
      return m.errors.fieldTooLong(Number(max ?? 0));
    }
    case 'isNumber':
    case 'isDecimal':
    case 'isInt':
    case 'min':
    case 'max':
      return m.errors.numberInvalid;
    case 'isIso8601':
    case 'isDateString':
      return m.errors.dateInvalid;
    default:
      return m.errors.fieldInvalid;
  }
}

function flatten(m: Messages, errors: ValidationError[], prefix: string, out: FieldErrors): void {
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const first = Object.keys(e.constraints ?? {})[0];
    if (first && !out[path]) out[path] = e.value === undefined || e.value === '' ? m.errors.fieldRequired : constraintTh(m, first, e);
    if (e.children?.length) flatten(m, e.children, path, out);
  }
}

/**
 * Validates a form's values with the API's own DTO class, so a page accepts exactly what the API
 * accepts; answers the DTO, or the Thai message of each field in error.
 */
export async function validateForm<T extends object>(cls: new () => T, plain: object, m: Messages): Promise<{ dto: T; errors: null } | { dto: null; errors: FieldErrors }> {
  const dto = plainToInstance(cls, plain);
  const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (!problems.length) return { dto, errors: null };
  const errors: FieldErrors = {};
  flatten(m, problems, '', errors);
  return { dto: null, errors };
}

/** A refusal of the services, shown on the form: next to its field when the error names one. */
export function domainErrorOnForm(err: unknown, fieldOf: (code: string) => string | undefined = () => undefined): FieldErrors {
  if (!(err instanceof DomainError) || err.status >= 500) throw err;
  return { [fieldOf(err.code) ?? FORM_ERROR]: err.messageTh };
}

/**
 * A refusal that names the fields it missed (`details.missing`, as EVENT_FIELDS_MISSING and
 * BLIND_CHECK_REQUIRED do) as "required" next to each of them; null for any other error.
 */
export function missingFieldsOnForm(err: unknown, m: Messages, formName: (field: string) => string = (f) => f): FieldErrors | null {
  const missing = err instanceof DomainError ? (err.details as { missing?: unknown } | undefined)?.missing : undefined;
  if (!Array.isArray(missing) || !missing.length) return null;
  return Object.fromEntries(missing.map((f) => [formName(String(f)), m.errors.fieldRequired]));
}

/** Text as typed in a form: trimmed, and absent when empty (the DTOs treat absent as "not given"). */
export function given(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return v === '' ? undefined : v;
}

/** A number typed in a form ("1,250.50"), or the text itself when it is not one (validation says so). */
export function givenNumber(value: unknown): number | string | undefined {
  const v = given(value);
  if (v === undefined) return undefined;
  const n = Number(v.replace(/,/g, ''));
  return Number.isFinite(n) ? n : v;
}

const THAI_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A Buddhist-era date typed as วว/ดด/ปปปป ("25/11/2569") → ISO "2026-11-25"; anything else is handed on
 * as typed, so the DTO's date validation names the field.
 */
export function givenThaiDate(value: unknown): string | undefined {
  const v = given(value);
  if (v === undefined) return undefined;
  const match = THAI_DATE.exec(v);
  if (!match) return v;
  const [day, month, yearBe] = match.slice(1).map(Number);
  const iso = `${yearBe - 543}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  return check.getUTCDate() === day && check.getUTCMonth() + 1 === month ? iso : v;
}

/** Buddhist-era years a register can hold; 2026 typed as a year is the Christian era (it would be 1483). */
const BE_YEARS = { min: 2400, max: 2700 };
/** "14:30" or "14.30" (the Thai way of writing a time). */
const TIME = /^(\d{1,2})[:.](\d{2})$/;

/**
 * A date field typed วว/ดด/ปปปป in the Buddhist era → ISO, or the Thai reason it is not one (an ISO
 * date typed with a Buddhist year, "2569-11-25", would otherwise pass as a date five centuries ahead).
 * Empty → neither.
 */
export function readThaiDate(value: unknown, m: Messages): { iso?: string; error?: string } {
  const typed = given(value);
  if (typed === undefined) return {};
  const match = THAI_DATE.exec(typed);
  if (!match) return { error: m.errors.dateInvalid };
  const year = Number(match[3]);
  if (year < BE_YEARS.min || year > BE_YEARS.max) return { error: m.errors.yearNotBe };
  const iso = givenThaiDate(typed)!;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? { iso } : { error: m.errors.dateInvalid };
}

/**
 * A date (วว/ดด/ปปปป) and a time (ชม.:นาที) as one moment in Thai time, ISO with its offset; each
 * field's own error, and a time without its date is an error of the date.
 */
export function readThaiDateTime(dateValue: unknown, timeValue: unknown, m: Messages): { iso?: string; dateError?: string; timeError?: string } {
  const date = readThaiDate(dateValue, m);
  const time = given(timeValue);
  const t = time ? TIME.exec(time) : null;
  const timeError = time && (!t || Number(t[1]) > 23 || Number(t[2]) > 59) ? m.errors.timeInvalid : undefined;
  const dateError = date.error ?? (time && !date.iso ? m.errors.dateForTime : undefined);
  if (dateError || timeError) return { dateError, timeError };
  if (!date.iso) return {};
  return { iso: t ? `${date.iso}T${t[1].padStart(2, '0')}:${t[2]}:00+07:00` : date.iso };
}

/** ISO "2026-11-25" (or a date-time) → "25/11/2569" for a form's value. */
export function thaiDateValue(iso: string | null | undefined): string {
  if (!iso) return '';
  const bangkok = new Date(new Date(iso.length === 10 ? `${iso}T00:00:00+07:00` : iso).getTime() + 7 * 3600_000);
  return `${String(bangkok.getUTCDate()).padStart(2, '0')}/${String(bangkok.getUTCMonth() + 1).padStart(2, '0')}/${bangkok.getUTCFullYear() + 543}`;
}

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export interface FieldSpec {
  name: string;
  label: string;
  value?: string | number | null;
  errors?: FieldErrors | null;
  type?: 'text' | 'password' | 'number' | 'search';
  required?: boolean;
  autofocus?: boolean;
  hint?: string;
  /** Thai Buddhist-era date: placeholder วว/ดด/ปปปป and the pattern for it. */
  thaiDate?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'text';
  maxlength?: number;
}

/** A labelled input with its error next to it (aria-invalid and aria-describedby for screen readers). */
export function field(spec: FieldSpec): Html {
  const id = fieldId(spec.name);
  const error = spec.errors?.[spec.name];
  const hint = spec.thaiDate ? 'วว/ดด/ปปปป (พ.ศ.)' : spec.hint;
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${spec.label}${spec.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
  <input id="${id}" name="${spec.name}" type="${spec.type ?? 'text'}" value="${spec.value ?? ''}"${spec.required ? html` required` : ''}${spec.autofocus ? html` autofocus` : ''}${
    spec.thaiDate ? html` placeholder="วว/ดด/ปปปป" pattern="\\d{1,2}/\\d{1,2}/\\d{4}" inputmode="numeric"` : ''
  }${spec.inputmode ? html` inputmode="${spec.inputmode}"` : ''}${spec.autocomplete ? html` autocomplete="${spec.autocomplete}"` : ''}${spec.maxlength ? html` maxlength="${spec.maxlength}"` : ''}${
    error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''
  }>
  ${hint ? html`<small class="hint">${hint}</small>` : ''}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

export interface SelectSpec {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string | null;
  errors?: FieldErrors | null;
  required?: boolean;
  /** The first, empty choice ("— เลือก —"); absent when a value is required and has a default. */
  empty?: string;
}

export function select(spec: SelectSpec): Html {
  const id = fieldId(spec.name);
  const error = spec.errors?.[spec.name];
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${spec.label}${spec.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
  <select id="${id}" name="${spec.name}"${spec.required ? html` required` : ''}${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
    ${spec.empty !== undefined ? html`<option value="">${spec.empty}</option>` : ''}
    ${spec.options.map((o) => html`<option value="${o.value}"${o.value === spec.value ? html` selected` : ''}>${o.label}</option>`)}
  </select>
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

/** The message of the whole form (not of one field), if any. */
export function formError(errors: FieldErrors | null | undefined): Html {
  const text = errors?.[FORM_ERROR];
  return text ? html`<p class="form-error" role="alert">${text}</p>` : html``;
}

/** Values of a form field that may repeat (check boxes): none, one or many. */
export function givenList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(given).filter((v): v is string => v !== undefined);
}

/**
 * A username and password typed by a second person in the same form (a witness, a countersigner), named
 * with a prefix so two such forms can share a page.
 */
export function credentialsFields(
  prefix: string,
  text: { legend: string; hint: string; username: string; password: string },
  errors: FieldErrors | null | undefined,
  values: Record<string, unknown>,
  focus?: string,
): Html {
  const user = `${prefix}Username`;
  const pass = `${prefix}Password`;
  const input = (name: string, label: string, type: string, value: string, autocomplete: string) => {
    const id = fieldId(name);
    const error = errors?.[name];
    return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${label}</label>
  <input id="${id}" name="${name}" type="${type}" value="${value}" autocomplete="${autocomplete}"${focus === name ? html` autofocus` : ''}${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
  };
  return html`<fieldset class="witness">
  <legend>${text.legend}</legend>
  <p class="hint">${text.hint}</p>
  <div class="form-grid">
    ${input(user, text.username, 'text', String(values[user] ?? ''), 'off')}
    ${input(pass, text.password, 'password', '', 'new-password')}
  </div>
</fieldset>`;
}

/** `{username, password}` from credentialsFields, or undefined when nothing was typed. */
export function credentialsOf(body: Record<string, unknown>, prefix: string): { username: string; password: string } | undefined {
  const username = given(body[`${prefix}Username`]);
  const raw = body[`${prefix}Password`];
  const password = typeof raw === 'string' ? raw : '';
  return username || password ? { username: username ?? '', password } : undefined;
}

/** The witness's username and password, asked in the same form for HIGH items (DESIGN §3). */
export function witnessFields(m: Messages, errors: FieldErrors | null | undefined, values: Record<string, unknown> = {}): Html {
  const c = m.common;
  return credentialsFields('witness', { legend: c.witness, hint: c.witnessHint, username: c.witnessUsername, password: c.witnessPassword }, errors, values);
}

/** `{username, password}` from the witness fields, or undefined when none was typed. */
export function witnessOf(body: Record<string, unknown>): { username: string; password: string } | undefined {
  return credentialsOf(body, 'witness');
}
