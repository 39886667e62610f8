import { CATEGORY_TH, ItemCategory } from '../items/item.enums.js';

/** How a cell is read before the DTO sees it (see cell-values.ts). */
export type CellType = 'text' | 'number' | 'integer' | 'date' | 'kind' | 'condition' | 'location' | 'acquisition' | 'funding' | 'denominations';

/** One column of a register sheet: a file format, so headers change only with a note in the README. */
export interface ImportColumn {
  /** Where the value goes: a path of CreateItemDto, `locationCode`, or the old register's number and remarks (kept in the item's details). */
  key: string;
  header: string;
  /** Other headers accepted for the same column (what old registers call it). */
  aliases?: string[];
  type: CellType;
  /** Marked * in the template and its header must be there; whether a value is really needed is the DTO's and the rules' call. */
  required?: boolean;
  hint: string;
  example: string | number;
  width: number;
}

/** The key of the old register's number, kept in the item's details so an imported item can be traced. */
export const LEGACY_NUMBER = 'legacyRegisterNumber';
/** The old register's remarks, kept beside its number. */
export const LEGACY_REMARKS = 'legacyRemarks';
export const LOCATION_CODE = 'locationCode';

const DATE_HINT = 'วว/ดด/ปปปป (พ.ศ.) เช่น 25/11/2568 ใส่เวลาต่อท้ายได้ เช่น 25/11/2568 14:30 หรือ ปปปป-ดด-วว (ค.ศ.) หรือเซลล์วันที่ของ Excel';
const NUMBER_HINT = 'ตัวเลข มีจุลภาคคั่นหลักพันได้ เช่น 1,250.50';

const FIRST: ImportColumn[] = [
  { key: LEGACY_NUMBER, header: 'ลำดับเดิม', aliases: ['เลขทะเบียนเดิม', 'ลำดับที่เดิม', 'เลขที่เดิม'], type: 'text', required: true, hint: 'เลขลำดับหรือเลขทะเบียนในทะเบียนเดิม (กระดาษหรือ Excel) เก็บไว้กับรายการเพื่อสืบย้อนได้', example: '125/2566', width: 12 },
  { key: 'kind', header: 'ชนิด', aliases: ['ประเภท'], type: 'kind', required: true, hint: 'เลือกจากรายการ (ภาษาไทย) หรือพิมพ์รหัสภาษาอังกฤษ เช่น drugs', example: 'อุปกรณ์อิเล็กทรอนิกส์', width: 20 },
  { key: 'description', header: 'รายการ', aliases: ['รายการ (ลักษณะของ)', 'ลักษณะของ'], type: 'text', required: true, hint: 'ลักษณะ สี ยี่ห้อ ตำหนิ ที่ช่วยให้ระบุตัวของได้ (ไม่เกิน 1,000 ตัวอักษร)', example: 'โทรศัพท์มือถือ Samsung สีดำ หน้าจอแตก', width: 40 },
  { key: 'quantity', header: 'จำนวน', type: 'number', hint: `${NUMBER_HINT} เว้นว่าง = 1`, example: 1, width: 10 },
  { key: 'unit', header: 'หน่วยนับ', type: 'text', hint: 'เว้นว่างได้ ระบบใช้หน่วยตามชนิด เช่น กระบอก นัด คัน ชิ้น', example: 'เครื่อง', width: 10 },
  { key: LOCATION_CODE, header: 'รหัสที่เก็บ', aliases: ['ที่เก็บ', 'สถานที่เก็บ'], type: 'location', required: true, hint: 'รหัสที่เก็บของสถานี (ดูแผ่นงาน ค่าที่เลือกได้) ของสำคัญสูงต้องอยู่ในที่เก็บปลอดภัย', example: 'R1', width: 12 },
  { key: 'condition', header: 'สภาพ', type: 'condition', hint: 'เลือกจากรายการ เว้นว่าง = ใช้การได้', example: 'ใช้การได้', width: 14 },
  { key: LEGACY_REMARKS, header: 'หมายเหตุ', aliases: ['หมายเหตุเดิม'], type: 'text', hint: 'หมายเหตุในทะเบียนเดิม ถ้ามี (เก็บไว้กับรายการ)', example: 'รับโอนจากทะเบียนปี 2566', width: 20 },
];

const SERIAL: ImportColumn = { key: 'serialNumber', header: 'หมายเลขประจำเครื่อง', aliases: ['หมายเลขซีเรียล', 'เลขเครื่อง'], type: 'text', hint: 'เช่น เลขเครื่อง เลขตัวปืน (ระบบตัดช่องว่างและใช้ตัวพิมพ์ใหญ่)', example: 'R58N12ABC', width: 18 };
const SEAL: ImportColumn = { key: 'sealNumber', header: 'เลขซีล', aliases: ['เลขซีล (ที่ปิดผนึก)'], type: 'text', hint: 'เลขที่ปิดผนึก ถ้ามี', example: 'ซล.0012345', width: 14 };
const AMOUNT: ImportColumn = { key: 'amount', header: 'จำนวนเงิน (บาท)', type: 'number', hint: `เงินสดต้องระบุ ${NUMBER_HINT}`, example: '12,500.00', width: 14 };
const DENOMINATIONS: ImportColumn = { key: 'denominations', header: 'ชนิดธนบัตร', type: 'denominations', hint: 'เฉพาะเงินสด: มูลค่า=จำนวนใบ คั่นด้วย ; เช่น 1000=12; 500=1 (รวมแล้วต้องเท่าจำนวนเงิน)', example: '1000=12; 500=1', width: 18 };

/** The columns of each category's sheet, in the template's order. */
export const IMPORT_COLUMNS: Record<ItemCategory, ImportColumn[]> = {
  [ItemCategory.EVIDENCE]: [
    ...FIRST,
    SERIAL,
    SEAL,
    { key: 'weightGrams', header: 'น้ำหนักรวม (กรัม)', type: 'number', hint: `ยาเสพติดต้องระบุ ${NUMBER_HINT}`, example: '21.5', width: 12 },
    { key: 'netWeightGrams', header: 'น้ำหนักสุทธิ (กรัม)', type: 'number', hint: `ไม่เกินน้ำหนักรวม ${NUMBER_HINT}`, example: '19.8', width: 12 },
    AMOUNT,
    DENOMINATIONS,
    { key: 'evidence.caseNumber', header: 'คดีอาญาที่', aliases: ['เลขคดี'], type: 'text', required: true, hint: 'เลขคดี เช่น 123/2568 (ต้องกรอกทุกแถว)', example: '123/2568', width: 12 },
    { key: 'evidence.dailyReportRef', header: 'ป.จ.ว. ข้อที่', aliases: ['ปจว.', 'ป.จ.ว.'], type: 'text', hint: 'เลขข้อในรายงานประจำวัน', example: 'ข้อ 5', width: 10 },
    { key: 'evidence.offence', header: 'ข้อหา', aliases: ['ฐานความผิด'], type: 'text', hint: 'ข้อหาหรือฐานความผิด', example: 'ลักทรัพย์', width: 20 },
    { key: 'evidence.seizedFrom', header: 'ยึดจาก', type: 'text', hint: 'ชื่อผู้ครอบครองที่ถูกยึด', example: 'นายสมชาย ใจดี', width: 18 },
    { key: 'evidence.seizedAt', header: 'วันที่ยึด', type: 'date', hint: DATE_HINT, example: '10/01/2568 14:30', width: 16 },
    { key: 'evidence.seizedPlace', header: 'สถานที่ยึด', type: 'text', hint: 'ที่เกิดเหตุหรือที่ตรวจยึด', example: 'ซอยจุฬาลงกรณ์ 42', width: 20 },
    { key: 'evidence.seizingOfficer', header: 'เจ้าหน้าที่ผู้ยึด', type: 'text', hint: 'ยศ ชื่อ ของผู้ยึด', example: 'ร.ต.อ.สมศักดิ์ รักดี', width: 18 },
    { key: 'evidence.ownerName', header: 'เจ้าของ', aliases: ['เจ้าของ (ถ้าทราบ)'], type: 'text', hint: 'ชื่อเจ้าของ ถ้าทราบ', example: 'นางสาวมาลี ศรีสุข', width: 18 },
    { key: 'evidence.ownerNotifiedAt', header: 'วันที่แจ้งเจ้าของ', type: 'date', hint: DATE_HINT, example: '15/01/2568', width: 14 },
    { key: 'evidence.publicNoticeAt', header: 'วันที่ประกาศหาเจ้าของ', type: 'date', hint: DATE_HINT, example: '01/02/2568', width: 14 },
    { key: 'evidence.reviewDate', header: 'วันที่ต้องทบทวน', type: 'date', hint: DATE_HINT, example: '10/01/2569', width: 14 },
  ],
  [ItemCategory.PROPERTY]: [
    ...FIRST,
    SERIAL,
    SEAL,
    { key: 'property.assetNumber', header: 'เลขครุภัณฑ์', type: 'text', hint: 'เลขครุภัณฑ์ของทางราชการ', example: '7440-001-0001/2560', width: 18 },
    { key: 'property.acquisitionDate', header: 'วันที่ได้มา', type: 'date', hint: DATE_HINT, example: '01/10/2560', width: 14 },
    { key: 'property.acquisitionMethod', header: 'วิธีการได้มา', type: 'acquisition', hint: 'เลือกจากรายการ: ซื้อ รับบริจาค รับโอน อื่น ๆ', example: 'ซื้อ', width: 12 },
    { key: 'property.acquisitionDocument', header: 'เลขที่เอกสารการได้มา', type: 'text', hint: 'เลขที่สัญญา ใบส่งของ หรือหนังสือโอน', example: 'สัญญาเลขที่ 12/2560', width: 18 },
    { key: 'property.fundingSource', header: 'แหล่งเงิน', type: 'funding', hint: 'เลือกจากรายการ: เงินงบประมาณ เงินนอกงบประมาณ เงินบริจาค', example: 'เงินงบประมาณ', width: 14 },
    { key: 'property.unitPrice', header: 'ราคาต่อหน่วย (บาท)', type: 'number', hint: NUMBER_HINT, example: '25,000.00', width: 14 },
    { key: 'property.usefulLifeYears', header: 'อายุการใช้งาน (ปี)', type: 'integer', hint: 'จำนวนเต็ม 0–100', example: 5, width: 10 },
    { key: 'property.depreciationRate', header: 'อัตราค่าเสื่อมราคา (ร้อยละต่อปี)', type: 'number', hint: 'ตัวเลข 0–100', example: 20, width: 12 },
  ],
  [ItemCategory.WEAPON]: [
    ...FIRST,
    { ...SERIAL, header: 'หมายเลขประจำอาวุธ', aliases: ['หมายเลขประจำเครื่อง', 'หมายเลขปืน', 'เลขตัวปืน'], hint: 'อาวุธปืนต้องระบุ ห้ามซ้ำกันในสถานี (ระบบตัดช่องว่างและใช้ตัวพิมพ์ใหญ่)', example: 'ABC12345' },
    SEAL,
    { key: 'weapon.make', header: 'ยี่ห้อ', type: 'text', hint: 'ยี่ห้อผู้ผลิต', example: 'Glock', width: 12 },
    { key: 'weapon.model', header: 'รุ่น / แบบ', aliases: ['รุ่น', 'แบบ'], type: 'text', hint: 'รุ่นหรือแบบ', example: '19', width: 10 },
    { key: 'weapon.calibre', header: 'ขนาดลำกล้อง', aliases: ['ขนาด'], type: 'text', hint: 'เช่น 9 มม. .38', example: '9 มม.', width: 10 },
    { key: 'weapon.registrationNumber', header: 'เลขทะเบียนอาวุธ', type: 'text', hint: 'เลขทะเบียนของกองสรรพาวุธ ถ้ามี', example: 'ตช.12345', width: 14 },
  ],
  [ItemCategory.DONATION]: [
    ...FIRST,
    SERIAL,
    SEAL,
    AMOUNT,
    DENOMINATIONS,
    { key: 'donation.donorName', header: 'ชื่อผู้บริจาค', aliases: ['ผู้บริจาค'], type: 'text', required: true, hint: 'บุคคลหรือหน่วยงานที่บริจาค', example: 'บริษัท ตัวอย่าง จำกัด', width: 20 },
    { key: 'donation.donorContact', header: 'ที่อยู่ / โทรศัพท์ของผู้บริจาค', aliases: ['ติดต่อผู้บริจาค'], type: 'text', hint: 'ที่อยู่หรือโทรศัพท์', example: '02-123-4567', width: 18 },
    { key: 'donation.receivedAt', header: 'วันที่รับบริจาค', type: 'date', required: true, hint: DATE_HINT, example: '05/03/2567', width: 14 },
    { key: 'donation.estimatedValue', header: 'มูลค่าโดยประมาณ (บาท)', type: 'number', hint: NUMBER_HINT, example: '35,000', width: 14 },
    { key: 'donation.purpose', header: 'วัตถุประสงค์ของผู้บริจาค', type: 'text', required: true, hint: 'ใช้ของบริจาคได้ตามวัตถุประสงค์นี้เท่านั้น', example: 'ใช้ในงานป้องกันปราบปราม', width: 24 },
    { key: 'donation.receiptNumber', header: 'เลขที่หลักฐานการบริจาค', type: 'text', hint: 'เลขที่หนังสือหรือหลักฐานของผู้บริจาค ถ้ามี', example: 'บจ.15/2567', width: 14 },
  ],
};

/** The template's own sheets: the explanation and the drop-down lists; an import reads past them. */
export const EXPLAIN_SHEET = 'คำอธิบาย';
export const LISTS_SHEET = 'ค่าที่เลือกได้';

/** A register sheet is named for its category in Thai (ของกลาง, ทรัพย์สินราชการ, อาวุธและยุทธภัณฑ์, ของบริจาค). */
export function categoryOfSheet(name: string): ItemCategory | undefined {
  const wanted = name.replace(/\s+/g, '');
  return Object.values(ItemCategory).find((c) => CATEGORY_TH[c].replace(/\s+/g, '') === wanted);
}

/** A header as typed: spaces collapsed, the template's required mark (*) dropped. */
export function normaliseHeader(text: string): string {
  return text.replace(/\*/g, '').replace(/\s+/g, ' ').trim();
}

/** The column a header names in a category's sheet, by its header or one of its aliases. */
export function columnOfHeader(category: ItemCategory, header: string): ImportColumn | undefined {
  const wanted = normaliseHeader(header).replace(/\s+/g, '');
  return IMPORT_COLUMNS[category].find((c) => [c.header, ...(c.aliases ?? [])].some((h) => h.replace(/\s+/g, '') === wanted));
}
