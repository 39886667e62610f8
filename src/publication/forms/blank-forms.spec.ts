import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { barePdfText, bareThai, inkShare, overlappingWords, pagesOf, requireTool, run, words, wordsOutside } from '../../../test/helpers/pdf-tools.js';
import { CONDITION_TH, ItemCategory, ItemCondition, KIND_TH, ItemKind, RiskClass } from '../../items/item.enums.js';
import { PURPOSE_TH, RETURN_CONDITIONS } from '../../loans/loan.enums.js';
import type { StationSettings } from '../../stations/station-settings.js';
import { approversTh, stationRules, type StationRules } from '../station-rules.js';
import {
  APPROVAL_INTRO_TH,
  type ApprovalRowTh,
  approvalRowsTh,
  auditRulesTh,
  borrowRulesTh,
  countKindTh,
  dailyArmsRulesTh,
  donationRulesTh,
  evidenceRulesTh,
  overdueChaseTh,
  returnRulesTh,
} from './blank-form-rules.js';
import { BLANK_FORM_TH, BlankForm, renderBlankForm } from './blank-forms.js';
import { RECONCILIATION_TH } from './count-forms.js';
import { FORM_PAGES } from './form-kit.js';

const STATION = { code: 'BKM', nameTh: 'สถานีตำรวจนครบาลบึงกุ่ม', nameEn: 'Bueng Kum Metropolitan Police Station' };
const SIGNER = { displayName: 'สมเกียรติ ตัวอย่างดี', rank: 'พ.ต.อ.', position: 'ผู้กำกับการสถานีตำรวจนครบาลบึงกุ่ม' };
const EFFECTIVE_AT = new Date('2026-10-01T00:00:00+07:00');
const SETTINGS_VERSION = 3;
const FORMS = Object.values(BlankForm);
const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const thai = (s: string) => s.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]);

function rulesWith(settings: Partial<StationSettings> = {}): StationRules {
  return stationRules({ station: { ...STATION, settings, settingsVersion: SETTINGS_VERSION, effectiveAt: EFFECTIVE_AT }, signer: SIGNER });
}

/** A row of the approval table as drawn: the category, then NORMAL and HIGH items on and off the premises. */
const approvalRowText = (r: ApprovalRowTh) => [r.category, r.normal?.onPremises ?? '-', r.normal?.offPremises ?? '-', r.high?.onPremises ?? '-', r.high?.offPremises ?? '-'].join(' ');

/** Every sentence of a form that states a rule, as the rules module builds it. */
function ruleSentences(form: BlankForm, rules: StationRules): string[] {
  switch (form) {
    case BlankForm.BORROW_REQUEST:
      return [...borrowRulesTh(rules), APPROVAL_INTRO_TH, ...approvalRowsTh(rules).map(approvalRowText), ...Object.values(PURPOSE_TH)];
    case BlankForm.RETURN_RECEIPT:
      return [...returnRulesTh(rules), ...RETURN_CONDITIONS.map((c) => CONDITION_TH[c])];
    case BlankForm.DAILY_ARMS_COUNT:
      return [...dailyArmsRulesTh(rules), ...RECONCILIATION_TH];
    case BlankForm.AUDIT_COUNT:
      return [...auditRulesTh(rules), ...rules.counts.map(countKindTh), ...Object.values(CONDITION_TH), ...rules.categories.map((c) => c.nameTh)];
    case BlankForm.EVIDENCE_INTAKE:
      return evidenceRulesTh(rules);
    case BlankForm.DONATION_RECEIPT:
      return donationRulesTh(rules);
  }
}

const found = (text: string, s: string) => ({ s, found: text.includes(bareThai(s)) });

describe('blank forms', () => {
  let dir: string;
  const rules = rulesWith();
  const pdfs = {} as Record<BlankForm, Buffer>;
  const files = {} as Record<BlankForm, string>;
  const texts = {} as Record<BlankForm, string>;

  /** A form rendered with changed settings, as bared text; the file is kept beside the others to look at. */
  const textWith = async (form: BlankForm, settings: Partial<StationSettings>) => {
    const pdf = await renderBlankForm(form, rulesWith(settings));
    writeFileSync(join(dir, `${form}-${Object.keys(settings).join('-')}.pdf`), pdf);
    return barePdfText(pdf);
  };

  beforeAll(async () => {
    for (const tool of ['pdftotext', 'pdfinfo', 'pdffonts', 'pdftoppm']) requireTool(tool);
    dir = mkdtempSync(join(tmpdir(), 'khlang-forms-'));
    for (const form of FORMS) {
      pdfs[form] = await renderBlankForm(form, rules);
      files[form] = join(dir, `${form}.pdf`);
      writeFileSync(files[form], pdfs[form]);
      texts[form] = barePdfText(pdfs[form]);
    }
  });
  afterAll(() => {
    if (dir && !process.env.KEEP_FORM_PDF) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`blank forms kept in ${dir}`);
  });

  it('has a Thai title for every form', () => {
    expect(Object.keys(BLANK_FORM_TH).sort()).toEqual([...FORMS].sort());
    expect(BLANK_FORM_TH[BlankForm.BORROW_REQUEST]).toBe('แบบคำขอยืมทรัพย์สินของราชการ');
  });

  it.each(FORMS)('%s: the title, the station, the footer and every rule sentence', (form) => {
    const text = texts[form];
    const pages = pagesOf(files[form]);
    for (const s of [BLANK_FORM_TH[form], STATION.nameTh, `Khlang · ฉบับตั้งค่าที่ ${SETTINGS_VERSION}`, `หน้า ${pages}/${pages}`, 'ลงชื่อ', 'ตำแหน่ง', 'วันที่ ......./......./.......']) {
      expect(found(text, s)).toEqual({ s, found: true });
    }
    for (const s of ruleSentences(form, rules)) expect(found(text, s)).toEqual({ s, found: true });
  });

  it.each(FORMS)('%s: A4 in its orientation, Sarabun embedded and no other font', (form) => {
    const landscape = form === BlankForm.DAILY_ARMS_COUNT || form === BlankForm.AUDIT_COUNT;
    expect(run('pdfinfo', [files[form]])).toMatch(landscape ? /^Page size:\s+841\.89 x 595\.28 pts \(A4\)$/m : /^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    const fonts = run('pdffonts', [files[form]]).split('\n').slice(2).filter(Boolean);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+Sarabun-(Regular|Bold)\s/);
  });

  it.each(FORMS)('%s: every word inside the margins, none drawn over another', (form) => {
    const page = FORM_PAGES[form === BlankForm.DAILY_ARMS_COUNT || form === BlankForm.AUDIT_COUNT ? 'landscape' : 'portrait'];
    const all = words(files[form]);
    expect(all.length).toBeGreaterThan(100);
    expect(wordsOutside(all, { left: page.margin.left, right: page.width - page.margin.right, pageHeight: page.height })).toEqual([]);
    expect(overlappingWords(all)).toEqual([]);
  });

  it.each(FORMS)('%s: the same rules give byte-identical PDFs, dated when the rules took effect', async (form) => {
    const again = await renderBlankForm(form, rulesWith());
    expect(again.equals(pdfs[form])).toBe(true);
    const info = run('pdfinfo', ['-isodates', files[form]]);
    expect(info).toMatch(/^CreationDate:\s+2026-09-30T17:00:00Z$/m);
    expect(info).toMatch(new RegExp(`^Title:\\s+${BLANK_FORM_TH[form]} ${STATION.nameTh}$`, 'm'));
  });

  it.each(FORMS)('%s: every page renders to an image that is not blank', (form) => {
    for (let page = 1; page <= pagesOf(files[form]); page++) expect({ page, inked: inkShare(files[form], page, dir) > 0.01 }).toEqual({ page, inked: true });
  });

  it('prints no personal data: not the commander the rules carry for the announcement', () => {
    for (const form of FORMS) {
      for (const s of [SIGNER.displayName, SIGNER.position]) expect({ form, s, found: texts[form].includes(bareThai(s)) }).toEqual({ form, s, found: false });
    }
  });

  it('borrow request: the follow-up days of ข้อ 211 are the station setting', async () => {
    expect(texts[BlankForm.BORROW_REQUEST]).toContain(bareThai('ผู้อนุมัติจะติดตามทวงคืนภายใน 7 วันนับแต่วันครบกำหนด'));
    const ten = await textWith(BlankForm.BORROW_REQUEST, { overdueEscalationDays: 10 });
    expect(ten).toContain(bareThai('ผู้อนุมัติจะติดตามทวงคืนภายใน 10 วันนับแต่วันครบกำหนด'));
    expect(ten).not.toContain(bareThai(overdueChaseTh(rules)));
  });

  it('borrow request: commanderOnlyLoans WEAPON leaves only the commander on the weapon rows', async () => {
    const weapons = (r: StationRules) => approvalRowsTh(r).find((row) => row.category === 'อาวุธและยุทธภัณฑ์')!;
    const either = approversTh(rules.approvals.find((a) => a.category === ItemCategory.WEAPON && a.riskClass === RiskClass.NORMAL)!.onPremises);
    expect(either).toBe('หัวหน้างาน หรือผู้บังคับบัญชา');
    expect(weapons(rules).normal).toEqual({ onPremises: either, offPremises: either });
    const strict = rulesWith({ commanderOnlyLoans: [ItemCategory.WEAPON] });
    expect(weapons(strict)).toMatchObject({ normal: { onPremises: 'ผู้บังคับบัญชา', offPremises: 'ผู้บังคับบัญชา' }, high: { onPremises: 'ผู้บังคับบัญชา', offPremises: 'ผู้บังคับบัญชา' } });
    const text = await textWith(BlankForm.BORROW_REQUEST, { commanderOnlyLoans: [ItemCategory.WEAPON] });
    expect(text).toContain(bareThai(approvalRowText(weapons(strict))));
    expect(text).not.toContain(bareThai(approvalRowText(weapons(rules))));
    expect(texts[BlankForm.BORROW_REQUEST]).toContain(bareThai(approvalRowText(weapons(rules))));
    // The other categories keep their approvers.
    const evidence = approvalRowsTh(strict).find((row) => row.category === 'ของกลาง')!;
    expect(text).toContain(bareThai(approvalRowText(evidence)));
  });

  it('thaiNumerals: clauses, days, row numbers, settings version and pages in Thai digits; item codes as their labels print them', async () => {
    const borrow = await textWith(BlankForm.BORROW_REQUEST, { thaiNumerals: true });
    for (const s of ['(ข้อ 207)', '(ข้อ 209)', 'ภายใน 7 วัน', 'ฉบับตั้งค่าที่ 3', 'หน้า 1/']) expect(found(borrow, thai(s))).toEqual({ s: thai(s), found: true });
    // The item rows, numbered down the first column.
    expect(texts[BlankForm.BORROW_REQUEST]).toContain('12345678');
    expect(borrow).toContain(thai('12345678'));
    expect(borrow).not.toMatch(/[0-9]/);
    const evidence = await textWith(BlankForm.EVIDENCE_INTAKE, { thaiNumerals: true });
    expect(evidence).toContain('BKM-EV69-000001');
    expect(evidence).toContain(bareThai(thai('(ข้อ 47)')));
    expect(evidence.replaceAll('BKM-EV69-000001', '')).not.toMatch(/[0-9]/);
  });

  it('evidence intake: a HIGH kind the station adds is named on the sheet', async () => {
    const electronics = KIND_TH[ItemKind.ELECTRONICS];
    expect(texts[BlankForm.EVIDENCE_INTAKE]).not.toContain(bareThai(electronics));
    const text = await textWith(BlankForm.EVIDENCE_INTAKE, { extraHighRiskKinds: [ItemKind.ELECTRONICS] });
    expect(text).toContain(bareThai(`และที่สถานีกำหนดเพิ่ม ได้แก่ ${electronics}`));
  });

  it("evidence intake: the code format with the station's code and an example of this year", () => {
    const text = texts[BlankForm.EVIDENCE_INTAKE];
    expect(text).toContain(bareThai('รหัสรายการของกลางมีรูปแบบ BKM-EV ตามด้วยเลขสองหลักท้ายของปี พ.ศ.'));
    expect(text).toContain('BKM-EV69-000001');
    for (const s of ['ภายใน 12 เดือน', 'ภายใน 1 ปี', 'พ้น 5 ปี', 'ตู้นิรภัย']) expect(found(text, s)).toEqual({ s, found: true });
  });

  it('audit count: a sampled count states the station sampling percentage and that HIGH items are all counted', async () => {
    expect(texts[BlankForm.AUDIT_COUNT]).toContain(bareThai('สุ่มตรวจ 20% ของรายการความเสี่ยงปกติ และนับรายการความเสี่ยงสูงทุกรายการ'));
    expect(texts[BlankForm.AUDIT_COUNT]).toContain(bareThai('นับทุกรายการ'));
    const thirty = await textWith(BlankForm.AUDIT_COUNT, { samplingPercent: 30 });
    expect(thirty).toContain(bareThai('สุ่มตรวจ 30% ของรายการความเสี่ยงปกติ'));
    expect(found(texts[BlankForm.AUDIT_COUNT], 'ต้องไม่เป็นเจ้าหน้าที่พัสดุ (ข้อ 213)')).toMatchObject({ found: true });
    expect(found(texts[BlankForm.AUDIT_COUNT], CONDITION_TH[ItemCondition.NOT_NEEDED])).toMatchObject({ found: true });
  });
});
