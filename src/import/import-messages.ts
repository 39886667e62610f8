import { th } from '../web/messages/th.js';

const n = (value: number) => value.toLocaleString('th-TH');

/** The Thai words of the import: the report's reasons and the command's summary. */
export const importTh = {
  wholeFile: '(ทั้งไฟล์)',
  wholeRow: '(ทั้งแถว)',
  headerRow: 'หัวคอลัมน์',
  reportHeaders: ['แผ่นงาน', 'แถว', 'คอลัมน์', 'ค่าในเซลล์', 'เหตุผล'],
  required: th.errors.fieldRequired,
  tooLong: th.errors.fieldTooLong,
  notNumber: (raw: string) => `ต้องเป็นตัวเลข (พบ "${raw}")`,
  notInteger: (raw: string) => `ต้องเป็นจำนวนเต็ม (พบ "${raw}")`,
  numberOutOfRange: (raw: string) => `ใช้ตัวเลข ${raw} ไม่ได้: ต้องอยู่ในช่วงที่กำหนด (จำนวนและน้ำหนักต้องมากกว่า 0) และมีทศนิยมไม่เกิน 3 ตำแหน่ง (เงิน 2 ตำแหน่ง)`,
  dateInvalid: (raw: string) => `วันที่ "${raw}" ไม่ถูกต้อง: ใช้ วว/ดด/ปปปป (พ.ศ.) เช่น 25/11/2568 หรือ ปปปป-ดด-วว (ค.ศ.) เช่น 2025-11-25`,
  isoYearNotCe: (year: number) => `วันที่แบบ ปปปป-ดด-วว ต้องใช้ปี ค.ศ. (พบปี ${year}) หรือพิมพ์เป็น วว/ดด/ปปปป (พ.ศ.)`,
  yearNotBe: th.errors.yearNotBe,
  timeInvalid: th.errors.timeInvalid,
  becameDate: 'Excel แปลงค่านี้เป็นวันที่ กรุณาจัดรูปแบบเซลล์เป็นข้อความ (Text) แล้วพิมพ์ใหม่',
  unknownChoice: (raw: string, choices: string[]) => `ไม่รู้จัก "${raw}" เลือกได้: ${choices.join(', ')}`,
  unknownLocation: (code: string) => `ไม่พบที่เก็บรหัส ${code} ในสถานีนี้`,
  denominationsFormat: 'ชนิดธนบัตรต้องเป็น มูลค่า=จำนวนใบ คั่นด้วย ; เช่น 1000=12; 500=1',
  serialTwiceInFile: (serial: string, row: number) => `หมายเลขประจำอาวุธ ${serial} ซ้ำกับแถว ${row} ในไฟล์นี้`,
  unknownHeader: (header: string) => `ไม่รู้จักหัวคอลัมน์ "${header}" (ดูชื่อคอลัมน์ในแผ่นงาน คำอธิบาย ของแม่แบบ)`,
  missingHeader: (header: string) => `ไม่มีคอลัมน์ "${header}" ซึ่งต้องมีในแผ่นงานนี้`,
  headerTwice: (header: string) => `หัวคอลัมน์ "${header}" ซ้ำกันสองคอลัมน์`,
  noRegisterSheet: (names: string[]) => `ไม่พบแผ่นงานทะเบียน: ชื่อแผ่นงานต้องเป็น ${names.join(', ')}`,
  unknownSheet: (name: string, names: string[]) => `ไม่รู้จักแผ่นงาน "${name}": แผ่นงานทะเบียนต้องชื่อ ${names.join(', ')} (ลบหรือเปลี่ยนชื่อแผ่นงานอื่นก่อนนำเข้า)`,
  noRows: 'ไม่มีรายการให้นำเข้า',
  notXlsx: 'อ่านไฟล์ไม่ได้: ต้องเป็นไฟล์ Excel (.xlsx)',
  witnessNeeded: (count: number) => `ไฟล์มีของสำคัญสูง ${n(count)} รายการ ต้องระบุพยานด้วย --witness ชื่อผู้ใช้ (ผู้ใช้อื่นของสถานี)`,
  numbersExhausted: (category: string, yearBe: number, free: number, wanted: number) =>
    `เลขทะเบียน${category}ของปี ${yearBe} เหลือ ${n(free)} เลข ไม่พอสำหรับ ${n(wanted)} รายการ`,
  importedBefore: (when: string, username: string) => `ไฟล์นี้ (SHA-256 เดียวกัน) นำเข้าแล้วเมื่อ ${when} โดย ${username} การนำเข้าซ้ำจะได้รายการซ้ำ`,
  witnessNote: 'พยานระบุโดยผู้ดูแลระบบทางบรรทัดคำสั่ง (ไม่ได้ยืนยันรหัสผ่าน)',
  intakeNote: (file: string, sha256: string, sheet: string, row: number, legacy: string) =>
    `นำเข้าจากทะเบียนเดิม ไฟล์ ${file} (SHA-256 ${sha256}) แผ่นงาน ${sheet} แถว ${row} ลำดับเดิม ${legacy}`,
  noProblems: (rows: number) => `ไม่พบข้อผิดพลาด ตรวจแล้ว ${n(rows)} แถว`,
};
