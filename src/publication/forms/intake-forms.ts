import { Role, ROLE_TH } from '../../common/roles.js';
import { donationRulesTh, evidenceRulesTh } from './blank-form-rules.js';
import { type FormKit, FORM_SIZE, type Node, ORDINAL_COLUMN, together } from './form-kit.js';

const EVIDENCE_REGULATION_TH = 'ระเบียบ ตร. ว่าด้วยการเก็บรักษาและการจำหน่ายของกลาง พ.ศ. 2565';
const ITEM_ROWS = 8;

/**
 * บันทึกรับของกลาง (ระเบียบ ตร. ข้อ 12): the case, the daily report entry, the seizure and the owner;
 * a ruled row per item with the code its label carries, weight and seal; the station's code format,
 * high-risk kinds, review period and the ข้อ 47 timers; then the investigator who hands over, the
 * custodian who receives, and a witness.
 */
export function evidenceIntake(k: FormKit): Node[] {
  return [
    k.blanks([{ label: 'คดีอาญาที่', after: '/', share: 2 }, { label: '', share: 1 }, { label: 'ป.จ.ว. ข้อ', share: 1.5 }, { label: 'ลงวันที่', share: 2 }]),
    k.blanks([{ label: 'ข้อหา/ความผิด' }]),
    k.blanks([{ label: 'ยึดจาก (ชื่อ)', share: 3 }, { label: 'วันที่ยึด', share: 2 }]),
    k.blanks([{ label: 'สถานที่ยึด', share: 3 }, { label: 'เวลา', after: 'น.', share: 2 }]),
    k.blanks([{ label: 'เจ้าหน้าที่ผู้ยึด ยศ ชื่อ–สกุล', share: 3.5 }, { label: 'ตำแหน่ง', share: 1.5 }]),
    k.choiceLine(['ทราบตัวเจ้าของ', 'ไม่ทราบตัวเจ้าของ'], { label: 'เจ้าของทรัพย์', tail: 'ชื่อ' }),
    k.blanks([{ label: 'แจ้งเจ้าของเมื่อวันที่' }, { label: 'ประกาศหาเจ้าของเมื่อวันที่' }]),
    k.table({
      title: 'รายการของกลาง',
      columns: [
        ORDINAL_COLUMN,
        { header: 'รหัสรายการ (ติดฉลาก)', width: 72 },
        { header: 'ประเภท', width: 44 },
        { header: 'รายการ', width: '*' },
        { header: 'จำนวน/ หน่วย', width: 40 },
        { header: 'น้ำหนัก (กรัม)', width: 40 },
        { header: 'เลขซีล', width: 40 },
        { header: 'ที่เก็บ', width: 40 },
      ],
      rows: ITEM_ROWS,
      rowHeight: 30,
      // Eight columns on a portrait page: the headers at 12 pt.
      fontSize: FORM_SIZE.small,
    }),
    k.notes(`หลักเกณฑ์การรับของกลาง (${EVIDENCE_REGULATION_TH})`, evidenceRulesTh(k.rules)),
    k.signatures([`ผู้ส่งมอบ (${ROLE_TH[Role.INVESTIGATOR]})`, 'ผู้รับ (เจ้าหน้าที่ผู้รักษาของกลาง)', 'พยาน']),
  ];
}

/**
 * ใบรับของบริจาค: the receipt number and date, the donor and the donor's purpose, a ruled row per item
 * with its estimated value and the total, whether the donor is a party to a case here (No Gift Policy),
 * then the donor, the receiving officer and the commander who accepts.
 */
export function donationReceipt(k: FormKit): Node[] {
  return [
    k.blanks([{ label: 'เลขที่ใบรับ', share: 2 }, { label: 'วันที่', after: 'เดือน', share: 2 }, { label: '', after: 'พ.ศ.', share: 1.5 }, { label: '', share: 1 }]),
    k.heading('1. ผู้บริจาค'),
    k.choiceLine(['บุคคล', 'นิติบุคคล/องค์กร'], { label: 'ประเภท', tail: 'ชื่อ' }),
    k.blanks([{ label: 'ที่อยู่' }]),
    k.blanks([{ label: 'โทรศัพท์/ติดต่อ', share: 2 }, { label: 'เลขอ้างอิงของผู้บริจาค', share: 2 }]),
    k.paragraph('ผู้บริจาคเป็นคู่กรณีหรือผู้เกี่ยวข้องในคดีของสถานีนี้หรือไม่'),
    k.choiceLine(['ไม่เป็น', 'เป็น'], { tail: 'คดีที่' }),
    together(
      k.table({
        title: '2. รายการของบริจาค',
        columns: [
          ORDINAL_COLUMN,
          { header: 'รายการ', width: '*' },
          { header: 'จำนวน', width: 48 },
          { header: 'หน่วย', width: 48 },
          { header: 'มูลค่าประมาณ (บาท)', width: 90 },
        ],
        rows: ITEM_ROWS,
        rowHeight: 24,
        total: { label: 'รวมมูลค่าประมาณ', span: 4 },
      }),
      k.blanks([{ label: '(ตัวอักษร', after: 'บาท)' }]),
    ),
    k.heading('3. วัตถุประสงค์ของผู้บริจาค'),
    k.blanks([{ label: '' }]),
    k.blanks([{ label: '' }]),
    k.notes('เงื่อนไขการรับของบริจาค', donationRulesTh(k.rules)),
    k.signatures(['ผู้บริจาค', `ผู้รับ (${ROLE_TH[Role.CLERK]})`]),
    together(
      k.heading(`4. การพิจารณาของ${ROLE_TH[Role.COMMANDER]}`),
      k.choiceLine(['อนุมัติรับ', 'ไม่รับ'], { tail: 'เพราะ' }),
      k.signatures([`${ROLE_TH[Role.COMMANDER]} (อนุมัติรับ)`]),
    ),
  ];
}
