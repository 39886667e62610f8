import type pg from 'pg';
import { CATEGORY_CODE } from '../../src/items/item.enums.js';
import type { BenchStation } from './app-kit.js';

/** Descriptions by kind, as clerks write them; `{n}` becomes a number that varies by item. */
const DESCRIPTIONS: Record<string, string[]> = {
  drugs: [
    'ยาบ้า (เมทแอมเฟตามีน) จำนวน {n} เม็ด บรรจุในถุงพลาสติกใส ปิดผนึก',
    'ไอซ์ (เมทแอมเฟตามีนไฮโดรคลอไรด์) บรรจุถุงพลาสติก {n} ถุง',
    'กัญชาแห้งอัดแท่ง ห่อด้วยเทปสีน้ำตาล {n} แท่ง',
    'เฮโรอีน บรรจุหลอดกาแฟ {n} หลอด',
    'ยาอี (MDMA) เม็ดสีชมพู จำนวน {n} เม็ด',
  ],
  cash: ['เงินสด ธนบัตรฉบับละ 1,000 บาท จำนวน {n} ฉบับ', 'เงินสดที่ได้จากการกระทำความผิด ธนบัตรฉบับละ 1,000 บาท {n} ฉบับ'],
  firearm: [
    'อาวุธปืนพกสั้น ขนาด 9 มม. ยี่ห้อ Glock รุ่น 19 พร้อมซองกระสุน',
    'อาวุธปืนลูกโม่ ขนาด .38 ยี่ห้อ Smith & Wesson',
    'อาวุธปืนไทยประดิษฐ์ ขนาด .22 ไม่มีเครื่องหมายทะเบียน',
    'อาวุธปืนลูกซองยาว ขนาด 12 เกจ',
    'อาวุธปืนพกสั้น ขนาด .45 ยี่ห้อ Colt รุ่น M1911',
  ],
  ammunition: ['กระสุนปืนขนาด 9 มม. จำนวน {n} นัด', 'กระสุนปืนขนาด .38 จำนวน {n} นัด', 'กระสุนปืนลูกซอง เบอร์ 12 จำนวน {n} นัด'],
  valuables: [
    'สร้อยคอทองคำ หนัก {n} สลึง พร้อมจี้พระ',
    'นาฬิกาข้อมือ ยี่ห้อ Rolex รุ่น Submariner สายสแตนเลส',
    'แหวนทองคำฝังเพชร ขนาด {n} กะรัต',
    'กำไลข้อมือทองคำ หนัก {n} บาท',
  ],
  vehicle: [
    'รถจักรยานยนต์ ยี่ห้อ Honda รุ่น Wave 110i สีแดง ทะเบียน {n}กข กรุงเทพมหานคร',
    'รถยนต์กระบะ ยี่ห้อ Toyota รุ่น Hilux Revo สีขาว ทะเบียน บต {n} กรุงเทพมหานคร',
    'รถจักรยานยนต์ ยี่ห้อ Yamaha รุ่น Fino สีดำ ไม่มีแผ่นป้ายทะเบียน',
  ],
  electronics: [
    'โทรศัพท์มือถือ ยี่ห้อ Apple รุ่น iPhone 13 สีดำ พร้อมซิมการ์ด',
    'โทรศัพท์มือถือ ยี่ห้อ Samsung รุ่น Galaxy A{n} หน้าจอแตก',
    'คอมพิวเตอร์โน้ตบุ๊ก ยี่ห้อ Lenovo รุ่น ThinkPad พร้อมสายชาร์จ',
    'เครื่องบันทึกภาพกล้องวงจรปิด (DVR) 8 ช่อง พร้อมฮาร์ดดิสก์',
    'เครื่องพิมพ์เลเซอร์ ยี่ห้อ HP สำหรับงานธุรการ',
  ],
  document: ['สมุดบัญชีเงินฝากธนาคาร จำนวน {n} เล่ม', 'บัตรประจำตัวประชาชนปลอม {n} ใบ', 'โฉนดที่ดิน เลขที่ {n}', 'สัญญาเงินกู้นอกระบบ {n} ฉบับ'],
  equipment: [
    'วิทยุสื่อสาร ยี่ห้อ Motorola รุ่น GP328 พร้อมแบตเตอรี่',
    'เสื้อเกราะกันกระสุน ระดับ 3A ขนาด L',
    'กุญแจมือเหล็ก พร้อมลูกกุญแจ {n} ชุด',
    'ไฟฉายสายตรวจ LED ชาร์จไฟได้',
    'กรวยจราจรสะท้อนแสง สูง 70 ซม. จำนวน {n} อัน',
  ],
  furniture: ['โต๊ะทำงานเหล็ก ขนาด 5 ฟุต', 'เก้าอี้สำนักงานบุนวม มีล้อ', 'ตู้เอกสารเหล็ก 4 ลิ้นชัก', 'ชั้นวางเอกสารเหล็ก {n} ชั้น'],
  other: ['มีดปลายแหลม ยาว {n} ซม. ด้ามไม้', 'กระเป๋าสะพายผ้าสีดำ ภายในมีเอกสารส่วนตัว', 'จักรยานเสือภูเขา สีน้ำเงิน', 'ถุงมือและหมวกไหมพรมที่ใช้ก่อเหตุ'],
};

const KINDS_BY_CATEGORY_WEIGHTED: Record<string, string[]> = {
  EVIDENCE: ['drugs', 'drugs', 'drugs', 'drugs', 'cash', 'firearm', 'ammunition', 'valuables', 'vehicle', 'electronics', 'electronics', 'document', 'other', 'other'],
  PROPERTY: ['vehicle', 'electronics', 'electronics', 'document', 'equipment', 'equipment', 'equipment', 'furniture', 'furniture', 'other'],
  WEAPON: ['firearm', 'firearm', 'firearm', 'ammunition', 'ammunition', 'equipment', 'equipment', 'other'],
  DONATION: ['cash', 'vehicle', 'electronics', 'equipment', 'equipment', 'furniture', 'valuables', 'other'],
};

export interface FillResult {
  items: number;
  seconds: number;
  /** (category, year) → items: each numbered 1..count, no gap, counters set to count. */
  sequences: Array<{ category: string; yearBe: number; count: number; minSeq: number; maxSeq: number; counter: number }>;
  gapFree: boolean;
  mix: { byCategory: Record<string, number>; byStatus: Record<string, number>; byRisk: Record<string, number> };
}

export interface FillWindow {
  /**
   * Registration times spread evenly (with jitter) over [from, to), in code order, each item's code
   * year being the Buddhist-era year of its registration in Thailand; `yearBe` is then not used.
   * Without a window the items were registered every 4 minutes up to now, the older 40% in yearBe − 1.
   */
  registeredFrom: Date;
  registeredTo: Date;
}

/**
 * Bulk-inserts `count` items into one station with INSERT … SELECT generate_series, as the owner:
 * codes `{STATION}-{CAT}{YY}-{SEQ}` numbered gap-free per category and Buddhist-era year (the older
 * 40% in last year, or by registration time in `window`), categories 55/23/10/12 %
 * evidence/property/weapons/donations, kinds per category, HIGH-risk kinds in secure places, 6%
 * disposed, 5% sent out, 4% on loan. Sets item_code_counters and ANALYZEs.
 */
export async function fillItems(owner: pg.Client, seed: BenchStation, count: number, yearBe: number, window?: FillWindow): Promise<FillResult> {
  const started = performance.now();
  const loc = (code: string) => seed.locations[code].id;
  const shelves = Object.keys(seed.locations)
    .filter((c) => c.startsWith('R1-S'))
    .map(loc);
  const params = {
    station: seed.station.id,
    stationCode: seed.station.code,
    clerk: seed.users.CLERK!.id,
    investigator: seed.users.INVESTIGATOR!.id,
    descriptions: JSON.stringify(DESCRIPTIONS),
    kinds: JSON.stringify(KINDS_BY_CATEGORY_WEIGHTED),
    shelves: JSON.stringify(shelves),
  };
  await owner.query(
    `INSERT INTO items (station_id, code, year_be, seq, category, kind, risk_class, description, quantity, unit, serial_number,
                        asset_number, case_number, seal_number, weight_grams, net_weight_grams, amount, denominations, condition,
                        status, location_id, holder_id, holder_text, details, registered_by, registered_at, updated_at)
     WITH timed AS (
       SELECT g, CASE WHEN $16::timestamptz IS NULL THEN now() - (($2::int - g) * interval '4 minutes')
                      ELSE $16::timestamptz + ($17::timestamptz - $16::timestamptz) * ((g - 1 + (abs(hashtext(g::text || 't')) % 1000) / 1000.0) / $2::int) END AS reg
       FROM generate_series(1, $2::int) g
     ), base AS (
       SELECT g, reg,
              (abs(hashtext(g::text || 'k')::bigint) % 1000000)::int AS hk, (abs(hashtext(g::text || 's')::bigint) % 1000000)::int AS hs,
              (abs(hashtext(g::text || 'n')::bigint) % 1000000)::int AS hn,
              (CASE WHEN g % 100 < 55 THEN 'EVIDENCE' WHEN g % 100 < 78 THEN 'PROPERTY' WHEN g % 100 < 88 THEN 'WEAPON' ELSE 'DONATION' END)::item_category AS category,
              CASE WHEN $16::timestamptz IS NOT NULL THEN extract(year FROM reg AT TIME ZONE 'Asia/Bangkok')::int + 543
                   WHEN g <= $2::int * 0.4 THEN $3::int - 1 ELSE $3::int END AS year_be
       FROM timed
     ), kinded AS (
       SELECT b.*, ($4::jsonb -> b.category::text ->> (b.hk % jsonb_array_length($4::jsonb -> b.category::text))::int) AS kind_text,
              1 + b.hn % 200 AS n,
              row_number() OVER (PARTITION BY b.category, b.year_be ORDER BY b.g) AS seq
       FROM base b
     ), shaped AS (
       SELECT k.*, k.kind_text::item_kind AS kind,
              (k.kind_text IN ('firearm','ammunition','cash','drugs','valuables','vehicle')) AS high,
              CASE WHEN k.hs % 100 < 6 THEN 'DISPOSED'
                   WHEN k.hs % 100 < 11 THEN 'SENT_OUT'
                   WHEN k.hs % 100 < 15 AND k.category IN ('PROPERTY','WEAPON') THEN 'ON_LOAN'
                   ELSE 'IN_STORAGE' END::item_status AS status
       FROM kinded k
     )
     SELECT $1::uuid,
            $6 || '-' || (CASE s.category WHEN 'EVIDENCE' THEN 'EV' WHEN 'PROPERTY' THEN 'GP' WHEN 'WEAPON' THEN 'WP' ELSE 'DN' END)
               || lpad((s.year_be % 100)::text, 2, '0') || '-' || lpad(s.seq::text, 6, '0'),
            s.year_be, s.seq, s.category, s.kind,
            (CASE WHEN s.high THEN 'HIGH' ELSE 'NORMAL' END)::risk_class,
            replace($5::jsonb -> s.kind_text ->> (s.hn % jsonb_array_length($5::jsonb -> s.kind_text))::int, '{n}', s.n::text),
            CASE WHEN s.kind_text = 'ammunition' THEN s.n * 10 ELSE 1 END,
            CASE s.kind_text WHEN 'firearm' THEN 'กระบอก' WHEN 'ammunition' THEN 'นัด' WHEN 'cash' THEN 'ชุด' WHEN 'vehicle' THEN 'คัน'
                             WHEN 'document' THEN 'ฉบับ' WHEN 'drugs' THEN 'ถุง' ELSE 'ชิ้น' END,
            CASE WHEN s.kind_text = 'firearm' THEN 'SN' || lpad(s.g::text, 8, '0') WHEN s.kind_text IN ('electronics','vehicle') THEN 'X' || upper(to_hex(s.hk)) END,
            CASE WHEN s.category = 'PROPERTY' THEN '7440-001-' || lpad(s.seq::text, 4, '0') || '/' || s.year_be END,
            CASE WHEN s.category = 'EVIDENCE' THEN (1 + s.hs % 3000) || '/' || s.year_be END,
            CASE WHEN s.category = 'EVIDENCE' THEN 'ซล.' || lpad(s.g::text, 7, '0') END,
            CASE WHEN s.kind_text = 'drugs' THEN round((s.n * 1.1 + 0.5)::numeric, 3) END,
            CASE WHEN s.kind_text = 'drugs' THEN round((s.n * 1.0 + 0.1)::numeric, 3) END,
            CASE WHEN s.kind_text = 'cash' THEN s.n * 1000 END,
            CASE WHEN s.kind_text = 'cash' THEN jsonb_build_object('1000', s.n) END,
            (CASE WHEN s.hs % 50 = 0 THEN 'DAMAGED' ELSE 'GOOD' END)::item_condition,
            s.status,
            CASE WHEN s.status <> 'IN_STORAGE' THEN NULL
                 WHEN s.kind_text IN ('drugs','cash','valuables') THEN CASE WHEN s.kind_text = 'drugs' THEN $8::uuid ELSE $7::uuid END
                 WHEN s.kind_text IN ('firearm','ammunition') THEN $9::uuid
                 WHEN s.kind_text = 'vehicle' THEN $10::uuid
                 WHEN s.kind_text = 'furniture' THEN $11::uuid
                 WHEN s.category = 'PROPERTY' THEN $12::uuid
                 ELSE ($13::jsonb ->> (s.hn % jsonb_array_length($13::jsonb))::int)::uuid END,
            CASE WHEN s.status = 'ON_LOAN' THEN $14::uuid END,
            CASE WHEN s.status = 'SENT_OUT' THEN (ARRAY['สถาบันนิติวิทยาศาสตร์', 'ศาลอาญา', 'สำนักงานอัยการสูงสุด', 'กองพิสูจน์หลักฐานกลาง'])[1 + s.hs % 4] END,
            CASE s.category
              WHEN 'EVIDENCE' THEN jsonb_build_object('caseNumber', (1 + s.hs % 3000) || '/' || s.year_be, 'offence',
                   (ARRAY['ยาเสพติดให้โทษประเภท 1', 'ลักทรัพย์', 'มีอาวุธปืนโดยไม่ได้รับอนุญาต', 'ชิงทรัพย์', 'ฉ้อโกง'])[1 + s.hn % 5],
                   'seizedFrom', (ARRAY['นายสมชาย ใจดี', 'นายวีระ กล้าหาญ', 'นางสาวมาลี ศรีสุข', 'นายประเสริฐ ทองดี'])[1 + s.hk % 4],
                   'seizedPlace', 'ซอยจุฬาลงกรณ์ ' || s.n || ' แขวงวังใหม่ เขตปทุมวัน')
              WHEN 'PROPERTY' THEN jsonb_build_object('assetNumber', '7440-001-' || lpad(s.seq::text, 4, '0') || '/' || s.year_be,
                   'acquisitionMethod', 'PURCHASE', 'fundingSource', 'BUDGET', 'unitPrice', 1000 + s.hn % 90000)
              WHEN 'WEAPON' THEN jsonb_build_object('make', (ARRAY['Glock', 'Sig Sauer', 'Smith & Wesson', 'Colt'])[1 + s.hk % 4],
                   'model', (ARRAY['19', 'P320', 'M&P9', 'M1911'])[1 + s.hk % 4], 'calibre', '9 มม.', 'registrationNumber', 'ตร. ' || s.seq)
              ELSE jsonb_build_object('donorName', (ARRAY['บริษัท ไทยพัฒนา จำกัด', 'มูลนิธิร่วมกตัญญู', 'ชมรมผู้ประกอบการสยาม', 'นายใจบุญ มีทรัพย์'])[1 + s.hk % 4],
                   'receivedAt', CASE WHEN $16::timestamptz IS NULL THEN (now() - (s.hn % 600) * interval '1 day')::date
                                      ELSE (s.reg AT TIME ZONE 'Asia/Bangkok')::date END::text,
                   'estimatedValue', 500 + (s.hk % 200) * 250, 'purpose', 'ใช้ในงานป้องกันปราบปราม')
            END,
            $15::uuid,
            s.reg,
            s.reg
     FROM shaped s`,
    [
      params.station,
      count,
      yearBe,
      params.kinds,
      params.descriptions,
      params.stationCode,
      loc('SAFE1'),
      loc('SAFE2'),
      loc('ARM1'),
      loc('LOT1'),
      loc('R2'),
      loc('R2-L1'),
      params.shelves,
      params.investigator,
      params.clerk,
      window?.registeredFrom ?? null,
      window?.registeredTo ?? null,
    ],
  );
  await owner.query(
    `INSERT INTO item_code_counters (station_id, category_code, year_be, last_seq)
     SELECT station_id, CASE category WHEN 'EVIDENCE' THEN $2 WHEN 'PROPERTY' THEN $3 WHEN 'WEAPON' THEN $4 ELSE $5 END, year_be, max(seq)
     FROM items WHERE station_id = $1 GROUP BY station_id, category, year_be`,
    [seed.station.id, CATEGORY_CODE.EVIDENCE, CATEGORY_CODE.PROPERTY, CATEGORY_CODE.WEAPON, CATEGORY_CODE.DONATION],
  );
  await owner.query('VACUUM ANALYZE items');
  await owner.query('ANALYZE item_code_counters, locations, users, stations');
  const seconds = (performance.now() - started) / 1000;

  const { rows: sequences } = await owner.query(
    `SELECT i.category::text AS category, i.year_be AS "yearBe", count(*)::int AS count, min(i.seq) AS "minSeq", max(i.seq) AS "maxSeq",
            count(DISTINCT i.code)::int AS codes, max(c.last_seq) AS counter
     FROM items i JOIN item_code_counters c ON c.station_id = i.station_id AND c.year_be = i.year_be
       AND c.category_code = substring(i.code from '-(..)[0-9]{2}-')
     WHERE i.station_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [seed.station.id],
  );
  const gapFree = sequences.every((s) => s.minSeq === 1 && s.maxSeq === s.count && s.codes === s.count && s.counter === s.count);
  const group = async (col: string) =>
    Object.fromEntries((await owner.query(`SELECT ${col}::text AS k, count(*)::int AS n FROM items WHERE station_id = $1 GROUP BY 1 ORDER BY 1`, [seed.station.id])).rows.map((r) => [r.k, r.n]));
  return {
    items: count,
    seconds: +seconds.toFixed(1),
    sequences: sequences.map(({ codes: _codes, ...s }) => s),
    gapFree,
    mix: { byCategory: await group('category'), byStatus: await group('status'), byRisk: await group('risk_class') },
  };
}
