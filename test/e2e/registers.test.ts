/**
 * The registers and the chain-of-custody sheet (DESIGN §6, §7): items of every category made through the
 * API, moved, issued on a shift, counted, disposed and donated; each register read back from its XLSX
 * (the same rows as the items, typed, with hand-computed depreciation) and its PDF; the custody sheet of
 * a HIGH item with every event, the people who acted and witnessed, and its audit rows holding — then
 * one of those rows tampered with by the database owner and reported as failing. Roles, station scoping,
 * bad input, and that reading writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../helpers/pdf-tools.js';
import { auth, expectError, expectOk, type Json, OwnerDb } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

type Body = Record<string, unknown>;
type Row = Record<string, unknown>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
/** The property register's as-at day, so the depreciation is the same whenever the test runs. */
const AS_OF = '2026-12-01';
const W = (username = 'sta.supervisor') => ({ username, password: TEST_PASSWORD });

/** The response body as a Buffer. */
function binary(res: { on: (e: string, f: (c?: Buffer) => void) => void }, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** pdftotext's Thai, comparable with what was printed: NFKC, no whitespace, no vowel or tone marks (see the renderer specs). */
const norm = (s: string) => s.normalize('NFKC').replace(/[\s\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]+/g, '');

/** A Bangkok wall-clock day as exceljs reads a date cell back (UTC midnight). */
const excelDay = (day: string) => new Date(`${day}T00:00:00Z`);
const bangkokDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
/** Today in Bangkok with its Buddhist-era year, as file names carry it. */
const buddhistToday = () => `${Number(bangkokDay(new Date()).slice(0, 4)) + 543}${bangkokDay(new Date()).slice(4)}`;

describe('registers and the chain-of-custody sheet (e2e)', () => {
  let t: TestApp;
  const owner = new OwnerDb();
  let dir: string;
  const items: Record<string, Json> = {};
  let shift: Json;

  const post = (url: string, body: Body, token: string) => t.http().post(url).set(auth(token)).send(body);
  const tok = () => t.a.tokens;
  async function ok(url: string, body: Body, token: string, status = 201): Promise<Json> {
    const res = await post(url, body, token);
    expectOk(res, status);
    return res.body;
  }
  const register = (body: Body, token = tok().CLERK) => ok('/api/items', body, token);
  const event = (item: Json, body: Body) => ok(`/api/items/${item.id}/events`, body, tok().CLERK);
  const file = (url: string, token = tok().CLERK) => t.http().get(url).set(auth(token)).buffer(true).parse(binary as never);

  /** A register or custody sheet as XLSX: its sheet, and the table under its header row as header → value. */
  async function workbook(url: string, token = tok().CLERK): Promise<{ sheet: ExcelJS.Worksheet; rows: Row[]; headers: Record<string, string> }> {
    const res = await file(url, token);
    expectOk(res);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const sheet = book.worksheets[0];
    let headerRow = 0;
    sheet.eachRow((row, n) => {
      const fill = row.getCell(1).fill;
      if (!headerRow && fill?.type === 'pattern' && fill.pattern === 'solid') headerRow = n;
    });
    const names = (sheet.getRow(headerRow).values as unknown[]).slice(1) as string[];
    const rows: Row[] = [];
    for (let n = headerRow + 1; n <= sheet.rowCount; n++) {
      const row = sheet.getRow(n);
      if (!row.getCell(1).border?.top) break; // the table ends where its grid does
      rows.push(Object.fromEntries(names.map((h, i) => [h, row.getCell(i + 1).value])));
    }
    return { sheet, rows, headers: res.headers as Record<string, string> };
  }
  const byCode = (rows: Row[], column = 'รหัส') => Object.fromEntries(rows.filter((r) => r[column]).map((r) => [r[column] as string, r]));

  async function pdfText(url: string, token = tok().CLERK): Promise<{ text: string; headers: Record<string, string>; path: string }> {
    const res = await file(url, token);
    expectOk(res);
    const path = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(path, res.body as Buffer);
    return { text: norm(run('pdftotext', ['-raw', path, '-'])), headers: res.headers as Record<string, string>, path };
  }

  /** The audit-log rows written with an item's custody events: event id → seq. */
  async function auditSeqs(itemId: string): Promise<Record<string, number>> {
    const rows = await owner.rows<{ event: string; seq: string }>(
      `SELECT after ->> 'eventId' AS event, seq FROM audit_log WHERE entity_type = 'item' AND entity_id = $1 AND after ? 'eventId' ORDER BY seq`,
      [itemId],
    );
    return Object.fromEntries(rows.map((r) => [r.event, Number(r.seq)]));
  }

  beforeAll(async () => {
    t = await startTestApp();
    await owner.open(t.db.ownerUrl);
    dir = mkdtempSync(join(tmpdir(), 'khlang-registers-e2e-'));
    const safe2 = await ok('/api/locations', { code: 'SAFE2', name: 'ตู้นิรภัยของกลาง 2', kind: 'SAFE', secure: true, stationId: t.a.station.id }, t.adminToken);

    // Evidence: HIGH drugs moved, sent to the lab and received back; a document disposed of.
    items.drugs = await register(
      {
        category: 'EVIDENCE',
        kind: 'drugs',
        description: 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส',
        quantity: 200,
        unit: 'เม็ด',
        locationId: t.a.safe.id,
        sealNumber: 'S-0001',
        weightGrams: 20.5,
        evidence: { caseNumber: '123/2569', dailyReportRef: 'ข้อ 5', offence: 'มียาเสพติดไว้ในครอบครอง', seizedFrom: 'นายสมชาย ใจดี', seizedAt: '2026-01-10T10:00:00+07:00', seizedPlace: 'หน้าตลาดบึงกุ่ม' },
        witness: W(),
      },
      tok().INVESTIGATOR,
    );
    await event(items.drugs, { type: 'MOVE', toLocationId: safe2.id, witness: W() });
    await event(items.drugs, { type: 'SEND_OUT', recipient: 'สถาบันนิติวิทยาศาสตร์', destination: 'LAB', documentRef: 'ตช 0026.1/100', sealNumber: 'S-0001', weightGrams: 20.5, witness: W() });
    await event(items.drugs, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, sealNumber: 'S-0001', weightGrams: 20.5, note: 'ผลตรวจพิสูจน์ตามหนังสือที่แนบ', witness: W() });

    items.document = await register({ category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชีเงินฝาก', locationId: t.a.room.id, evidence: { caseNumber: '124/2569' } });
    const disposal = await ok('/api/disposals', { method: 'DESTROY', items: [{ itemId: items.document.id }], legalBasis: 'COURT_ORDER', documentRef: 'คำพิพากษาศาลอาญา คดีหมายเลขแดงที่ 456/2569' }, tok().CLERK);
    await ok(`/api/disposals/${disposal.id}/approve`, {}, tok().COMMANDER, 200);
    await ok(`/api/disposals/${disposal.id}/execute`, { witness: W(), items: [{ itemId: items.document.id }] }, tok().CLERK, 200);

    // Property: a durable good with everything depreciation needs, and a material under the threshold.
    items.laptop = await register({
      category: 'PROPERTY',
      kind: 'electronics',
      description: 'เครื่องคอมพิวเตอร์โน้ตบุ๊ก',
      serialNumber: 'PF3X9K2L',
      locationId: t.a.room.id,
      property: { assetNumber: '7440-001-0001/68', unitPrice: 36_500, usefulLifeYears: 5, acquisitionDate: '2024-10-01', fundingSource: 'BUDGET', acquisitionMethod: 'PURCHASE', acquisitionDocument: 'สัญญาเลขที่ 12/2568' },
    });
    items.chairs = await register({ category: 'PROPERTY', kind: 'furniture', description: 'เก้าอี้พลาสติก', quantity: 20, unit: 'ตัว', locationId: t.a.room.id, property: { unitPrice: 250, usefulLifeYears: 5 } });

    // Weapons: a firearm out on a shift, an ammunition lot found by a closed daily count.
    items.firearm = await register({ category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้นกึ่งอัตโนมัติ', serialNumber: 'GLK-AB1234', locationId: t.a.safe.id, weapon: { make: 'Glock', model: '19', calibre: '9 มม.', registrationNumber: 'ตช.1234/2569' }, witness: W() });
    items.ammo = await register({ category: 'WEAPON', kind: 'ammunition', description: 'กระสุนปืนพก 9 มม.', quantity: 450, unit: 'นัด', locationId: t.a.safe.id, weapon: { calibre: '9 มม.' }, witness: W() });
    const count = await ok('/api/audits', { kind: 'DAILY_ARMS' }, tok().CLERK);
    await ok(`/api/audits/${count.id}/scans`, { code: items.ammo.code }, tok().CLERK);
    await ok(`/api/audits/${count.id}/scans`, { code: items.firearm.code }, tok().CLERK);
    await ok(`/api/audits/${count.id}/close`, { witness: W('sta.commander') }, tok().CLERK, 200);
    shift = await ok('/api/shifts', { name: 'ผลัด 08.00–16.00 น.' }, tok().SUPERVISOR);
    await ok(`/api/shifts/${shift.id}/issue`, { officerId: t.a.users.OFFICER.id, code: items.firearm.code, witness: W('sta.officer') }, tok().CLERK, 200);

    // Donations: one accepted by the commander, one pending.
    items.aircon = await register({ category: 'DONATION', kind: 'electronics', description: 'เครื่องปรับอากาศ', locationId: t.a.room.id, donation: { donorName: 'บริษัท ตัวอย่าง จำกัด', receivedAt: '2026-11-20', estimatedValue: 25_900, purpose: 'ใช้ในห้องสอบสวน' } });
    await ok(`/api/donations/${items.aircon.id}/accept`, {}, tok().COMMANDER, 200);
    items.cabinet = await register({ category: 'DONATION', kind: 'furniture', description: 'ตู้เอกสาร', locationId: t.a.room.id, donation: { donorName: 'ร้านใจดี', receivedAt: '2026-11-25', purpose: 'ใช้ในงานธุรการ' } });

    // Another station's evidence.
    items.other = await register({ category: 'EVIDENCE', kind: 'document', description: 'เอกสารของสถานีอื่น', locationId: t.b.room.id, evidence: { caseNumber: '9/2569' } }, t.b.tokens.CLERK);
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('registers', () => {
    it('evidence: one row per evidence item of the station, closed ones included, with the register fields', async () => {
      const { rows, headers } = await workbook('/api/reports/registers/evidence?format=xlsx');
      expect(headers['content-type']).toContain(XLSX);
      expect(headers['content-disposition']).toBe(`attachment; filename="STA-evidence-register-${buddhistToday()}.xlsx"`);
      expect(headers['cache-control']).toBe('no-store');
      const rowsByCode = byCode(rows, 'ลำดับของกลาง');
      expect(Object.keys(rowsByCode)).toEqual([items.drugs.code, items.document.code]);
      expect(rowsByCode[items.drugs.code]).toMatchObject({
        ปีบัญชี: Number(items.drugs.code.slice(6, 8)) + 2500,
        คดีอาญาที่: '123/2569',
        'ป.จ.ว.': 'ข้อ 5',
        ข้อหา: 'มียาเสพติดไว้ในครอบครอง',
        ประเภท: 'ยาเสพติด',
        รายการ: 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส',
        จำนวน: 200,
        หน่วย: 'เม็ด',
        ยึดจาก: 'นายสมชาย ใจดี',
        วันที่ยึด: excelDay('2026-01-10'),
        สถานที่ยึด: 'หน้าตลาดบึงกุ่ม',
        หมายเลขซีล: 'S-0001',
        'น้ำหนัก (กรัม)': 20.5,
        ความเสี่ยงสูง: 'สูง',
        สถานะ: 'อยู่ในคลัง',
        ที่เก็บ: 'SAFE1 ตู้นิรภัย',
        วันที่จำหน่าย: null,
      });
      expect(rowsByCode[items.drugs.code]['วันที่รับเข้า']).toBeInstanceOf(Date);
      expect(rowsByCode[items.document.code]).toMatchObject({
        ความเสี่ยงสูง: null,
        สถานะ: 'จำหน่ายแล้ว',
        ที่เก็บ: null,
        วันที่จำหน่าย: excelDay(bangkokDay(new Date())),
        วิธีจำหน่าย: 'ทำลาย',
        เอกสารการจำหน่าย: 'คำพิพากษาศาลอาญา คดีหมายเลขแดงที่ 456/2569',
      });
    });

    it('property: depreciation as at asOf by hand — 36,500 at 20 % for the 792 days from 1 Oct 2567 to 1 Dec 2569 is 15,840; a material is not depreciated', async () => {
      const { rows, headers } = await workbook(`/api/reports/registers/property?format=xlsx&asOf=${AS_OF}`);
      expect(headers['content-disposition']).toBe('attachment; filename="STA-property-register-2569-12-01.xlsx"');
      const rowsByCode = byCode(rows);
      expect(Object.keys(rowsByCode)).toEqual([items.laptop.code, items.chairs.code]);
      expect(rowsByCode[items.laptop.code]).toMatchObject({
        เลขครุภัณฑ์: '7440-001-0001/68',
        หมายเลขเครื่อง: 'PF3X9K2L',
        แหล่งเงิน: 'เงินงบประมาณ',
        วิธีการได้มา: 'ซื้อ',
        วันที่ได้มา: excelDay('2024-10-01'),
        เลขที่เอกสาร: 'สัญญาเลขที่ 12/2568',
        จำนวน: 1,
        'ราคาต่อหน่วย (บาท)': 36_500,
        'มูลค่ารวม (บาท)': 36_500,
        'อายุการใช้งาน (ปี)': 5,
        'อัตราค่าเสื่อมราคา (% ต่อปี)': 20,
        'ค่าเสื่อมราคาต่อปี (บาท)': 7300,
        'ค่าเสื่อมราคาสะสม (บาท)': 15_840,
        'มูลค่าสุทธิ (บาท)': 20_660,
        สภาพ: 'ใช้การได้',
      });
      expect(rowsByCode[items.chairs.code]).toMatchObject({ 'มูลค่ารวม (บาท)': 5000, 'ค่าเสื่อมราคาสะสม (บาท)': null, 'มูลค่าสุทธิ (บาท)': null });
      expect(String(rowsByCode[items.chairs.code]['หมายเหตุ'])).toContain('วัสดุ');
      const totals = rows[rows.length - 1];
      expect(totals).toMatchObject({ รายการ: 'รวมทั้งสิ้น', 'มูลค่ารวม (บาท)': 41_500, 'ค่าเสื่อมราคาสะสม (บาท)': 15_840, 'มูลค่าสุทธิ (บาท)': 20_660 });
    });

    it('arms: the firearm held by the officer on the open shift, the ammunition found by the closed daily count today', async () => {
      const { rows } = await workbook('/api/reports/registers/arms?format=xlsx', tok().SUPERVISOR);
      const rowsByCode = byCode(rows);
      expect(Object.keys(rowsByCode)).toEqual([items.firearm.code, items.ammo.code]);
      expect(rowsByCode[items.firearm.code]).toMatchObject({
        ประเภท: 'อาวุธปืน',
        หมายเลขประจำอาวุธ: 'GLK-AB1234',
        ทะเบียนอาวุธ: 'ตช.1234/2569',
        ยี่ห้อ: 'Glock',
        รุ่น: '19',
        ขนาด: '9 มม.',
        สถานะ: 'ถูกยืม',
        ผู้ครอบครอง: `ร.ต.อ. ${t.a.users.OFFICER.displayName}`,
        เบิกประจำผลัด: shift.name,
        ตรวจนับพบล่าสุด: excelDay(bangkokDay(new Date())),
      });
      expect(rowsByCode[items.ammo.code]).toMatchObject({ จำนวน: 450, หน่วย: 'นัด', สถานะ: 'อยู่ในคลัง', ผู้ครอบครอง: null, ตรวจนับพบล่าสุด: excelDay(bangkokDay(new Date())) });
    });

    it("donations: the station's receipt, the commander's decision and a pending one", async () => {
      const { rows } = await workbook('/api/reports/registers/donations?format=xlsx', tok().AUDITOR);
      const rowsByCode = byCode(rows);
      expect(Object.keys(rowsByCode)).toEqual([items.aircon.code, items.cabinet.code]);
      expect(rowsByCode[items.aircon.code]).toMatchObject({
        เลขที่ใบรับ: expect.stringMatching(/^STA-RC\d{2}-000001$/),
        วันที่รับ: excelDay('2026-11-20'),
        ผู้บริจาค: 'บริษัท ตัวอย่าง จำกัด',
        'มูลค่าประมาณ (บาท)': 25_900,
        วัตถุประสงค์ของผู้บริจาค: 'ใช้ในห้องสอบสวน',
        ผลการพิจารณา: 'รับบริจาค',
        ผู้พิจารณา: `ร.ต.อ. ${t.a.users.COMMANDER.displayName}`,
        สถานะ: 'อยู่ในคลัง',
      });
      expect(rowsByCode[items.cabinet.code]).toMatchObject({ เลขที่ใบรับ: null, ผลการพิจารณา: 'รอผู้บังคับบัญชาพิจารณา', ผู้พิจารณา: null });
    });

    it.each([
      ['evidence', ['drugs', 'document']],
      ['property', ['laptop', 'chairs']],
      ['arms', ['firearm', 'ammo']],
      ['donations', ['aircon', 'cabinet']],
    ])('%s as PDF: A4 landscape with every code', async (kind, names) => {
      const { text, headers, path } = await pdfText(`/api/reports/registers/${kind}?format=pdf`, tok().COMMANDER);
      expect(headers['content-type']).toContain('application/pdf');
      expect(headers['content-disposition']).toBe(`attachment; filename="STA-${kind}-register-${buddhistToday()}.pdf"`);
      expect(headers['cache-control']).toBe('no-store');
      expect(run('pdfinfo', [path])).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
      for (const name of names) expect(text).toContain(items[name].code);
      expect(text).toContain(norm('สถานีตำรวจทดสอบ STA'));
    });

    it("another station's register holds only its own items", async () => {
      const { rows } = await workbook('/api/reports/registers/evidence?format=xlsx', t.b.tokens.CLERK);
      expect(rows.map((r) => r['ลำดับของกลาง'])).toEqual([items.other.code]);
    });

    it('refuses roles that do not keep registers (403), an unknown register, a bad format or asOf (400)', async () => {
      const get = (url: string, token = tok().CLERK) => t.http().get(url).set(auth(token));
      for (const token of [tok().OFFICER, tok().INVESTIGATOR, t.adminToken]) expectError(await get('/api/reports/registers/evidence?format=pdf', token), 403, 'FORBIDDEN');
      expectError(await get('/api/reports/registers/ledger?format=pdf'), 400, 'REGISTER_KIND_UNKNOWN');
      expectError(await get('/api/reports/registers/evidence?format=doc'), 400, 'VALIDATION_FAILED');
      expectError(await get('/api/reports/registers/evidence'), 400, 'VALIDATION_FAILED');
      expectError(await get('/api/reports/registers/property?format=xlsx&asOf=2569-12-01'), 400, 'VALIDATION_FAILED');
      expectError(await get('/api/reports/registers/property?format=xlsx&asOf=2026-02-30'), 400, 'VALIDATION_FAILED');
      expectError(await get('/api/reports/registers/evidence?format=xlsx&asOf=2026-12-01'), 400, 'AS_OF_PROPERTY_ONLY');
    });

    it('reading registers and custody sheets writes nothing', async () => {
      const before = await owner.lastAuditId();
      for (const url of ['/api/reports/registers/evidence?format=pdf', '/api/reports/registers/property?format=xlsx', `/api/reports/custody-sheet/${items.drugs.id}?format=pdf`]) expectOk(await file(url));
      expect(await owner.lastAuditId()).toBe(before);
    });
  });

  describe('the chain-of-custody sheet', () => {
    const sheetUrl = (format: string, id = items.drugs.id) => `/api/reports/custody-sheet/${id}?format=${format}`;

    it('as PDF: the item, every event in order with actor and witness, each audit row holding, the chain verified, the signature block', async () => {
      const { text, headers, path } = await pdfText(sheetUrl('pdf'), tok().INVESTIGATOR);
      expect(headers['content-disposition']).toBe(`attachment; filename="${items.drugs.code}-custody-${buddhistToday()}.pdf"`);
      expect(headers['cache-control']).toBe('no-store');
      expect(run('pdfinfo', [path])).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      for (const s of [items.drugs.code, 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส', '123/2569', 'S-0001', '20.5']) expect(text).toContain(norm(s));
      // The events in order, by their Thai names, each with its people.
      const order = ['รับเข้าคลัง', 'ย้ายที่เก็บ', 'ส่งออกนอกคลัง', 'รับคืนเข้าคลัง'].map((s) => text.indexOf(norm(s)));
      expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]))).toBe(true);
      expect(text).toContain(norm(`ร.ต.อ. ${t.a.users.INVESTIGATOR.displayName}`));
      expect(text).toContain(norm(`ร.ต.อ. ${t.a.users.CLERK.displayName}`));
      expect(text).toContain(norm(`พยาน ร.ต.อ. ${t.a.users.SUPERVISOR.displayName}`));
      for (const s of ['ผู้รับ สถาบันนิติวิทยาศาสตร์', 'ปลายทาง ส่งตรวจพิสูจน์', 'เอกสาร ตช 0026.1/100', 'หมายเหตุ ผลตรวจพิสูจน์ตามหนังสือที่แนบ', 'ถึง SAFE2 ตู้นิรภัยของกลาง 2']) expect(text).toContain(norm(s));
      for (const seq of Object.values(await auditSeqs(items.drugs.id))) expect(text).toContain(String(seq));
      expect(text).toContain(norm('บันทึกของรายการนี้ ถูกต้องทุกรายการ (4 รายการ)'));
      expect(text).toContain(norm('ห่วงโซ่บันทึกทั้งสถานี ถูกต้อง'));
      expect(text).toContain(norm('ผู้รับรองสำเนา'));
    });

    it('as XLSX: one row per event with its audit row (seq and whole hash) and the check', async () => {
      const { rows, sheet } = await workbook(sheetUrl('xlsx'), tok().AUDITOR);
      const seqs = await auditSeqs(items.drugs.id);
      const events = (await owner.rows<{ id: string }>('SELECT id FROM custody_events WHERE item_id = $1 ORDER BY id', [items.drugs.id])).map((e) => e.id);
      expect(rows.map((r) => r['ลำดับบันทึกการตรวจสอบ'])).toEqual(events.map((id) => seqs[id]));
      expect(rows.map((r) => r['รายการ'])).toEqual(['รับเข้าคลัง', 'ย้ายที่เก็บ', 'ส่งออกนอกคลัง', 'รับคืนเข้าคลัง']);
      expect(rows.map((r) => r['ผลการตรวจบันทึก'])).toEqual(['ถูกต้อง', 'ถูกต้อง', 'ถูกต้อง', 'ถูกต้อง']);
      expect(rows[2]).toMatchObject({ ผู้ดำเนินการ: `ร.ต.อ. ${t.a.users.CLERK.displayName}`, พยาน: `ร.ต.อ. ${t.a.users.SUPERVISOR.displayName}`, ผู้รับ: 'สถาบันนิติวิทยาศาสตร์', ซีลที่ตรวจพบ: 'S-0001', 'น้ำหนักที่ชั่ง (กรัม)': 20.5 });
      expect(String(rows[0]['ค่าแฮช (SHA-256)'])).toMatch(/^[0-9a-f]{64}$/);
      let verdict: unknown;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === 'ผลตรวจห่วงโซ่บันทึกทั้งสถานี') verdict = row.getCell(2).value;
      });
      expect(String(verdict)).toMatch(/^ถูกต้อง \(\d+ รายการ ลำดับสุดท้าย \d+\)$/);
    });

    it("another station's item is not found (404); a malformed id is 400; roles without custody duties are refused", async () => {
      const get = (url: string, token = tok().CLERK) => t.http().get(url).set(auth(token));
      expectError(await get(sheetUrl('pdf', items.other.id)), 404, 'NOT_FOUND');
      expectError(await get(sheetUrl('pdf', NO_SUCH_ID)), 404, 'NOT_FOUND');
      expectError(await get('/api/reports/custody-sheet/not-a-uuid?format=pdf'), 400, 'INVALID_ID');
      expectError(await get(sheetUrl('html')), 400, 'VALIDATION_FAILED');
      expectError(await get(sheetUrl('pdf'), tok().OFFICER), 403, 'FORBIDDEN');
      expectOk(await file(sheetUrl('pdf', items.other.id), t.b.tokens.COMMANDER));
    });

    // Last: it breaks this file's station chain for good.
    it('an audit row changed behind the application is reported as failing, with the chain', async () => {
      const seqs = await auditSeqs(items.drugs.id);
      const [sendOut] = await owner.rows<{ id: string }>(`SELECT id FROM custody_events WHERE item_id = $1 AND type = 'SEND_OUT'`, [items.drugs.id]);
      const forged = seqs[sendOut.id];
      await owner.query('BEGIN');
      await owner.query('SET LOCAL session_replication_role = replica');
      await owner.query(`UPDATE audit_log SET canonical = replace(canonical, 'สถาบันนิติวิทยาศาสตร์', 'ร้านรับซื้อของเก่า') WHERE chain_key = $1 AND seq = $2`, [t.a.station.id, forged]);
      await owner.query('COMMIT');

      const { rows } = await workbook(sheetUrl('xlsx'));
      expect(rows.map((r) => [r['ลำดับบันทึกการตรวจสอบ'], r['ผลการตรวจบันทึก']])).toEqual(Object.values(seqs).map((seq) => [seq, seq === forged ? 'ไม่ถูกต้อง' : 'ถูกต้อง']));
      const { text } = await pdfText(sheetUrl('pdf'));
      expect(text).toContain(norm('บันทึกของรายการนี้ ไม่ถูกต้อง 1 จาก 4 รายการ'));
      expect(text).toContain(norm(`ห่วงโซ่บันทึกทั้งสถานี ไม่ถูกต้อง ตั้งแต่ลำดับที่ ${forged}`));
    });
  });
});
