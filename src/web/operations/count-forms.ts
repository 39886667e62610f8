import { given, givenList, givenNumber } from '../forms.js';

/** The count pages' forms as the API's DTOs read them, and where each refusal is shown. */

/** The start form: scope only when one was chosen, committee members as ticked. */
export function startFromForm(body: Record<string, unknown>) {
  const category = given(body.category);
  const locationId = given(body.locationId);
  const committee = givenList(body.committee);
  return {
    kind: given(body.kind),
    scope: category || locationId ? { category, locationId } : undefined,
    committee: committee.length ? committee : undefined,
    blind: body.blind === '1' ? true : undefined,
    samplePercent: givenNumber(body.samplePercent),
  };
}

export const START_FIELDS = { 'scope.category': 'category', 'scope.locationId': 'locationId', scope: 'category' };
const START_ERRORS: Record<string, string> = {
  SCOPE_NOT_FOR_KIND: 'category',
  LOCATION_NOT_FOUND: 'locationId',
  FULL_COUNT_ONLY: 'samplePercent',
  COMMITTEE_REQUIRED: 'committee',
  COMMITTEE_MEMBER_NOT_FOUND: 'committee',
  COMMITTEE_MEMBER_CANNOT_COUNT: 'committee',
  COMMITTEE_HAS_CLERK: 'committee',
};
const SCAN_ERRORS: Record<string, string> = { NOT_FOUND: 'code', LOCATION_NOT_FOUND: 'locationCode', CONDITION_REQUIRED: 'condition' };
export const CLOSE_FIELDS = { witness: 'signerUsername', 'witness.password': 'signerPassword' };
export const closeErrorField = (code: string) => (code.startsWith('WITNESS_') || code === 'COUNTERSIGNER_COUNTED' ? 'signerUsername' : undefined);
export const startErrorField = (code: string) => START_ERRORS[code];
export const scanErrorField = (code: string) => SCAN_ERRORS[code];
