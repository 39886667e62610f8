import { renderSarabunPdf } from '../../labels/sarabun-pdf.js';
import type { StationRules } from '../station-rules.js';
import { auditCount, dailyArmsCount } from './count-forms.js';
import { FormKit, type Node, type Orientation } from './form-kit.js';
import { donationReceipt, evidenceIntake } from './intake-forms.js';
import { borrowRequest, returnReceipt } from './loan-forms.js';

/** The blank forms a station prints and publishes for O23 (DOMAIN-TH §7): filled in by hand, kept on paper. */
export enum BlankForm {
  BORROW_REQUEST = 'borrow-request',
  RETURN_RECEIPT = 'return-receipt',
  DAILY_ARMS_COUNT = 'daily-arms-count',
  AUDIT_COUNT = 'audit-count',
  EVIDENCE_INTAKE = 'evidence-intake',
  DONATION_RECEIPT = 'donation-receipt',
}

/** Each form's Thai title: the heading of the form, its footer and its PDF title. */
export const BLANK_FORM_TH: Record<BlankForm, string> = {
  [BlankForm.BORROW_REQUEST]: 'แบบคำขอยืมทรัพย์สินของราชการ',
  [BlankForm.RETURN_RECEIPT]: 'ใบรับคืนทรัพย์สินของราชการ',
  [BlankForm.DAILY_ARMS_COUNT]: 'บัญชีตรวจนับอาวุธประจำวัน',
  [BlankForm.AUDIT_COUNT]: 'ใบตรวจนับทรัพย์สิน',
  [BlankForm.EVIDENCE_INTAKE]: 'บันทึกรับของกลาง',
  [BlankForm.DONATION_RECEIPT]: 'ใบรับของบริจาค',
};

/** The two count sheets are landscape: their tables have more columns than a portrait page holds. */
const FORMS: Record<BlankForm, { orientation: Orientation; body: (k: FormKit) => Node[] }> = {
  [BlankForm.BORROW_REQUEST]: { orientation: 'portrait', body: borrowRequest },
  [BlankForm.RETURN_RECEIPT]: { orientation: 'portrait', body: returnReceipt },
  [BlankForm.DAILY_ARMS_COUNT]: { orientation: 'landscape', body: dailyArmsCount },
  [BlankForm.AUDIT_COUNT]: { orientation: 'landscape', body: auditCount },
  [BlankForm.EVIDENCE_INTAKE]: { orientation: 'portrait', body: evidenceIntake },
  [BlankForm.DONATION_RECEIPT]: { orientation: 'portrait', body: donationReceipt },
};

/**
 * One blank form as PDF, every rule on it generated from the station's rules, so that what a station
 * prints for its clerks is what its server enforces (and a changed setting reprints the form). Dated
 * `rules.effectiveAt`: the same rules give byte-identical files, which a published copy can be checked
 * against. The form carries no personal data; not even the commander who signs the announcement.
 */
export function renderBlankForm(form: BlankForm, rules: StationRules): Promise<Buffer> {
  const { orientation, body } = FORMS[form];
  const kit = new FormKit(rules, BLANK_FORM_TH[form], orientation);
  return renderSarabunPdf(kit.document(body(kit)));
}
