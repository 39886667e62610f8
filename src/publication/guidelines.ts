import { ItemCategory, RiskClass } from '../items/item.enums.js';
import { toThaiDigitsOutsideCodes } from '../reports/registers/register-document.js';
import { thaiDate } from '../reports/thai-dates.js';
import { approversTh, highKindsOf, type Signer, type StationRules } from './station-rules.js';

/**
 * The station's O23 announcement (ประกาศ… เรื่อง การจัดการทรัพย์สินของราชการ ของบริจาค และการจัดเก็บของกลาง
 * และแนวทางการนำไปปฏิบัติ, DOMAIN-TH §1 and §7) as a document model: every sentence that states a rule is
 * built from StationRules, so a changed setting changes the next announcement. The PDF and the DOCX
 * render this one model, so both say the same words.
 */
export interface GuidelinesDocument {
  /** "ประกาศสถานีตำรวจนครบาลบึงกุ่ม" */
  heading: string;
  subject: string;
  preamble: string[];
  sections: GuidelinesSection[];
  closing: string[];
  /** "ประกาศ ณ วันที่ 26 พฤศจิกายน พ.ศ. 2569" */
  announcedOn: string;
  signer: Signer | null;
  /** The line each page's footer carries: the station and the settings version the text came from. */
  source: string;
  settingsVersion: number;
  effectiveAt: Date;
  title: string;
  author: string;
}

export interface GuidelinesSection {
  /** "1." */
  number: string;
  heading: string;
  blocks: GuidelinesBlock[];
}

/** A numbered clause ("1.1 …"), a paragraph, or a table with its header row. */
export type GuidelinesBlock =
  | { kind: 'clause'; number: string; text: string; points?: string[] }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][]; widths: number[] };

export const GUIDELINES_SUBJECT = 'การจัดการทรัพย์สินของราชการ ของบริจาค และการจัดเก็บของกลาง และแนวทางการนำไปปฏิบัติ';

const MONEY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const RISK_TH: Record<RiskClass, string> = { [RiskClass.HIGH]: 'ความเสี่ยงสูง', [RiskClass.NORMAL]: 'ความเสี่ยงปกติ' };

export function guidelinesDocument(rules: StationRules): GuidelinesDocument {
  const digits = (s: string) => (rules.settings.thaiNumerals ? toThaiDigitsOutsideCodes(s) : s);
  const build = new GuidelinesText(rules);
  const sections = build.sections();
  let n = 0;
  // Numbers are given here, so that dropping a section never leaves a gap.
  const numbered = sections.map((s) => {
    n += 1;
    let c = 0;
    return {
      number: digits(`${n}.`),
      heading: s.heading,
      blocks: s.blocks.map((b) => (b.kind === 'clause' ? { ...b, number: digits(`${n}.${++c}`), text: digits(b.text), points: b.points?.map(digits) } : b.kind === 'paragraph' ? { ...b, text: digits(b.text) } : { ...b, rows: b.rows.map((r) => r.map(digits)) })),
    };
  });
  const station = rules.station.nameTh;
  return {
    heading: `ประกาศ${station}`,
    subject: `เรื่อง ${GUIDELINES_SUBJECT}`,
    preamble: [build.preamble()].map(digits),
    sections: numbered,
    closing: [build.closing()].map(digits),
    announcedOn: digits(`ประกาศ ณ วันที่ ${thaiDate(rules.effectiveAt).replace(/ (\d{4})$/, ' พ.ศ. $1')}`),
    signer: rules.signer,
    source: digits(`จัดทำจากการตั้งค่าของระบบคลัง (Khlang) ฉบับที่ ${rules.settingsVersion} ของ${station} (${rules.station.code})`),
    settingsVersion: rules.settingsVersion,
    effectiveAt: rules.effectiveAt,
    title: `ประกาศ${station} เรื่อง ${GUIDELINES_SUBJECT}`,
    author: station,
  };
}

/** A block before numbering: clauses get their numbers once the sections are in order. */
type GuidelinesBlockDraft = Exclude<GuidelinesBlock, { kind: 'clause' }> | { kind: 'clause'; text: string; points?: string[] };
type Draft = { heading: string; blocks: GuidelinesBlockDraft[] };

/** The sentences, one method per section of ITA O23 part 1 and 2 (DOMAIN-TH §1). */
class GuidelinesText {
  private readonly s: StationRules['settings'];

  constructor(private readonly rules: StationRules) {
    this.s = rules.settings;
  }

  preamble(): string {
    return (
      `เพื่อให้การจัดการทรัพย์สินของราชการ อาวุธยุทธภัณฑ์ ของบริจาค และของกลางของ${this.rules.station.nameTh} ` +
      'เป็นไปโดยถูกต้อง โปร่งใส ตรวจสอบได้ และป้องกันมิให้มีการนำทรัพย์สินของราชการไปใช้ประโยชน์ส่วนตน ' +
      'ตลอดจนป้องกันการสับเปลี่ยนของกลาง การไม่นำของกลางเข้าระบบ หรือการนำเข้าเพียงบางส่วน ' +
      'ตามระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 หมวด 9 ' +
      'ระเบียบสำนักงานตำรวจแห่งชาติว่าด้วยการเก็บรักษาและการจำหน่ายของกลาง พ.ศ. 2565 ' +
      `และการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ตัวชี้วัด ${this.s.itaItemNumber} ` +
      'จึงประกาศหลักเกณฑ์และแนวทางการปฏิบัติ ซึ่งระบบคลัง (Khlang) ของสถานีบังคับใช้กับการบันทึกทุกรายการ ดังต่อไปนี้'
    );
  }

  closing(): string {
    return 'ให้ข้าราชการตำรวจและเจ้าหน้าที่ในสังกัดถือปฏิบัติโดยเคร่งครัด ทั้งนี้ ตั้งแต่วันประกาศเป็นต้นไป';
  }

  sections(): Draft[] {
    return [this.classification(), this.control(), this.weapons(), this.borrowing(), this.evidence(), this.donations(), this.reporting()];
  }

  private classification(): Draft {
    const high = this.rules.highRiskKinds;
    const added = high.filter((k) => k.addedByStation).map((k) => k.nameTh);
    return {
      heading: 'การจำแนกประเภททรัพย์สิน',
      blocks: [
        clause('ทรัพย์สินที่อยู่ในความดูแลของสถานีแบ่งเป็น 4 หมวด แต่ละหมวดแบ่งเป็นประเภท ดังตารางต่อไปนี้ ทุกรายการลงทะเบียนในระบบตามหมวดและประเภท พร้อมเอกสารที่เกี่ยวข้อง (ข้อ 203)'),
        {
          kind: 'table',
          header: ['หมวด', 'รหัสหมวด', 'ประเภท', 'ประเภทที่มีความเสี่ยงสูง'],
          widths: [22, 12, 40, 26],
          rows: this.rules.categories.map((c) => [c.nameTh, c.codePrefix, c.kinds.map((k) => k.nameTh).join(' '), highKindsOf(c).join(' ') || '-']),
        },
        clause(
          `ทรัพย์สินประเภท ${high.map((k) => k.nameTh).join(' ')} เป็นทรัพย์สินที่มีความเสี่ยงสูงต่อการสูญหายหรือการนำไปใช้ประโยชน์ส่วนตน` +
            (added.length ? ` (สถานีกำหนดเพิ่มเติม ได้แก่ ${added.join(' ')})` : '') +
            ' ต้องควบคุมเข้มงวดตามข้อ 2',
        ),
        clause(`ครุภัณฑ์ที่มีราคาต่อหน่วยต่ำกว่า ${MONEY.format(this.s.materialsThresholdBaht)} บาท ถือเป็นวัสดุ ควบคุมด้วยบัญชีวัสดุแสดงยอดรับ จ่าย และคงเหลือ`),
      ],
    };
  }

  private control(): Draft {
    return {
      heading: 'การควบคุม ดูแล และตรวจสอบทรัพย์สิน',
      blocks: [
        clause('ทุกรายการที่รับเข้ามีรหัสประจำรายการและฉลากบาร์โค้ดติดกับตัวทรัพย์สิน การรับเข้า ย้าย ยืม คืน ส่งออก รับคืน ตรวจสภาพ และจำหน่าย ต้องสแกนฉลากและบันทึกในระบบทุกครั้ง โดยระบุผู้กระทำ เวลา สถานที่ และเอกสารอ้างอิง'),
        clause('ทรัพย์สินที่มีความเสี่ยงสูงทุกครั้งที่มีการเคลื่อนไหว ต้องมีพยานซึ่งมิใช่ผู้กระทำยืนยันตัวตนด้วยชื่อผู้ใช้และรหัสผ่านของตนเองในรายการเดียวกัน และต้องเก็บรักษาในสถานที่ที่กำหนดเป็นที่เก็บปลอดภัย (ตู้นิรภัย คลังอาวุธ หรือตู้เก็บยาเสพติด) เท่านั้น'),
        clause(
          `เมื่อนำทรัพย์สินที่มีความเสี่ยงสูงออกและรับคืน เจ้าหน้าที่ต้องกรอกหมายเลขซีล น้ำหนัก หรือจำนวนเงินที่เห็นจริงโดยไม่เห็นค่าที่บันทึกไว้ ` +
            `ระบบจะเปรียบเทียบกับทะเบียน หากหมายเลขซีลไม่ตรง หรือน้ำหนักต่างเกิน ${MONEY.format(this.s.weightToleranceGrams)} กรัม ระบบบันทึกเป็นเหตุผิดปกติเสนอผู้บังคับบัญชาทันที`,
        ),
        clause('การตรวจนับทรัพย์สินมีดังนี้', [
          ...this.rules.counts.map((c) => {
            const scope = c.fullCount ? 'นับทุกรายการในขอบเขต' : c.defaultSamplePercent !== null ? `นับรายการความเสี่ยงสูงทุกรายการ และสุ่มรายการอื่นร้อยละ ${c.defaultSamplePercent}` : 'ตามที่ผู้บังคับบัญชาสั่ง โดยไม่แจ้งล่วงหน้า';
            return `${c.nameTh}: ${COUNT_WHEN[c.kind] ?? ''}${scope}`;
          }),
          'การตรวจนับอาจทำแบบปิดตา โดยผู้ตรวจนับไม่เห็นรายการที่ควรพบจนกว่าจะส่งผล เมื่อปิดการตรวจนับต้องมีผู้ลงนามรับรองซึ่งมิใช่ผู้ตรวจนับ',
        ]),
        clause(
          'คณะกรรมการตรวจสอบพัสดุประจำปีแต่งตั้งในเดือนกันยายน ต้องไม่ใช่เจ้าหน้าที่พัสดุ ตรวจนับ ณ วันที่ 30 กันยายน เริ่มตรวจในวันทำการแรกของเดือนตุลาคม ' +
            'และรายงานภายใน 30 วันทำการ โดยระบุสภาพทุกรายการ (ใช้การได้ ชำรุด เสื่อมสภาพ สูญไป ไม่จำเป็นต้องใช้) (ข้อ 213)',
        ),
        clause('ผลการตรวจนับที่ไม่ตรงกับทะเบียน (ไม่พบ พบโดยไม่คาดหมาย อยู่ผิดที่ สภาพเปลี่ยน ซีลไม่ตรง สแกนซ้ำ) ทุกรายการเป็นเหตุผิดปกติ ซึ่งผู้บังคับบัญชาเท่านั้นปิดเรื่องได้พร้อมบันทึกผล ทรัพย์สินชำรุดหรือสูญหายให้ดำเนินการหาข้อเท็จจริง (ข้อ 214)'),
        clause('การบันทึกทุกรายการเก็บในบันทึกการตรวจสอบที่เพิ่มได้อย่างเดียว แก้ไขหรือลบไม่ได้ และเชื่อมกันด้วยค่าแฮช SHA-256 การแก้ไขข้อมูลทำได้โดยบันทึกรายการแก้ไขพร้อมเหตุผลเท่านั้น ทรัพย์สินที่จำหน่ายแล้วปิดรายการ ไม่ลบออกจากระบบ'),
      ],
    };
  }

  private weapons(): Draft {
    const weapon = this.rules.categories.find((c) => c.category === ItemCategory.WEAPON)!;
    return {
      heading: 'การตรวจนับอาวุธประจำวัน',
      blocks: [
        clause(`ตรวจนับ${weapon.nameTh}ทุกวัน ให้พร้อมใช้ในการปฏิบัติหน้าที่ โดยนับทุกรายการและกระทบยอด: อยู่ในคลัง + จ่ายประจำผลัด + ยืมหรือส่งออกโดยมีหลักฐาน = ยอดตามบัญชีคุม`),
        clause('การเบิกจ่ายอาวุธประจำผลัดบันทึกในสมุดเบิกจ่ายอาวุธของระบบ โดยหัวหน้างานเปิดผลัด จ่ายอาวุธและเครื่องกระสุนตามรายชื่อผู้ปฏิบัติหน้าที่ และรับคืนเมื่อสิ้นผลัดพร้อมบันทึกกระสุนที่ใช้ไปและเหตุผล การปิดผลัดที่ยังมีอาวุธค้างคืนต้องระบุเหตุผล'),
        clause('ผลการตรวจนับที่ไม่ครบเป็นเหตุผิดปกติเสนอผู้บังคับบัญชาทันที วันที่ไม่มีการตรวจนับแสดงในรายงานประจำเดือน'),
      ],
    };
  }

  private borrowing(): Draft {
    const rows = this.rules.approvals.map((a) => [a.categoryTh, RISK_TH[a.riskClass], approversTh(a.onPremises), approversTh(a.offPremises)]);
    const tightened = this.s.commanderOnlyLoans;
    return {
      heading: 'การยืมและการเบิกจ่ายทรัพย์สิน',
      blocks: [
        clause('ห้ามยืมทรัพย์สินของราชการหรือของบริจาคไปใช้ประโยชน์ส่วนตน การยืมต้องบันทึกคำขอในระบบ ระบุรายการโดยสแกนฉลาก วัตถุประสงค์ การใช้ในหรือนอกสถานที่ และกำหนดส่งคืน (ข้อ 207)'),
        clause('ผู้มีอำนาจอนุมัติการยืม เป็นไปตามตารางต่อไปนี้ คำขอที่มีหลายรายการต้องได้รับอนุมัติจากผู้มีอำนาจสำหรับทุกรายการ (ข้อ 208)'),
        { kind: 'table', header: ['หมวด', 'ระดับความเสี่ยง', 'ใช้ในสถานที่', 'นำออกนอกสถานที่'], widths: [22, 20, 29, 29], rows },
        ...(tightened.length
          ? [clause(`สถานีกำหนดให้การยืม${tightened.map((t) => (t === 'HIGH' ? 'ทรัพย์สินที่มีความเสี่ยงสูง' : this.rules.categories.find((c) => c.category === t)?.nameTh ?? t)).join(' และ')} ต้องได้รับอนุมัติจากผู้บังคับบัญชาเท่านั้น`)]
          : []),
        clause('ผู้อนุมัติต้องไม่ใช่ผู้ขอยืม การไม่อนุมัติต้องระบุเหตุผล ผู้ขอยืมยกเลิกคำขอได้ก่อนจ่ายเท่านั้น ทรัพย์สินหนึ่งรายการอยู่ในคำขอยืมที่ยังไม่ปิดได้เพียงคำขอเดียว'),
        clause('เจ้าหน้าที่พัสดุผู้จ่ายต้องไม่ใช่ผู้ขอยืมหรือผู้อนุมัติ และต้องสแกนทุกรายการเมื่อจ่าย ทรัพย์สินที่มีความเสี่ยงสูงต้องมีพยานและตรวจซีล น้ำหนัก หรือจำนวนเงินแบบปิดตาทั้งเมื่อจ่ายและเมื่อรับคืน'),
        clause(
          `เมื่อพ้นกำหนดส่งคืน ระบบแสดงสถานะเกินกำหนดทันที และแจ้งเตือนผู้อนุมัติเมื่อครบ ${this.s.overdueEscalationDays} วันนับแต่วันครบกำหนด ` +
            `ผู้อนุมัติต้องติดตามทวงคืนภายใน ${this.s.overdueEscalationDays} วันนับแต่วันครบกำหนด (ข้อ 211) และการทวงคืนแสดงในรายงานประจำเดือน`,
        ),
        clause(
          'ผู้ยืมต้องส่งคืนทรัพย์สินในสภาพที่ใช้การได้เรียบร้อย หากชำรุดเสียหายหรือใช้การไม่ได้ หรือสูญหาย ผู้ยืมต้องซ่อมแซมให้คงสภาพเดิม หรือชดใช้เป็นทรัพย์สินประเภท ชนิด ขนาด ลักษณะ และคุณภาพอย่างเดียวกัน หรือชดใช้เป็นเงินตามราคาที่เป็นอยู่ในขณะยืม (ข้อ 209)',
        ),
        clause('การรับคืนบันทึกสภาพและจำนวนทุกรายการ คืนบางส่วนได้ สภาพชำรุดหรือเสื่อมสภาพเมื่อคืนเป็นเหตุผิดปกติ เครื่องกระสุนที่ใช้ไปต้องระบุเหตุผล ผู้ยืมรับคืนของตนเองไม่ได้ และทรัพย์สินกลับไปยังที่เก็บเดิม'),
      ],
    };
  }

  private evidence(): Draft {
    const code = this.rules.station.code;
    const evidence = this.rules.categories.find((c) => c.category === ItemCategory.EVIDENCE)!;
    const yy = String(new Date(this.rules.effectiveAt.getTime() + 7 * 3600_000).getUTCFullYear() + 543).slice(2);
    return {
      heading: 'การจัดเก็บของกลาง',
      blocks: [
        clause(
          'พนักงานสอบสวนลงทะเบียนของกลางในระบบทันทีที่ส่งมอบ พร้อมเลขคดี รายงานประจำวันรับแจ้ง (ป.จ.ว.) ข้อหา ผู้ถูกยึด วันเวลาและสถานที่ยึด ' +
            'และเจ้าหน้าที่ผู้รักษาของกลางรับมอบโดยสแกนและติดฉลาก (ข้อ 12)',
        ),
        clause(
          `รหัสของกลางเป็นเลขลำดับต่อเนื่องไม่ขาดช่วงต่อสถานี หมวด และปี รูปแบบ ${code}-EV${yy}-000001 ระบบออกเลขในรายการเดียวกับการรับเข้า ` +
            'เลขที่ขาดหายจึงแสดงว่ามีรายการถูกนำออก ฉลากมีบาร์โค้ด Code 128 และ QR ของรหัสเดียวกัน การพิมพ์ฉลากซ้ำบันทึกทุกครั้ง',
        ),
        clause(`ของกลางที่มีความเสี่ยงสูง (${highKindsOf(evidence).join(' ')}) บันทึกหมายเลขซีล น้ำหนัก หรือจำนวนเงินเมื่อรับเข้า มีพยานทุกครั้ง และเก็บในที่เก็บปลอดภัย`),
        clause('การส่งของกลางตรวจพิสูจน์ ส่งพนักงานอัยการ หรือส่งศาล ต้องมีเลขหนังสืออ้างอิงและบันทึกผู้รับ เมื่อรับคืนต้องตรวจซีลและน้ำหนักแบบปิดตา ทุกการเคลื่อนไหวอยู่ในบัญชีการครอบครองของกลาง (chain of custody) ซึ่งพิมพ์เป็นเอกสารเสนอศาลได้'),
        clause(`ตรวจนับของกลางทุกเดือน และทบทวนของกลางแต่ละรายการเมื่อครบ ${this.s.evidenceReviewMonths} เดือนนับแต่รับเข้า หากไม่ได้กำหนดวันทบทวนไว้`),
        clause('ระบบแสดงรายการของกลางที่ถึงกำหนดพิจารณาจำหน่าย เมื่อแจ้งเจ้าของแล้วไม่มารับภายใน 1 ปี หรือไม่ทราบตัวเจ้าของเมื่อครบ 5 ปีนับแต่ประกาศ (ข้อ 47) และรายการอาวุธปืนของกลางที่ยังไม่ได้ตรวจสอบก่อนวันที่ 30 กันยายน (ข้อ 53)'),
        clause('การจำหน่ายของกลางต้องมีคำขอพร้อมฐานทางกฎหมายหรือคำสั่งศาล ผู้บังคับบัญชาอนุมัติ และดำเนินการต่อหน้าพยาน ยาเสพติดต้องชั่งน้ำหนักซ้ำและเปรียบเทียบกับน้ำหนักเมื่อรับเข้า ของกลางที่จำหน่ายแล้วปิดรายการ ไม่ลบออกจากระบบ'),
      ],
    };
  }

  private donations(): Draft {
    return {
      heading: 'การรับและการใช้ของบริจาค',
      blocks: [
        clause('ของบริจาคทุกรายการลงทะเบียนพร้อมชื่อผู้บริจาค วันที่รับ มูลค่าประมาณ และวัตถุประสงค์ของผู้บริจาค และออกใบรับทุกครั้ง'),
        clause('ผู้บังคับบัญชาพิจารณารับหรือไม่รับของบริจาคทุกรายการ หากชื่อผู้บริจาคตรงกับบุคคลที่มีชื่อในของกลางหรือคดีของสถานี ระบบแจ้งผู้บังคับบัญชาก่อนพิจารณา เพื่อป้องกันการรับประโยชน์จากผู้มีส่วนได้เสีย (No Gift Policy)'),
        clause('ของบริจาคใช้ตามวัตถุประสงค์ของผู้บริจาคเท่านั้น และการยืมเป็นไปตามข้อ 4'),
      ],
    };
  }

  private reporting(): Draft {
    return {
      heading: 'การรายงานผลและการสร้างการรับรู้',
      blocks: [
        clause(
          `เจ้าหน้าที่พัสดุจัดทำรายงานผลการจัดการทรัพย์สินของราชการ ของบริจาค และของกลางทุกเดือน และรายงานครึ่งปีงบประมาณ (ตุลาคม – มีนาคม) ตัวเลขทุกรายการคำนวณจากทะเบียนในระบบ ` +
            'ผู้บังคับบัญชาซึ่งมิใช่ผู้จัดทำเป็นผู้ออกรายงาน รายงานที่ออกแล้วแก้ไขไม่ได้ และระบุค่าแฮช SHA-256 ของไฟล์และค่าแฮชสุดท้ายของบันทึกการตรวจสอบ ณ สิ้นช่วง',
        ),
        clause(`เผยแพร่ประกาศนี้ แผนผังขั้นตอน แบบฟอร์ม และรายงานที่ออกแล้ว ทั้งไฟล์ PDF และ Excel บนเว็บไซต์ของสถานี (ตัวชี้วัด ${this.s.itaItemNumber}) ผู้ใดก็ตรวจสอบได้ว่าไฟล์ที่ได้รับตรงกับรายงานที่ออกจริง`),
        clause('แจ้งเวียนประกาศนี้ให้ข้าราชการตำรวจในสังกัดทราบและลงนามรับทราบ ติดประกาศ ณ ห้องเก็บทรัพย์สินและคลังอาวุธ ชี้แจงในการประชุมประจำเดือนและก่อนรับมอบหน้าที่ และระบบแสดงเหตุผลเป็นภาษาไทยทุกครั้งที่ปฏิเสธการบันทึกที่ขัดต่อหลักเกณฑ์นี้'),
      ],
    };
  }
}

/** When each kind of count is made. */
const COUNT_WHEN: Record<string, string> = {
  DAILY_ARMS: 'ทุกวัน ',
  MONTHLY_EVIDENCE: 'ทุกเดือน ',
  ANNUAL_PROPERTY: 'ปีละครั้ง ',
  SPOT: '',
};

function clause(text: string, points?: string[]): GuidelinesBlockDraft {
  return points ? { kind: 'clause', text, points } : { kind: 'clause', text };
}
