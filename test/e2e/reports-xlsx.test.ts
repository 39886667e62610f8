/**
 * The O23 report as XLSX (DESIGN §6): one sheet for the station and period, one per section, Thai
 * headers, typed numbers — and exactly the figures of GET /api/reports/o23/figures, read back with exceljs;
 * and as PDF through the same route.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auth, binary, expectError, expectOk, type Json, THAI } from '../helpers/checks.js';
import { barePdfText, bareThai, run } from '../helpers/pdf-tools.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const PERIOD = '2569-11';

describe('O23 report as XLSX', () => {
  let t: TestApp;
  let figures: Json;
  let book: ExcelJS.Workbook;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const post = (url: string, body: object, token: string) => t.http().post(url).set(auth(token)).send(body);
    const W = { username: 'sta.supervisor', password: TEST_PASSWORD };
    // Some of everything: property, a HIGH firearm, evidence, a donation, a loan out, section 8.
    expectOk(await post('/api/items', { category: 'PROPERTY', kind: 'equipment', description: 'กล้องถ่ายภาพ', locationId: t.a.room.id, property: { unitPrice: 12000 } }, t.a.tokens.CLERK), 201);
    expectOk(await post('/api/items', { category: 'WEAPON', kind: 'firearm', description: 'ปืนพก', serialNumber: 'X-1', locationId: t.a.safe.id, weapon: { make: 'Glock' }, witness: W }, t.a.tokens.CLERK), 201);
    expectOk(await post('/api/items', { category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชี', locationId: t.a.room.id, evidence: { caseNumber: '1/2569' } }, t.a.tokens.INVESTIGATOR), 201);
    expectOk(await post('/api/items', { category: 'DONATION', kind: 'furniture', description: 'โต๊ะ', locationId: t.a.room.id, donation: { donorName: 'ร้านใจดี', receivedAt: '2026-11-20', purpose: 'ใช้ในสถานี', estimatedValue: 3500 } }, t.a.tokens.CLERK), 201);
    const put = await t.http().put(`/api/reports/o23/notes?period=${PERIOD}`).set(auth(t.a.tokens.CLERK)).send({ problems: 'ไม่มีปัญหา', correctiveAction: 'ไม่มี' });
    expectOk(put);
    const json = await t.http().get(`/api/reports/o23/figures?period=${PERIOD}`).set(auth(t.a.tokens.COMMANDER));
    expectOk(json);
    figures = json.body;
    const res = await t.http().get(`/api/reports/o23?period=${PERIOD}&format=xlsx`).set(auth(t.a.tokens.COMMANDER)).buffer(true).parse(binary as never);
    expectOk(res);
    headers = res.headers as Record<string, string>;
    book = new ExcelJS.Workbook();
    // exceljs types its argument as an old-style Buffer; the bytes are the same.
    await book.xlsx.load(res.body as never);
  });
  afterAll(async () => t?.close());

  const sheet = (name: string) => {
    const s = book.getWorksheet(name);
    expect(s).toBeDefined();
    return s!;
  };
  /** label → value rows of a figures sheet (after its title and header rows). */
  const pairs = (name: string) => {
    const out: Record<string, unknown> = {};
    sheet(name).eachRow((row, n) => {
      if (n > 2) out[String(row.getCell(1).value)] = row.getCell(2).value;
    });
    return out;
  };

  it('is an XLSX attachment named for the station and period', () => {
    expect(headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers['content-disposition']).toBe(`attachment; filename="O23-STA-${PERIOD}.xlsx"`);
  });

  it('has the station-and-period sheet, then one sheet per section, named in Thai', () => {
    expect(book.worksheets.map((w) => w.name)).toEqual(['รายงาน', '1 ทรัพย์สินในความดูแล', '2 การยืม', '3 อาวุธ', '4 ของบริจาค', '5 ของกลาง', '6 ตรวจนับและเหตุผิดปกติ', '7 ความถูกต้องของบันทึก', '8 ปัญหาและการแก้ไข']);
    const cover = pairs('รายงาน');
    expect(sheet('รายงาน').getCell('B2').value).toBe('สถานีตำรวจทดสอบ STA');
    expect(cover['ช่วงเวลา']).toBe('พฤศจิกายน 2569');
    expect(cover['จำนวนวัน']).toBe(30);
    // Bangkok wall-clock time: 1 November 2569 00:00 in Thailand, not 17:00 the day before.
    expect(sheet('รายงาน').getCell('B5').value).toEqual(new Date('2026-11-01T00:00:00Z'));
  });

  it('section 1 holds the same rows and totals as the JSON, as numbers, with Thai headers', () => {
    const s = sheet('1 ทรัพย์สินในความดูแล');
    expect(String(s.getRow(2).getCell(1).value)).toMatch(THAI);
    const rows: unknown[][] = [];
    s.eachRow((row, n) => {
      if (n > 2) rows.push([3, 4, 5, 6, 7].map((c) => row.getCell(c).value));
    });
    const expected = figures.holdings.rows.map((r: Json) => [r.opening, r.received, r.disposed, r.closing, r.closingValue]);
    const tt = figures.holdings.totals;
    expect(rows).toEqual([...expected, [tt.opening, tt.received, tt.disposed, tt.closing, tt.closingValue]]);
    for (const row of rows) for (const v of row) expect(typeof v).toBe('number');
    expect(tt.received).toBe(4);
  });

  it('sections 2–7 carry exactly the JSON figures', () => {
    const l = figures.loans;
    expect(pairs('2 การยืม')).toEqual({
      คำขอยืม: l.requested, อนุมัติ: l.approved, ไม่อนุมัติ: l.rejected, ยกเลิก: l.cancelled, จ่ายออก: l.issued,
      คืนภายในกำหนด: l.returnedOnTime, คืนเกินกำหนด: l.returnedLate, 'ค้างคืน ณ สิ้นช่วง': l.outstandingAtEnd,
      'เกินกำหนดคืน ณ สิ้นช่วง': l.overdueAtEnd, 'ต้องติดตามทวงคืน (ข้อ 211)': l.escalated,
    });
    expect(pairs('3 อาวุธ')['จำนวนวันในช่วงเวลา']).toBe(figures.weapons.daysInPeriod);
    expect(pairs('4 ของบริจาค')).toMatchObject({ 'รับบริจาค (รายการ)': figures.donations.received, 'มูลค่าที่รับบริจาค (บาท)': figures.donations.receivedValue });
    expect(figures.donations).toMatchObject({ received: 1, receivedValue: 3500 });
    expect(pairs('5 ของกลาง')).toMatchObject({ รับเข้า: figures.evidence.received, 'คงเหลือ ณ สิ้นช่วง': figures.evidence.heldAtEnd });
    expect(pairs('6 ตรวจนับและเหตุผิดปกติ')['เหตุผิดปกติค้าง ณ สิ้นช่วง']).toBe(figures.auditsAndIncidents.incidentsOpenAtEnd);
    expect(pairs('7 ความถูกต้องของบันทึก')).toMatchObject({ ผลการตรวจสอบห่วงโซ่: 'ถูกต้อง', 'ลำดับสุดท้าย ณ สิ้นช่วง': figures.auditLog.headSeqAtEnd });
  });

  it("section 8 is the clerk's text", () => {
    expect(sheet('8 ปัญหาและการแก้ไข').getCell('B2').value).toBe('ไม่มีปัญหา');
    expect(sheet('8 ปัญหาและการแก้ไข').getCell('B3').value).toBe('ไม่มี');
  });

  it('as PDF: an A4 document with the same figures in Thai, Sarabun embedded (the renderer spec checks the pages in depth)', async () => {
    const res = await t.http().get(`/api/reports/o23?period=${PERIOD}&format=pdf`).set(auth(t.a.tokens.COMMANDER)).buffer(true).parse(binary as never);
    expectOk(res);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="O23-STA-${PERIOD}.pdf"`);
    const text = barePdfText(res.body as Buffer);
    expect(text).toContain(bareThai('บันทึกข้อความ'));
    expect(text).toContain(bareThai('สถานีตำรวจทดสอบ STA'));
    expect(text).toContain(bareThai('พฤศจิกายน 2569'));
    expect(text).toContain(String(figures.holdings.totals.closing));
    // Not issued: every page says it is a draft.
    expect(text).toContain(bareThai('ฉบับร่าง ยังไม่ได้ออกรายงาน'));
    const dir = mkdtempSync(join(tmpdir(), 'khlang-o23-'));
    const file = join(dir, 'o23.pdf');
    writeFileSync(file, res.body as Buffer);
    expect(run('pdfinfo', [file])).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(run('pdffonts', [file])).toMatch(/Sarabun/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a format it does not make (400) and roles that do not read reports (403)', async () => {
    expectError(await t.http().get(`/api/reports/o23?period=${PERIOD}&format=doc`).set(auth(t.a.tokens.COMMANDER)), 400, 'VALIDATION_FAILED');
    expectError(await t.http().get(`/api/reports/o23?period=${PERIOD}`).set(auth(t.a.tokens.COMMANDER)), 400, 'VALIDATION_FAILED');
    expectError(await t.http().get(`/api/reports/o23?period=2569-13&format=xlsx`).set(auth(t.a.tokens.COMMANDER)), 422, 'PERIOD_INVALID');
    expectError(await t.http().get(`/api/reports/o23?period=${PERIOD}&format=xlsx`).set(auth(t.a.tokens.OFFICER)), 403, 'FORBIDDEN');
  });
});
