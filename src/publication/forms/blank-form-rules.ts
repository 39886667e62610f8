import { AuditKind, DISCREPANT_FINDINGS, FINDING_TH } from '../../audits/audit.enums.js';
import { Role, ROLE_TH } from '../../common/roles.js';
import { buddhistYear, formatItemCode } from '../../items/item-code.js';
import { CATEGORY_CODE, CONDITION_TH, ItemCategory, ItemCondition, RiskClass } from '../../items/item.enums.js';
import { approversTh, type CountRule, type StationRules } from '../station-rules.js';

/**
 * Every sentence of a blank form that states a rule, built from StationRules so that a changed setting
 * changes the printed form. Arabic digits here; the forms turn them into Thai digits when the station
 * asks. The specs check that each sentence reaches the PDF.
 */

/**
 * ระเบียบ ตร. ว่าด้วยการเก็บรักษาและการจำหน่ายของกลาง พ.ศ. 2565 ข้อ 47: what evidence-timers.service.ts
 * computes in SQL (owner told: 1 year; owner unknown: 5 years from the notice). It has no exported
 * constant to reuse, so the years are named here.
 */
const FORFEITURE_YEARS = { ownerNotified: 1, ownerUnknown: 5 } as const;

const MONEY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const list = (words: string[]) => words.join(' ');

/** The HIGH kinds, with those the station added named as such. */
function highKindsTh(rules: StationRules): string {
  const built = rules.highRiskKinds.filter((k) => !k.addedByStation).map((k) => k.nameTh);
  const added = rules.highRiskKinds.filter((k) => k.addedByStation).map((k) => k.nameTh);
  return list(built) + (added.length ? ` และที่สถานีกำหนดเพิ่ม ได้แก่ ${list(added)}` : '');
}

// ---- borrowing (ระเบียบกระทรวงการคลังฯ ข้อ 207–211) -------------------------------------------------

/** ข้อ 207. */
const PRIVATE_USE_TH = 'ห้ามนำไปใช้ประโยชน์ส่วนตัว ยืมได้เฉพาะเพื่อใช้ในราชการ โดยทำคำขอยืมเป็นหนังสือ ระบุเหตุผลและกำหนดวันส่งคืน (ข้อ 207)';

/** ข้อ 209: working order, or repair, like-for-like replacement, or the value at the time of borrowing. */
const RETURN_OR_COMPENSATE_TH =
  'ผู้ยืมต้องส่งคืนในสภาพที่ใช้การได้เรียบร้อย หากชำรุดเสียหาย ใช้การไม่ได้ หรือสูญหาย ผู้ยืมต้องซ่อมแซมให้คงสภาพเดิมโดยเสียค่าใช้จ่ายของตนเอง ' +
  'หรือชดใช้เป็นพัสดุประเภท ชนิด ขนาด ลักษณะ และคุณภาพอย่างเดียวกัน หรือชดใช้เป็นเงินตามราคาที่เป็นอยู่ในขณะยืม (ข้อ 209)';

/** ข้อ 211, with the station's escalation days. */
export function overdueChaseTh(rules: StationRules): string {
  return `เมื่อครบกำหนดแล้วยังไม่ส่งคืน ผู้อนุมัติจะติดตามทวงคืนภายใน ${rules.settings.overdueEscalationDays} วันนับแต่วันครบกำหนด (ข้อ 211)`;
}

/** A HIGH item moves only with a witness and the blind seal and weight check, at issue and at return. */
function highRiskHandoverTh(rules: StationRules): string {
  return (
    `รายการความเสี่ยงสูง (${highKindsTh(rules)}) ต้องมีพยานร่วมลงชื่อ และตรวจเลขซีลและชั่งน้ำหนักโดยผู้ตรวจไม่เห็นข้อมูลในทะเบียนก่อน ` +
    `ทั้งเมื่อจ่ายและเมื่อรับคืน น้ำหนักต่างจากที่บันทึกไว้เกิน ${MONEY.format(rules.settings.weightToleranceGrams)} กรัม หรือซีลไม่ตรง ถือเป็นความคลาดเคลื่อน`
  );
}

/** The loan service's separation of duties (SELF_APPROVAL, ISSUER_IS_REQUESTER, ISSUER_IS_APPROVER). */
const BORROW_DUTIES_TH = `ผู้ขอยืมอนุมัติคำขอของตนเองไม่ได้ ผู้จ่าย (${ROLE_TH[Role.CLERK]}) ต้องไม่ใช่ผู้ขอยืมและไม่ใช่ผู้อนุมัติ`;

/** ข้อ 208, as approverRoles applies it to a loan of several items. */
export const APPROVAL_INTRO_TH = 'ผู้มีอำนาจอนุมัติตามหมวดและระดับความเสี่ยงของทรัพย์สิน ดังตาราง คำขอที่มีหลายรายการ ผู้อนุมัติต้องมีอำนาจอนุมัติทุกรายการ';

/** Who approves a loan on and off the premises. */
export interface ApproversTh {
  onPremises: string;
  offPremises: string;
}

/** One category of `rules.approvals`: who approves its NORMAL and its HIGH items (null: it holds none). */
export interface ApprovalRowTh {
  category: string;
  normal: ApproversTh | null;
  high: ApproversTh | null;
}

/** The approval matrix as the loan service applies it (approverRolesForItem), so the printed table cannot disagree with the server. */
export function approvalRowsTh(rules: StationRules): ApprovalRowTh[] {
  const of = (category: ItemCategory, risk: RiskClass): ApproversTh | null => {
    const rule = rules.approvals.find((a) => a.category === category && a.riskClass === risk);
    return rule ? { onPremises: approversTh(rule.onPremises), offPremises: approversTh(rule.offPremises) } : null;
  };
  return rules.categories.map((c) => ({ category: c.nameTh, normal: of(c.category, RiskClass.NORMAL), high: of(c.category, RiskClass.HIGH) }));
}

/** The borrow request's conditions: ข้อ 207, 209 and 211 with the station's days, HIGH handling, separation of duties. */
export function borrowRulesTh(rules: StationRules): string[] {
  return [PRIVATE_USE_TH, RETURN_OR_COMPENSATE_TH, overdueChaseTh(rules), highRiskHandoverTh(rules), BORROW_DUTIES_TH];
}

// ---- returns -----------------------------------------------------------------------------------------

/** RETURN_CONDITIONS of a damaged or deteriorated return open a discrepancy (the loan line service). */
const DAMAGED_RETURN_TH =
  `ของที่คืนในสภาพ${CONDITION_TH[ItemCondition.DAMAGED]}หรือ${CONDITION_TH[ItemCondition.DETERIORATED]} จะเปิดรายงานความคลาดเคลื่อนเสนอ${ROLE_TH[Role.COMMANDER]} ` +
  'และผู้ยืมรับผิดตามข้อ 209 ของที่สูญหายไม่ถือเป็นการคืน ยังค้างอยู่ในการยืม';

const RECEIVER_NOT_BORROWER_TH = `ผู้ยืมรับคืนของที่ตนยืมเองไม่ได้ ผู้รับคืนต้องเป็น${ROLE_TH[Role.CLERK]}ซึ่งไม่ใช่ผู้ยืม`;

const SPENT_AMMUNITION_TH = 'เครื่องกระสุนที่ใช้ไปต้องระบุจำนวนและเหตุผล จำนวนที่คืนรวมกับที่ใช้ไปต้องเท่ากับจำนวนที่ยืม';

/** The return receipt's conditions: who may receive, what a bad return opens, spent rounds, HIGH handling, follow-up. */
export function returnRulesTh(rules: StationRules): string[] {
  return [RECEIVER_NOT_BORROWER_TH, DAMAGED_RETURN_TH, SPENT_AMMUNITION_TH, highRiskHandoverTh(rules), overdueChaseTh(rules)];
}

// ---- counts ------------------------------------------------------------------------------------------

/** How a kind of count draws its items: everything, or a sample of NORMAL items with every HIGH one. */
function countScopeTh(rule: CountRule): string {
  if (rule.fullCount) return 'นับทุกรายการ';
  if (rule.defaultSamplePercent !== null) return `สุ่มตรวจ ${rule.defaultSamplePercent}% ของรายการความเสี่ยงปกติ และนับรายการความเสี่ยงสูงทุกรายการ`;
  return 'นับทุกรายการในขอบเขต หรือสุ่มตรวจรายการความเสี่ยงปกติตามร้อยละที่ผู้สั่งตรวจกำหนด และนับรายการความเสี่ยงสูงทุกรายการ';
}

/** A kind of count as its check box reads: "ตรวจนับของกลางประจำเดือน (สุ่มตรวจ 20% …)". */
export function countKindTh(rule: CountRule): string {
  return `${rule.nameTh} (${countScopeTh(rule)})`;
}

const countOf = (rules: StationRules, kind: AuditKind) => rules.counts.find((c) => c.kind === kind)!;

/** The daily count's rules (O23 part 1.3): every weapon every day, the reconciliation, reporting, the countersigner. */
export function dailyArmsRulesTh(rules: StationRules): string[] {
  const weapons = rules.categories.find((c) => c.category === ItemCategory.WEAPON)!;
  const daily = countOf(rules, AuditKind.DAILY_ARMS);
  return [
    `ตรวจนับ${weapons.nameTh}ทุกวัน ${countScopeTh(daily)} ให้พร้อมใช้ในการปฏิบัติหน้าที่ประจำวัน`,
    'อยู่ในคลัง + จ่ายประจำตัว/เบิกตามผลัด + ยืม/ส่งออก ต้องเท่ากับยอดตามบัญชีคุม หากไม่เท่ากันผลตรวจคือ "ไม่ครบ"',
    'อาวุธที่ไม่อยู่ในคลังต้องมีหลักฐาน ได้แก่ สมุดเบิกจ่ายอาวุธประจำผลัด คำขอยืมที่จ่ายแล้ว หรือหนังสือส่งออก',
    `พบความคลาดเคลื่อน ให้รายงาน${ROLE_TH[Role.COMMANDER]}ทันที และบันทึกเป็นเหตุผิดปกติ`,
    'ผู้ตรวจนับลงชื่อ และผู้รับรองผลซึ่งไม่ได้ร่วมตรวจนับลงชื่อรับรอง',
  ];
}

/** The count sheet's rules: the committee of ข้อ 213, the countersigner, blind counts, what is a discrepancy. */
export function auditRulesTh(rules: StationRules): string[] {
  const annual = countOf(rules, AuditKind.ANNUAL_PROPERTY);
  return [
    `คณะกรรมการ${annual.nameTh}ต้องไม่เป็น${ROLE_TH[Role.CLERK]} (ข้อ 213)`,
    'ผู้รับรองผลการตรวจนับต้องไม่เป็นผู้ตรวจนับ',
    'นับแบบไม่เห็นยอด: ผู้ตรวจนับไม่เห็นรายการและจำนวนที่ควรพบจนกว่าจะปิดการตรวจนับ',
    `รายการความเสี่ยงสูง: ${highKindsTh(rules)}`,
    `ผลต่อไปนี้บันทึกเป็นเหตุผิดปกติเสนอ${ROLE_TH[Role.COMMANDER]}: ${list(DISCREPANT_FINDINGS.map((f) => FINDING_TH[f]))} ` +
      `และน้ำหนักต่างจากทะเบียนเกิน ${MONEY.format(rules.settings.weightToleranceGrams)} กรัม`,
  ];
}

// ---- evidence ----------------------------------------------------------------------------------------

/** This station's first evidence code of the year its rules took effect: "BKM-EV69-000001". */
function evidenceCodeExample(rules: StationRules): string {
  return formatItemCode(rules.station.code, ItemCategory.EVIDENCE, buddhistYear(rules.effectiveAt), 1);
}

/** The intake sheet's rules: ข้อ 12, the station's code format, HIGH kinds, the review period and the ข้อ 47 timers. */
export function evidenceRulesTh(rules: StationRules): string[] {
  const s = rules.settings;
  return [
    'พนักงานสอบสวนลงรายงานประจำวัน (ป.จ.ว.) และสมุดยึดทรัพย์ของกลางก่อนส่งมอบ (ข้อ 12)',
    `รหัสรายการของกลางมีรูปแบบ ${rules.station.code}-${CATEGORY_CODE[ItemCategory.EVIDENCE]} ตามด้วยเลขสองหลักท้ายของปี พ.ศ. และลำดับหกหลัก ` +
      `ออกต่อเนื่องไม่เว้นเลข แยกตามสถานี หมวด และปี เช่น ${evidenceCodeExample(rules)} ฉลากรหัสติดกับตัวของกลางให้มั่นคง`,
    `ของกลางความเสี่ยงสูง (${highKindsTh(rules)}) ต้องมีพยานร่วมลงชื่อรับ และเก็บในที่เก็บปลอดภัย (ตู้นิรภัย คลังอาวุธ หรือตู้เก็บยาเสพติด)`,
    `พิจารณาสถานะของกลางทุกรายการภายใน ${s.evidenceReviewMonths} เดือนนับแต่วันลงทะเบียน เว้นแต่กำหนดวันพิจารณาไว้เป็นอย่างอื่น`,
    `แจ้งเจ้าของแล้วไม่มารับภายใน ${FORFEITURE_YEARS.ownerNotified} ปี หรือไม่ทราบตัวเจ้าของเมื่อพ้น ${FORFEITURE_YEARS.ownerUnknown} ปีนับแต่วันประกาศ ของกลางตกเป็นของรัฐ (ข้อ 47)`,
  ];
}

// ---- donations ---------------------------------------------------------------------------------------

/** The receipt's conditions: the donor's purpose, the No Gift Policy, acceptance, and the materials threshold. */
export function donationRulesTh(rules: StationRules): string[] {
  return [
    'สถานีใช้ของบริจาคเฉพาะตามวัตถุประสงค์ที่ผู้บริจาคระบุเท่านั้น และลงชื่อผู้บริจาคในทะเบียนของบริจาค',
    `ผู้บริจาคที่เป็นคู่กรณีหรือผู้เกี่ยวข้องในคดีของสถานีนี้ ต้องเสนอ${ROLE_TH[Role.COMMANDER]}พิจารณาก่อนรับ (นโยบายไม่รับของขวัญ No Gift Policy)`,
    `ของบริจาคนำไปใช้ได้เมื่อ${ROLE_TH[Role.COMMANDER]}อนุมัติรับแล้ว เลขที่ใบรับออกต่อเนื่องไม่เว้นเลขในแต่ละปี`,
    `รายการที่มีราคาต่อหน่วยตั้งแต่ ${MONEY.format(rules.settings.materialsThresholdBaht)} บาท ลงทะเบียนคุมทรัพย์สิน ต่ำกว่านั้นลงบัญชีวัสดุ`,
  ];
}
