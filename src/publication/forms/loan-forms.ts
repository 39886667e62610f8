import { Role, ROLE_TH } from '../../common/roles.js';
import { CONDITION_TH } from '../../items/item.enums.js';
import { PURPOSE_TH, RETURN_CONDITIONS } from '../../loans/loan.enums.js';
import { APPROVAL_INTRO_TH, approvalRowsTh, type ApproversTh, borrowRulesTh, returnRulesTh } from './blank-form-rules.js';
import { type FormKit, FORM_SIZE, type Node, ORDINAL_COLUMN, together } from './form-kit.js';

/** Where the item is used (ข้อ 208 sets the approver by it). */
const PLACE_TH = { onPremises: 'ใช้ภายในสถานี', offPremises: 'นำออกนอกสถานที่' } as const;
const FINANCE_REGULATION_TH = 'ระเบียบกระทรวงการคลังฯ พ.ศ. 2560';
const HIGH_WITNESS_TH = 'พยาน (รายการความเสี่ยงสูง)';
const ITEM_ROWS = 8;
/** The approval matrix is a reference table: 13 pt keeps its four approver columns on a portrait page. */
const APPROVALS_SIZE = 13;
const CONDITION_SIZE = 11;
const ROW_HEIGHT = 24;

/** Who borrows: rank, name, position, unit, phone. */
function borrower(k: FormKit, opening = ''): Node[] {
  return [
    k.blanks([{ label: `${opening}ยศ ชื่อ–สกุล`, share: 3 }, { label: 'ตำแหน่ง', share: 2 }]),
    k.blanks([{ label: 'สังกัด', share: 3 }, { label: 'โทร', share: 2 }]),
  ];
}

/**
 * แบบคำขอยืม (ข้อ 207–211): the request, the items, the due date, the conditions and who approves each
 * category and risk class — generated from the station's approval matrix — then the requester, the
 * approver, and the issuing clerk with a witness for HIGH items.
 */
export function borrowRequest(k: FormKit): Node[] {
  return [
    k.blanks([{ label: 'เลขที่', share: 2 }, { label: 'วันที่', after: 'เดือน', share: 2 }, { label: '', after: 'พ.ศ.', share: 1.5 }, { label: '', share: 1 }]),
    k.heading('1. ผู้ขอยืม'),
    ...borrower(k, 'ข้าพเจ้า '),
    k.heading('2. วัตถุประสงค์'),
    k.choiceGrid(Object.values(PURPOSE_TH), 4),
    k.blanks([{ label: 'รายละเอียด (ตามคำสั่ง/หนังสือที่)' }]),
    k.choiceLine([PLACE_TH.onPremises, PLACE_TH.offPremises], { label: 'สถานที่ใช้', tail: 'ระบุ' }),
    k.table({
      title: '3. รายการที่ขอยืม',
      columns: [
        ORDINAL_COLUMN,
        { header: 'รหัสรายการ (จากฉลาก)', width: 92 },
        { header: 'รายการ', width: '*' },
        { header: 'จำนวน', width: 42 },
        { header: 'หน่วย', width: 42 },
        { header: 'สภาพเมื่อยืม', width: 62 },
      ],
      rows: ITEM_ROWS,
      rowHeight: ROW_HEIGHT,
    }),
    k.blanks([{ label: 'กำหนดส่งคืน วันที่', after: 'เวลา', share: 3 }, { label: '', after: 'น.', share: 1 }]),
    k.notes(`เงื่อนไขการยืม (${FINANCE_REGULATION_TH})`, borrowRulesTh(k.rules)),
    together(k.heading('ผู้มีอำนาจอนุมัติ (ข้อ 208)'), k.paragraph(APPROVAL_INTRO_TH, FORM_SIZE.notes), approvalTable(k)),
    together(k.paragraph('ข้าพเจ้าได้อ่านเงื่อนไขการยืมข้างต้นแล้ว และจะปฏิบัติตามทุกประการ'), k.signatures(['ผู้ขอยืม'])),
    together(
      k.heading('4. ความเห็น / การอนุมัติ'),
      k.choiceLine(['อนุมัติ', 'ไม่อนุมัติ'], { tail: 'เพราะ' }),
      k.blanks([{ label: '' }]),
      k.signatures(['ผู้อนุมัติ']),
    ),
    together(
      k.heading('5. การจ่าย'),
      k.paragraph(`ผู้จ่ายคือ${ROLE_TH[Role.CLERK]} ซึ่งต้องไม่ใช่ผู้ขอยืมและไม่ใช่ผู้อนุมัติ`),
      k.blanks([{ label: 'จ่ายเมื่อวันที่', after: 'เวลา', share: 3 }, { label: '', after: 'น.', share: 1 }]),
      k.signatures([`ผู้จ่าย (${ROLE_TH[Role.CLERK]})`, HIGH_WITNESS_TH]),
    ),
  ];
}

/** Category, then who approves its NORMAL and its HIGH items, on and off the premises. */
function approvalTable(k: FormKit): Node {
  const cells = (a: ApproversTh | null) => (a ? [a.onPremises, a.offPremises] : ['-', '-']);
  // Wide enough for "หัวหน้างาน หรือ" on a line, "ผู้บังคับบัญชา" under it.
  const places = [
    { header: PLACE_TH.onPremises, width: 84 },
    { header: PLACE_TH.offPremises, width: 84 },
  ];
  return k.table({
    columns: [{ header: 'หมวด', width: '*' }, { header: 'ความเสี่ยงปกติ', sub: places }, { header: 'ความเสี่ยงสูง', sub: places }],
    rows: approvalRowsTh(k.rules).map((r) => [r.category, ...cells(r.normal), ...cells(r.high)]),
    fontSize: APPROVALS_SIZE,
  });
}

/**
 * ใบรับคืน: which loan, who returns, each item's returned quantity and condition (ticked among the
 * conditions a loan line accepts back), spent ammunition and why; then the rules on damaged returns
 * and who may receive, and the signatures of the borrower, the clerk and a witness for HIGH items.
 */
export function returnReceipt(k: FormKit): Node[] {
  const conditions = RETURN_CONDITIONS.map((c) => CONDITION_TH[c]);
  return [
    k.blanks([{ label: 'เลขที่', share: 2 }, { label: 'วันที่รับคืน', share: 2 }, { label: 'เวลา', after: 'น.', share: 1 }]),
    k.blanks([{ label: 'อ้างถึงคำขอยืมเลขที่', share: 3 }, { label: 'ลงวันที่', share: 2 }]),
    k.heading('1. ผู้ส่งคืน (ผู้ยืม)'),
    ...borrower(k),
    k.choiceLine(['คืนครบทุกรายการ', 'คืนบางส่วน'], { label: 'การคืน' }),
    k.table({
      title: '2. รายการที่คืน',
      columns: [
        ORDINAL_COLUMN,
        { header: 'รหัสรายการ', width: 70 },
        { header: 'รายการ', width: '*' },
        { header: 'จำนวน', sub: [{ header: 'ที่ยืม', width: 28 }, { header: 'ที่คืน', width: 28 }] },
        { header: 'สภาพเมื่อคืน', width: 60, fill: () => k.choiceStack(conditions, CONDITION_SIZE) },
        { header: 'กระสุนที่ใช้ไปและเหตุผล', width: 70 },
        { header: 'หมายเหตุ', width: 48 },
      ],
      rows: ITEM_ROWS,
      // Eight columns on a portrait page: the headers at 12 pt, the rows' condition boxes at 11.
      fontSize: FORM_SIZE.small,
    }),
    k.notes(`เงื่อนไขการรับคืน (${FINANCE_REGULATION_TH})`, returnRulesTh(k.rules)),
    k.signatures(['ผู้ส่งคืน', `ผู้รับคืน (${ROLE_TH[Role.CLERK]})`, HIGH_WITNESS_TH]),
  ];
}
