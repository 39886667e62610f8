import { CONDITION_TH, ItemCondition } from '../../items/item.enums.js';
import { auditRulesTh, countKindTh, dailyArmsRulesTh } from './blank-form-rules.js';
import { type FormKit, FORM_SIZE, type Node, ORDINAL_COLUMN } from './form-kit.js';

/** The reconciliation a daily count ends in (DOMAIN-TH §7 section 2): the parts, their sum, the result. */
export const RECONCILIATION_TH = ['ยอดตามบัญชีคุม', 'อยู่ในคลัง', 'จ่ายประจำตัว/เบิกตามผลัด', 'ยืม/ส่งออก', 'รวม', 'ผลตรวจ'] as const;
const RESULT_TH = ['ครบ', 'ไม่ครบ'] as const;
const ON_ISSUE = RECONCILIATION_TH.indexOf('จ่ายประจำตัว/เบิกตามผลัด');
const COUNTERSIGNER_TH = 'ผู้รับรองผล (ไม่ได้ร่วมตรวจนับ)';
/** Room for a line of handwriting. */
const ROW_HEIGHT = 20;
/** Twenty weapons, the signatures still on the table's last page; a larger armory uses a second sheet. */
const WEAPON_ROWS = 20;
const AUDIT_ROWS = 12;
/** Each condition's header on at most two lines at 14 pt bold ("เสื่อม|สภาพ", "ไม่จำเป็น|ต้องใช้"). */
const CONDITION_WIDTH: Record<ItemCondition, number> = {
  [ItemCondition.GOOD]: 54,
  [ItemCondition.DAMAGED]: 34,
  [ItemCondition.DETERIORATED]: 40,
  [ItemCondition.LOST]: 38,
  [ItemCondition.NOT_NEEDED]: 56,
};

/** "วันที่ .... เดือน .... พ.ศ. ....", the way a dated sheet opens. */
function dateLine(k: FormKit, extra: { label: string; after?: string; share?: number }[]): Node {
  return k.blanks([{ label: 'วันที่', after: 'เดือน', share: 2 }, { label: '', after: 'พ.ศ.', share: 1.5 }, { label: '', share: 1 }, ...extra]);
}

/**
 * บัญชีตรวจนับอาวุธประจำวัน (O23 part 1.3): the day and shift, the rules of the count, the
 * reconciliation boxes (register = in the armory + on issue + on loan or sent out), one ruled row per
 * weapon, and the counters with a countersigner who did not count.
 */
export function dailyArmsCount(k: FormKit): Node[] {
  const result = RECONCILIATION_TH.length - 1;
  return [
    dateLine(k, [{ label: 'ผลัด', share: 2 }, { label: 'เวลา', after: 'น.', share: 1.5 }, { label: 'ถึง', after: 'น.', share: 1.5 }]),
    // The rules first, as the sheet's instructions: the table and the signatures then share the last page.
    k.notes('หลักเกณฑ์การตรวจนับ', dailyArmsRulesTh(k.rules)),
    k.table({
      title: '1. สรุปผลการตรวจนับ (จำนวนกระบอก/รายการ)',
      // The longest two headers on one line; the other four share the rest. The result is ticked.
      columns: RECONCILIATION_TH.map((header, i) =>
        i === result
          ? { header: `${header} (${RESULT_TH.join(' / ')})`, width: 142, fill: () => ({ ...k.choiceLine([...RESULT_TH], { fontSize: FORM_SIZE.table }), margin: [4, 2, 0, 0] }) }
          : { header, width: i === ON_ISSUE ? 160 : '*' },
      ),
      rows: 1,
      rowHeight: 26,
      numbered: false,
    }),
    k.table({
      title: '2. รายการอาวุธ',
      columns: [
        ORDINAL_COLUMN,
        { header: 'รหัสรายการ', width: 100 },
        { header: 'ชนิด/ยี่ห้อ/รุ่น', width: '*' },
        { header: 'หมายเลขปืน', width: 90 },
        { header: 'ขนาด', width: 46 },
        { header: 'อยู่ในคลัง', width: 74, tick: true },
        { header: 'จ่ายให้ (ชื่อ)', width: 116 },
        { header: 'สภาพ', width: 56 },
        { header: 'หมายเหตุ', width: 80 },
      ],
      rows: WEAPON_ROWS,
      rowHeight: ROW_HEIGHT,
    }),
    k.signatures(['ผู้ตรวจนับ', 'ผู้ตรวจนับ', COUNTERSIGNER_TH]),
  ];
}

/**
 * ใบตรวจนับทรัพย์สิน: which kind of count (each with how it draws its items, from the station's
 * counts and sampling setting), its scope and whether it is blind, a ruled row per item with its
 * condition (ข้อ 213's five) and seal ticked, then the committee and a countersigner who did not count.
 */
export function auditCount(k: FormKit): Node[] {
  const rules = k.rules;
  const conditions = Object.values(ItemCondition).map((c) => ({ header: CONDITION_TH[c], width: CONDITION_WIDTH[c] }));
  return [
    k.blanks([{ label: 'เลขที่', share: 2 }, { label: 'วันที่', after: 'เดือน', share: 2 }, { label: '', after: 'พ.ศ.', share: 1.5 }, { label: '', share: 1 }, { label: 'เวลาเริ่ม', after: 'น.', share: 1.5 }, { label: 'เสร็จ', after: 'น.', share: 1.5 }]),
    k.heading('1. ประเภทการตรวจนับ'),
    k.choiceGrid(rules.counts.map(countKindTh), 1, FORM_SIZE.table),
    k.heading('2. ขอบเขต'),
    k.choiceLine(rules.categories.map((c) => c.nameTh), { label: 'หมวด', tail: 'สถานที่ (ห้อง/ตู้/ชั้น)' }),
    k.choiceLine(['ใช่', 'ไม่ใช่'], { label: 'นับแบบไม่เห็นยอด (blind)', tail: 'ตามคำสั่งที่' }),
    k.notes('หลักเกณฑ์การตรวจนับ', auditRulesTh(rules)),
    k.table({
      title: '3. ผลการตรวจนับ',
      columns: [
        ORDINAL_COLUMN,
        { header: 'รหัสรายการ', width: 96 },
        { header: 'รายการ', width: '*' },
        { header: 'สถานที่ที่พบ', width: 80 },
        { header: 'สภาพ', sub: conditions },
        { header: 'ซีล', sub: [{ header: 'ตรง', width: 28 }, { header: 'ไม่ตรง', width: 38 }] },
        { header: 'หมายเหตุ', width: 70 },
      ],
      rows: AUDIT_ROWS,
      rowHeight: ROW_HEIGHT,
    }),
    // Four to a row, the countersigner's rule in the notes above: the committee signs under the table.
    k.signatures(['ประธานกรรมการ', 'กรรมการ', 'กรรมการ', 'ผู้รับรองผล'], 4),
  ];
}
