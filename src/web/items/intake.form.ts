import type { ItemCategory } from '../../items/item.enums.js';
import { DETAILS_FIELD } from '../../items/items.dto.js';
import { type FieldErrors, FORM_ERROR, given, givenNumber, readThaiDate, readThaiDateTime, witnessOf } from '../forms.js';
import type { Messages } from '../messages/th.js';
import { CONDITION_FIELD, DETAIL_GROUPS, type ItemField, measureFieldsOf } from './item-fields.js';

/** The name of the time input that goes with a date-time field. */
export const timeName = (name: string) => `${name}Time`;

/** Every field name the intake form of a category shows (where an error can be put next to its field). */
export function formFieldNames(category: ItemCategory): Set<string> {
  const names = ['kind', 'description', 'locationId', CONDITION_FIELD.name, 'witnessUsername', 'witnessPassword', ...measureFieldsOf(category).map((f) => f.name)];
  for (const group of DETAIL_GROUPS[category]) {
    for (const f of group.fields) names.push(f.name, ...(f.input === 'dateTime' ? [timeName(f.name)] : []));
  }
  return new Set(names);
}

/**
 * The intake form's values as CreateItemDto wants them (Buddhist-era dates → ISO, Bangkok time for a
 * date and time), with the errors only the form can see: a time that is no time, a time without its date.
 */
export function intakeFromForm(category: ItemCategory, body: Record<string, unknown>, m: Messages): { plain: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const thaiDate = (name: string): string | undefined => {
    const read = readThaiDate(body[name], m);
    if (read.error) errors[name] = read.error;
    return read.iso;
  };
  const dateTime = (name: string): string | undefined => {
    const read = readThaiDateTime(body[name], body[timeName(name)], m);
    if (read.dateError) errors[name] = read.dateError;
    if (read.timeError) errors[timeName(name)] = read.timeError;
    return read.iso;
  };
  const valueOf = (f: ItemField): unknown => {
    switch (f.input) {
      case 'number':
        return givenNumber(body[f.name]);
      case 'date':
        return thaiDate(f.name);
      case 'dateTime':
        return dateTime(f.name);
      default:
        return given(body[f.name]);
    }
  };
  const plain: Record<string, unknown> = {
    category,
    kind: given(body.kind),
    description: given(body.description),
    locationId: given(body.locationId),
    condition: given(body.condition),
    witness: witnessOf(body),
  };
  for (const f of measureFieldsOf(category)) plain[f.name] = valueOf(f);
  const block: Record<string, unknown> = {};
  for (const group of DETAIL_GROUPS[category]) {
    for (const f of group.fields) block[f.name.slice(f.name.indexOf('.') + 1)] = valueOf(f);
  }
  // Evidence and donations must carry their block (the DTO then names its missing fields); the others only when filled in.
  if (Object.values(block).some((v) => v !== undefined) || DETAIL_GROUPS[category].some((g) => g.fields.some((f) => f.required))) {
    plain[DETAILS_FIELD[category]] = block;
  }
  return { plain, errors };
}

/** The DTO's paths that are not the form's own names. */
const FORM_NAME: Record<string, string> = { 'witness.username': 'witnessUsername', 'witness.password': 'witnessPassword' };

/**
 * The DTO's validation errors next to the fields of this form; one that belongs to no field shown
 * (a tampered category) is the form's own message.
 */
export function errorsOnForm(category: ItemCategory, errors: FieldErrors, m: Messages): FieldErrors {
  const shown = formFieldNames(category);
  const out: FieldErrors = {};
  for (const [path, text] of Object.entries(errors)) {
    const name = FORM_NAME[path] ?? path;
    if (shown.has(name)) out[name] ??= text;
    else if (path !== FORM_ERROR) out[FORM_ERROR] ??= m.items.fields[name] ? `${m.items.fields[name]}: ${text}` : m.errors.fieldInvalid;
    else out[FORM_ERROR] ??= text;
  }
  return out;
}

/** The field a refusal of ItemsService.register belongs next to (its error codes). */
export function fieldOfRegisterError(category: ItemCategory): (code: string) => string | undefined {
  const fields: Record<string, string> = {
    WITNESS_REQUIRED: 'witnessUsername',
    WITNESS_INVALID: 'witnessUsername',
    WITNESS_IS_ACTOR: 'witnessUsername',
    WITNESS_LOCKED: 'witnessUsername',
    LOCATION_NOT_FOUND: 'locationId',
    LOCATION_NOT_SECURE: 'locationId',
    KIND_NOT_IN_CATEGORY: 'kind',
    SERIAL_TAKEN: 'serialNumber',
    SERIAL_REQUIRED: 'serialNumber',
    WEIGHT_REQUIRED: 'weightGrams',
    NET_OVER_GROSS: 'netWeightGrams',
    AMOUNT_REQUIRED: 'amount',
  };
  const shown = formFieldNames(category);
  return (code) => (fields[code] && shown.has(fields[code]) ? fields[code] : undefined);
}
