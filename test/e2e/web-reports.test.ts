/**
 * The reports pages (src/web/reports) through HTTP as a browser sends them: the O23 preview says the
 * same figures as the API for a month and a fiscal half, the draft files download, section 8 is written
 * through its form (and refused to those who may not), the commander issues the period (refused in
 * Thai before it ends, then issued: the page shows the hashes of the files it serves byte for byte),
 * the registers and the custody sheet download, the audit-log verification says ถูกต้อง and, once a row
 * is changed behind the application, ไม่ถูกต้อง with the sequence number. Roles without access get the
 * Thai 403 page, and no page shows English leftovers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { ManualClock } from '../../src/common/clock.js';
import { CATEGORY_TH, type ItemCategory, type ItemKind, KIND_TH } from '../../src/items/item.enums.js';
import { figureSections, type FigureRow, O23_CONDITIONS } from '../../src/reports/o23-labels.js';
import type { O23Figures } from '../../src/reports/reports.service.js';
import { thaiMonth, thaiPeriod } from '../../src/reports/thai-dates.js';
import { SESSION_COOKIE } from '../../src/web/web-session.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { auth, binary, expectOk, type Json, OwnerDb, type Res, THAI } from '../helpers/checks.js';
import { addMonths, endOf, monthOf } from '../helpers/periods.js';
import { fieldError, flash, formError, pageClient, type PageClient, visibleText } from '../helpers/web.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** English a Thai page must never show: leaked values, enum names, query fields, service codes and messages. */
const ENGLISH_LEFTOVERS =
  /\b(undefined|null|NaN|Error|error|true|false|object|Object|EVIDENCE|PROPERTY|WEAPON|DONATION|GOOD|DAMAGED|HIGH|NORMAL|COMMANDER|SUPERVISOR|CLERK|AUDITOR|period|asOf|format|stationId|PERIOD_[A-Z_]+|NOTE_MISSING|ALREADY_ISSUED|SELF_APPROVAL|VALIDATION_FAILED|must|Cannot|not found|firearm|drugs|furniture|document)\b/;

/** The test fixture names its users after their roles ("ผู้ใช้ CLERK STA"): their data, not the page's words. */
const FIXTURE_NAMES = /ผู้ใช้ (COMMANDER|SUPERVISOR|CLERK|INVESTIGATOR|OFFICER|AUDITOR) ST[AB]/g;

const pagesSeen: { path: string; res: Res }[] = [];

function expectThai(res: Res): void {
  expect(res.type).toBe('text/html');
  const text = visibleText(res.text).replace(FIXTURE_NAMES, '');
  expect(text).toMatch(THAI);
  expect(text.match(ENGLISH_LEFTOVERS)?.[0] ?? null).toBeNull();
}

/** One section of the O23 preview (`id="section-3"` …) up to the next. */
function section(page: string, n: number): string {
  const start = page.indexOf(`id="section-${n}"`);
  expect(start).toBeGreaterThan(-1);
  const next = page.indexOf(`id="section-${n + 1}"`, start);
  return page.slice(start, next === -1 ? undefined : next);
}

/** The label → shown value pairs of a figures table. */
function figureRows(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<tr><th scope="row">([\s\S]*?)<\/th><td class="[^"]*">([\s\S]*?)<\/td><\/tr>/g)].map((m) => [visibleText(m[1]), visibleText(m[2])]));
}

/** The cells of a row of section 1 (`data-row="EVIDENCE.drugs"`, `data-row="total"`): the ledger's (nth 0) or the condition table's (nth 1). */
function ledgerRow(html: string, key: string, nth = 0): string[] {
  const match = [...html.matchAll(new RegExp(`<tr data-row="${key.replace('.', '\\.')}">([\\s\\S]*?)</tr>`, 'g'))][nth];
  expect(match).toBeDefined();
  return [...match[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => visibleText(m[1]));
}

const count = (n: number) => n.toLocaleString('th-TH');
const baht = (n: number) => n.toLocaleString('th-TH', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
function shown(row: FigureRow): string {
  if (row.format === 'baht') return baht(Number(row.value));
  if (row.format === 'text') return String(row.value);
  return count(Number(row.value));
}

describe('reports pages (e2e)', () => {
  let t: TestApp;
  // The data is written now (audit rows carry the real time), so the period is this month; the
  // application's clock is later moved past its end, when the report may be issued.
  const clock = new ManualClock(new Date());
  const PERIOD = monthOf(clock.now());
  const owner = new OwnerDb();
  const b = {} as Record<'clerk' | 'supervisor' | 'commander' | 'auditor' | 'investigator' | 'officer' | 'admin' | 'otherClerk', PageClient>;
  const items = {} as Record<'desk' | 'book' | 'drugs' | 'gun' | 'gift' | 'otherBook', Json>;
  let issuedId = '';

  const api = (method: 'get' | 'post' | 'put', url: string, token: string, body?: object) => {
    const req = t.http()[method](url).set(auth(token));
    return body ? req.send(body) : req;
  };
  /** A page, remembered for the English-leftovers sweep at the end. */
  async function page(browser: PageClient, path: string, status = 200): Promise<Res> {
    const res = await browser.get(path);
    expect({ path, status: res.status }).toEqual({ path, status });
    pagesSeen.push({ path, res });
    return res;
  }
  /** A download as the browser gets it: the session cookie, the body kept as bytes. */
  const download = (path: string, token: string) => t.http().get(path).set('Cookie', `${SESSION_COOKIE}=${token}`).redirects(0).buffer(true).parse(binary as never);
  async function file(path: string, token: string, type: string): Promise<Res> {
    const res = await download(path, token);
    expect({ path, status: res.status, type: res.type }).toEqual({ path, status: 200, type });
    expect((res.body as Buffer).subarray(0, type === PDF ? 5 : 2).toString('latin1')).toBe(type === PDF ? '%PDF-' : 'PK');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.(pdf|xlsx)"$/);
    return res;
  }
  const countRows = async (table: string) => Number((await owner.rows(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const forbidden = (res: Res) => {
    expect(res.status).toBe(403);
    expect(visibleText(res.text)).toContain('สิทธิ์ของท่านไม่อนุญาตให้เข้าหน้านี้');
    expectThai(res);
  };

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await owner.open(t.db.ownerUrl);
    b.clerk = pageClient(t, t.a.tokens.CLERK);
    b.supervisor = pageClient(t, t.a.tokens.SUPERVISOR);
    b.commander = pageClient(t, t.a.tokens.COMMANDER);
    b.auditor = pageClient(t, t.a.tokens.AUDITOR);
    b.investigator = pageClient(t, t.a.tokens.INVESTIGATOR);
    b.officer = pageClient(t, t.a.tokens.OFFICER);
    b.admin = pageClient(t, t.adminToken);
    b.otherClerk = pageClient(t, t.b.tokens.CLERK);

    const witness = { username: 'sta.commander', password: TEST_PASSWORD };
    const register = async (body: Json, token = t.a.tokens.CLERK) => {
      const res = await api('post', '/api/items', token, body);
      expectOk(res, 201);
      return res.body as Json;
    };
    items.desk = await register({ category: 'PROPERTY', kind: 'furniture', description: 'โต๊ะทำงานไม้', locationId: t.a.room.id, property: { unitPrice: 4500, assetNumber: '7110-001-0001' } });
    items.book = await register({ category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชีธนาคาร', locationId: t.a.room.id, evidence: { caseNumber: '12/2569' } }, t.a.tokens.INVESTIGATOR);
    items.drugs = await register({ category: 'EVIDENCE', kind: 'drugs', description: 'ยาบ้า 200 เม็ด', quantity: 200, unit: 'เม็ด', locationId: t.a.safe.id, sealNumber: 'S-0001', weightGrams: 20.5, evidence: { caseNumber: '123/2569' }, witness });
    items.gun = await register({ category: 'WEAPON', kind: 'firearm', description: 'ปืนพก 9 มม.', locationId: t.a.safe.id, serialNumber: 'GUN-001', weapon: { make: 'Glock', model: '17', calibre: '9 มม.' }, witness });
    items.gift = await register({ category: 'DONATION', kind: 'equipment', description: 'เครื่องตรวจวัดแอลกอฮอล์', locationId: t.a.room.id, donation: { donorName: 'บริษัท ตัวอย่าง จำกัด', receivedAt: clock.now().toISOString(), estimatedValue: 35000, purpose: 'ใช้ตั้งด่าน' } });
    items.otherBook = await register({ category: 'EVIDENCE', kind: 'document', description: 'เอกสารของสถานีอื่น', locationId: t.b.room.id, evidence: { caseNumber: '1/2569' } }, t.b.tokens.CLERK);
    const due = new Date(clock.now().getTime() + 3 * 86_400_000).toISOString();
    expectOk(await api('post', '/api/loans', t.a.tokens.INVESTIGATOR, { items: [{ itemId: items.book.id }], purposeType: 'COURT', purpose: 'นำส่งศาล', offPremises: true, dueAt: due }), 201);
  });

  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  describe('the O23 preview', () => {
    it('shows the same figures as GET /api/reports/o23/figures for the month: ledger, condition, sections 2–7', async () => {
      const figures = (await api('get', `/api/reports/o23/figures?period=${PERIOD}`, t.a.tokens.CLERK)).body as O23Figures;
      const res = await page(b.clerk, `/reports?period=${PERIOD}`);
      expectThai(res);
      expect(visibleText(res.text)).toContain(`ประจำเดือน ${thaiMonth(PERIOD)}`);
      expect(figures.holdings.totals.received).toBe(5);

      const ledger = section(res.text, 1);
      for (const r of figures.holdings.rows) {
        expect(ledger).toContain(`${CATEGORY_TH[r.category as ItemCategory]}`);
        expect(ledger).toContain(KIND_TH[r.kind as ItemKind]);
        const cells = ledgerRow(ledger, `${r.category}.${r.kind}`);
        expect(cells).toEqual([count(r.opening), count(r.received), count(r.disposed), count(r.closing), baht(r.closingValue)]);
        expect(ledgerRow(ledger, `${r.category}.${r.kind}`, 1)).toEqual(O23_CONDITIONS.map((c) => count(r.byCondition[c] ?? 0)));
      }
      const { totals } = figures.holdings;
      expect(ledgerRow(ledger, 'total')).toEqual([count(totals.opening), count(totals.received), count(totals.disposed), count(totals.closing), baht(totals.closingValue)]);
      expect(ledgerRow(ledger, 'total')).toEqual(['0', '5', '0', '5', baht(4500 + 35000)]);

      figureSections(figures).forEach((s, i) => {
        const rows = figureRows(section(res.text, i + 2));
        for (const row of s.rows.filter((r) => r.format !== 'hash')) expect({ label: row.label, value: rows[row.label] }).toEqual({ label: row.label, value: shown(row) });
      });
      expect(figureRows(section(res.text, 2))['คำขอยืม']).toBe('1');
      expect(figureRows(section(res.text, 5))['ของกลางความเสี่ยงสูง ณ สิ้นช่วง']).toBe('1');
      expect(section(res.text, 7)).toContain(figures.auditLog.headHashAtEnd!);
      expect(visibleText(section(res.text, 8))).toContain('ยังไม่ได้บันทึกส่วนที่ 8');
    });

    it('opens on the last finished month, offering the last 24 months and the fiscal halves', async () => {
      const lastMonth = addMonths(PERIOD, -1);
      const res = await page(b.auditor, '/reports');
      expectThai(res);
      expect(res.text).toContain(`<option value="${lastMonth}" selected>${thaiMonth(lastMonth)}</option>`);
      const months = [...res.text.matchAll(/<option value="(\d{4}-\d{2})"/g)].map((m) => m[1]);
      expect(months).toHaveLength(24);
      expect(months[0]).toBe(PERIOD);
      expect(months[23]).toBe(addMonths(PERIOD, -23));
      expect(visibleText(res.text)).toContain(`ประจำเดือน ${thaiMonth(lastMonth)}`);
      expect(res.text).toContain(`href="/reports/o23.pdf?period=${lastMonth}"`);
      // The current fiscal year's first half: ต.ค. of the year before.
      const [y, m] = PERIOD.split('-').map(Number);
      const fy = m >= 10 ? y + 1 : y;
      expect(res.text).toContain(`<option value="${fy - 1}-10_${fy}-03"`);
      // An auditor reads; writing section 8 and issuing are others' work.
      expect(res.text).not.toContain('action="/reports/notes');
      expect(res.text).not.toContain('action="/reports/issue"');
    });

    it('the fiscal half: the selector leads to from/to, whose page shows the range and the same figures as the API', async () => {
      const [y, m] = PERIOD.split('-').map(Number);
      const fy = m >= 10 ? y + 1 : y;
      const from = m >= 4 && m <= 9 ? `${fy}-04` : `${fy - 1}-10`;
      const to = m >= 4 && m <= 9 ? `${fy}-09` : `${fy}-03`;
      const chosen = await b.commander.get(`/reports?half=${from}_${to}`);
      expect(chosen.status).toBe(303);
      expect(chosen.headers.location).toBe(`/reports?from=${from}&to=${to}`);
      const res = await page(b.commander, chosen.headers.location);
      expectThai(res);
      expect(visibleText(res.text)).toContain(`ประจำช่วง ${thaiPeriod(from, to)}`);
      expect(res.text).toContain(`<option value="${from}_${to}" selected>`);
      expect(res.text).toContain(`href="/reports/o23.xlsx?from=${from}&amp;to=${to}"`);
      const figures = (await api('get', `/api/reports/o23/figures?from=${from}&to=${to}`, t.a.tokens.COMMANDER)).body as O23Figures;
      expect(figures.period.months).toBe(6);
      expect(ledgerRow(section(res.text, 1), 'total')[1]).toBe(count(figures.holdings.totals.received));
      expect(figureRows(section(res.text, 3))['จำนวนวันในช่วงเวลา']).toBe(count(figures.period.days));
      // The half is not over: the commander is told when it can be issued, and gets no button yet.
      expect(visibleText(res.text)).toContain('ช่วงเวลานี้ยังไม่สิ้นสุด');
      expect(res.text).not.toContain('action="/reports/issue"');
    });

    it('a bad period is said next to the selector in Thai (422), and a bad download is the Thai error page', async () => {
      for (const [query, message] of [
        ['period=2569-13', 'ช่วงเวลาไม่ถูกต้อง'],
        ['from=2569-09&to=2569-04', 'เดือนเริ่มต้นอยู่หลังเดือนสิ้นสุด'],
        ['from=2567-01&to=2569-09', 'ไม่เกิน 24 เดือน'],
        ['from=2569-01', 'กรุณาเลือกเดือน'],
        ['half=2569', 'ช่วงเวลาไม่ถูกต้อง'],
      ]) {
        const res = await page(b.clerk, `/reports?${query}`, 422);
        expect(visibleText(/<p class="field-error" id="chooser-error"[^>]*>([\s\S]*?)<\/p>/.exec(res.text)?.[1] ?? '')).toContain(message);
        expect(res.text).not.toContain('id="section-1"');
        expectThai(res);
      }
      const bad = await page(b.clerk, '/reports/o23.pdf?period=25-01', 422);
      expect(visibleText(bad.text)).toContain('ช่วงเวลาไม่ถูกต้อง');
      expectThai(bad);
      expectThai(await page(b.clerk, '/reports/o23.xlsx', 422));
    });

    it('downloads the draft PDF and XLSX of the month and of a range', async () => {
      const pdf = await file(`/reports/o23.pdf?period=${PERIOD}`, t.a.tokens.CLERK, PDF);
      expect(pdf.headers['content-disposition']).toBe(`attachment; filename="O23-STA-${PERIOD}.pdf"`);
      const xlsx = await file(`/reports/o23.xlsx?period=${PERIOD}`, t.a.tokens.AUDITOR, XLSX);
      expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="O23-STA-${PERIOD}.xlsx"`);
      const from = addMonths(PERIOD, -5);
      const range = await file(`/reports/o23.xlsx?from=${from}&to=${PERIOD}`, t.a.tokens.SUPERVISOR, XLSX);
      expect(range.headers['content-disposition']).toBe(`attachment; filename="O23-STA-${from}_${PERIOD}.xlsx"`);
      await file(`/reports/o23.pdf?from=${from}&to=${PERIOD}`, t.a.tokens.COMMANDER, PDF);
    });
  });

  describe('section 8', () => {
    it('shows the form to the clerk; an empty or too long text is said next to its field, and nothing is written', async () => {
      const form = await page(b.clerk, `/reports?period=${PERIOD}`);
      expect(form.text).toContain(`action="/reports/notes?period=${PERIOD}"`);
      expect(form.text).toContain('name="problems"');
      expect(form.text).toContain('name="correctiveAction"');
      const before = await countRows('o23_notes');

      const empty = await b.clerk.post(`/reports/notes?period=${PERIOD}`, { problems: '  ', correctiveAction: '' });
      expect(empty.status).toBe(422);
      expect(fieldError(empty.text, 'problems')).toBe('กรุณากรอกช่องนี้');
      expect(fieldError(empty.text, 'correctiveAction')).toBe('กรุณากรอกช่องนี้');
      expectThai(empty);

      const long = await b.clerk.post(`/reports/notes?period=${PERIOD}`, { problems: 'ก'.repeat(4001), correctiveAction: 'แก้ไขแล้ว' });
      expect(long.status).toBe(422);
      expect(fieldError(long.text, 'problems')).toBe('ยาวเกิน 4000 ตัวอักษร');
      expect(fieldError(long.text, 'correctiveAction')).toBeNull();
      expect(long.text).toContain('แก้ไขแล้ว</textarea>');

      const badPeriod = await b.clerk.post('/reports/notes?period=2569-00', { problems: 'ไม่มี', correctiveAction: 'ไม่มี' });
      expect(badPeriod.status).toBe(422);
      expectThai(badPeriod);
      expect(await countRows('o23_notes')).toBe(before);
    });

    it('saves it (line breaks as typed), comes back with a flash, and the API reads the same text', async () => {
      const res = await b.clerk.post(`/reports/notes?period=${PERIOD}`, { problems: 'ตรวจนับอาวุธไม่ครบ 1 วัน\r\nเครื่องพิมพ์ฉลากชำรุด', correctiveAction: 'มอบหมายผู้ปฏิบัติหน้าที่แทน' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/reports?period=${PERIOD}&done=note#section-8`);
      const back = await page(b.clerk, `/reports?period=${PERIOD}&done=note`);
      expect(flash(back.text)).toBe('บันทึกส่วนที่ 8 แล้ว');
      expect(visibleText(section(back.text, 8))).toContain('ตรวจนับอาวุธไม่ครบ 1 วัน เครื่องพิมพ์ฉลากชำรุด');
      expect(visibleText(section(back.text, 8))).toContain('บันทึกล่าสุดโดย ท่าน');
      expectThai(back);
      const note = (await api('get', `/api/reports/o23/notes?period=${PERIOD}`, t.a.tokens.AUDITOR)).body;
      expect(note.note).toMatchObject({ problems: 'ตรวจนับอาวุธไม่ครบ 1 วัน\nเครื่องพิมพ์ฉลากชำรุด', correctiveAction: 'มอบหมายผู้ปฏิบัติหน้าที่แทน', updatedBy: t.a.users.CLERK.id });
      // Others see who wrote it.
      const commander = await page(b.commander, `/reports?period=${PERIOD}`);
      expect(visibleText(section(commander.text, 8))).toContain(`บันทึกล่าสุดโดย ร.ต.อ. ${t.a.users.CLERK.displayName}`);
    });

    it('is refused to the commander and the auditor with the 403 page, writing nothing', async () => {
      const before = await owner.rows('SELECT problems, updated_by FROM o23_notes');
      for (const browser of [b.commander, b.auditor, b.investigator]) {
        forbidden(await browser.post(`/reports/notes?period=${PERIOD}`, { problems: 'แก้โดยผู้ไม่มีสิทธิ์', correctiveAction: 'ไม่มี' }));
      }
      expect(await owner.rows('SELECT problems, updated_by FROM o23_notes')).toEqual(before);
    });
  });

  describe('issuing', () => {
    it('before the month ends the commander is refused with the Thai reason, and nothing is issued', async () => {
      const res = await b.commander.post('/reports/issue', { period: PERIOD });
      expect(res.status).toBe(409);
      expect(formError(res.text)).toMatch(/^ยังออกรายงานไม่ได้ ช่วงเวลานี้สิ้นสุดวันที่ /);
      expectThai(res);
      expect(await countRows('o23_reports')).toBe(0);
    });

    it('a period without section 8 is refused in plain Thai; the clerk may not issue at all', async () => {
      clock.set(new Date(endOf(PERIOD).getTime() + 60_000));
      const old = addMonths(PERIOD, -3);
      const res = await b.commander.post('/reports/issue', { period: old });
      expect(res.status).toBe(409);
      expect(formError(res.text)).toBe('ยังไม่มีส่วนที่ 8 (ปัญหาอุปสรรคและการแก้ไข) ให้เจ้าหน้าที่พัสดุบันทึกก่อนออกรายงาน');
      const preview = await page(b.commander, `/reports?period=${old}`);
      expect(visibleText(preview.text)).toContain('ยังไม่มีส่วนที่ 8 ให้เจ้าหน้าที่พัสดุบันทึกก่อน');
      forbidden(await b.clerk.post('/reports/issue', { period: PERIOD }));
      forbidden(await b.supervisor.post('/reports/issue', { period: PERIOD }));
      expect(await countRows('o23_reports')).toBe(0);
    });

    it('once the month is over the commander issues it: the issued page shows the hashes of the files it serves', async () => {
      const form = await page(b.commander, `/reports?period=${PERIOD}`);
      expect(form.text).toContain('action="/reports/issue"');
      expect(form.text).toContain(`<input type="hidden" name="period" value="${PERIOD}">`);
      const res = await b.commander.post('/reports/issue', { period: PERIOD });
      expect(res.status).toBe(303);
      const match = /^\/reports\/issued\/([0-9a-f-]{36})\?done=issued$/.exec(res.headers.location);
      expect(match).not.toBeNull();
      issuedId = match![1];

      const issued = (await api('get', `/api/reports/o23/issued/${issuedId}`, t.a.tokens.AUDITOR)).body;
      expect(issued).toMatchObject({ version: 1, period: { from: PERIOD, to: PERIOD }, issuedBy: { id: t.a.users.COMMANDER.id } });
      const shownPage = await page(b.commander, res.headers.location);
      expect(flash(shownPage.text)).toBe('ออกรายงานแล้ว ไฟล์และตัวเลขถูกเก็บไว้ถาวรพร้อมค่า SHA-256');
      expectThai(shownPage);
      const text = visibleText(shownPage.text);
      expect(text).toContain(`รายงาน O23 ${thaiMonth(PERIOD)} ครั้งที่ 1`);
      expect(text).toContain(issued.pdf.sha256);
      expect(text).toContain(issued.xlsx.sha256);
      expect(text).toContain(issued.chainHead.hash);
      expect(text).toContain(`ลำดับที่ ${issued.chainHead.seq}`);
      expect(text).toContain(`ตรงกัน: รายการลำดับที่ ${issued.chainHead.seq} ขณะนี้มีค่าแฮชเดียวกับที่พิมพ์ในรายงาน`);
      // The frozen figures are the ones issued.
      expect(ledgerRow(section(shownPage.text, 1), 'total')).toEqual(['0', '5', '0', '5', baht(39500)]);

      for (const format of ['pdf', 'xlsx'] as const) {
        const shownHash = new RegExp(`data-sha256="${format}"><code class="hash">([0-9a-f]{64})</code>`).exec(shownPage.text)?.[1];
        const stored = await file(`/reports/issued/${issuedId}/file?format=${format}`, t.a.tokens.AUDITOR, format === 'pdf' ? PDF : XLSX);
        expect(sha256(stored.body)).toBe(shownHash);
        expect(stored.headers['x-content-sha256']).toBe(shownHash);
        expect(stored.headers['content-disposition']).toBe(`attachment; filename="O23-STA-${PERIOD}-v1.${format}"`);
        // Byte for byte what the API serves.
        const viaApi = await t.http().get(`/api/reports/o23/issued/${issuedId}/file?format=${format}`).set(auth(t.a.tokens.CLERK)).buffer(true).parse(binary as never);
        expect(Buffer.compare(viaApi.body, stored.body)).toBe(0);
      }
    });

    it('issuing again needs a reason, said next to its field; with it, version 2 supersedes version 1', async () => {
      const preview = await page(b.commander, `/reports?period=${PERIOD}`);
      expect(preview.text).toContain('name="reason"');
      expect(visibleText(preview.text)).toContain('ช่วงเวลานี้ออกรายงานแล้ว (ครั้งที่ 1)');
      const refused = await b.commander.post('/reports/issue', { period: PERIOD, reason: '' });
      expect(refused.status).toBe(409);
      expect(fieldError(refused.text, 'reason')).toBe('ช่วงเวลานี้ออกรายงานแล้ว (ครั้งที่ 1) หากต้องการออกใหม่ ให้ระบุเหตุผล');
      expect(await countRows('o23_reports')).toBe(1);

      const again = await b.commander.post('/reports/issue', { period: PERIOD, reason: 'แก้ไขจำนวนของกลางตามบันทึกที่ได้รับภายหลัง' });
      expect(again.status).toBe(303);
      const v2 = /^\/reports\/issued\/([0-9a-f-]{36})\?done=issued$/.exec(again.headers.location)![1];
      const v2Page = await page(b.auditor, `/reports/issued/${v2}`);
      expect(visibleText(v2Page.text)).toContain('แก้ไขจำนวนของกลางตามบันทึกที่ได้รับภายหลัง');
      const v1Page = await page(b.auditor, `/reports/issued/${issuedId}`);
      expect(visibleText(v1Page.text)).toContain('มีฉบับใหม่แทนแล้ว');
      expect(v1Page.text).toContain(`href="/reports/issued/${v2}"`);

      const list = await page(b.clerk, '/reports/issued');
      expectThai(list);
      const { items: apiList } = (await api('get', '/api/reports/o23/issued', t.a.tokens.CLERK)).body;
      expect(apiList).toHaveLength(2);
      for (const r of apiList) {
        expect(list.text).toContain(`href="/reports/issued/${r.id}"`);
        expect(list.text).toContain(r.pdf.sha256);
        expect(list.text).toContain(r.xlsx.sha256);
      }
      expect(list.text.match(/มีฉบับใหม่แทนแล้ว/g)).toHaveLength(1);
    });

    it("an unknown id, a malformed id and another station's report are the 404 page; a bad format is refused", async () => {
      expectThai(await page(b.auditor, `/reports/issued/${randomUUID()}`, 404));
      expectThai(await page(b.auditor, '/reports/issued/not-an-id', 404));
      expectThai(await page(b.otherClerk, `/reports/issued/${issuedId}`, 404));
      expect((await download(`/reports/issued/${issuedId}/file?format=pdf`, t.b.tokens.CLERK)).status).toBe(404);
      expectThai(await page(b.auditor, `/reports/issued/${issuedId}/file?format=docx`, 422));
      expect(visibleText((await page(b.otherClerk, '/reports/issued')).text)).toContain('ยังไม่มีรายงานที่ออก');
    });
  });

  describe('registers and the custody sheet', () => {
    it('lists the four registers with their downloads; each downloads as PDF and XLSX', async () => {
      const res = await page(b.supervisor, '/reports/registers');
      expectThai(res);
      for (const kind of ['evidence', 'property', 'arms', 'donations']) {
        expect(res.text).toContain(`id="register-${kind}"`);
        await file(`/reports/registers/${kind}?format=pdf`, t.a.tokens.CLERK, PDF);
        await file(`/reports/registers/${kind}?format=xlsx`, t.a.tokens.AUDITOR, XLSX);
      }
      for (const name of ['บัญชีของกลาง', 'ทะเบียนคุมทรัพย์สิน', 'ทะเบียนอาวุธปืนและเครื่องกระสุน', 'ทะเบียนของบริจาค']) expect(visibleText(res.text)).toContain(name);
    });

    it('the property register as at a Thai date; a date that is not one is said next to the field', async () => {
      const asAt = await file('/reports/registers/property?asOf=30/09/2569&format=xlsx', t.a.tokens.CLERK, XLSX);
      expect(asAt.headers['content-disposition']).toBe('attachment; filename="STA-property-register-2569-09-30.xlsx"');
      const bad = await page(b.clerk, '/reports/registers/property?asOf=31/02/2569&format=pdf', 422);
      expect(fieldError(bad.text, 'asOf')).toBe('กรุณากรอกวันที่แบบ วว/ดด/ปปปป (พ.ศ.) เช่น 30/09/2569');
      expectThai(bad);
      expectThai(await page(b.clerk, '/reports/registers/weapons?format=pdf', 404));
      expectThai(await page(b.clerk, '/reports/registers/arms?format=html', 422));
    });

    it('the custody sheet by code (as scanned) and by item id (the item page links it), also for the investigator', async () => {
      const byCode = await file(`/reports/custody-sheet?code=${items.drugs.code.toLowerCase()}`, t.a.tokens.CLERK, PDF);
      expect(byCode.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${items.drugs.code}-custody-\\d{4}-\\d{2}-\\d{2}\\.pdf"$`));
      await file(`/reports/custody-sheet?itemId=${items.gun.id}`, t.a.tokens.INVESTIGATOR, PDF);
      await file(`/reports/custody-sheet?code=${items.book.code}&format=xlsx`, t.a.tokens.INVESTIGATOR, XLSX);
      const form = await page(b.investigator, '/reports/custody-sheet');
      expect(form.text).toContain('name="code"');
      expectThai(form);
    });

    it("another station's code is the 404 page (the form again, with the reason); so is another station's id", async () => {
      const res = await page(b.clerk, `/reports/custody-sheet?code=${items.otherBook.code}`, 404);
      expect(fieldError(res.text, 'code')).toBe(`ไม่พบของรหัส "${items.otherBook.code}" ในทะเบียนของสถานี`);
      expectThai(res);
      expectThai(await page(b.clerk, `/reports/custody-sheet?itemId=${items.otherBook.id}`, 404));
      expectThai(await page(b.investigator, '/reports/custody-sheet?itemId=not-an-id', 404));
    });
  });

  describe('roles without access', () => {
    it('get the Thai 403 page', async () => {
      for (const browser of [b.officer, b.investigator]) {
        for (const path of ['/reports', `/reports/o23.pdf?period=${PERIOD}`, '/reports/issued', `/reports/issued/${issuedId}`, '/reports/registers', '/reports/registers/evidence?format=pdf']) forbidden(await browser.get(path));
      }
      forbidden(await b.officer.get(`/reports/custody-sheet?itemId=${items.gun.id}`));
      forbidden(await b.admin.get('/reports'));
      forbidden(await b.auditor.post('/reports/issue', { period: PERIOD }));
    });
  });

  describe('audit-log verification', () => {
    it('says ถูกต้อง with the entries, the head sequence and hash of the station chain, to every role', async () => {
      const api_ = (await api('get', '/api/audit-log/verify', t.a.tokens.CLERK)).body;
      expect(api_.ok).toBe(true);
      const res = await page(b.clerk, '/audit-log/verify');
      expectThai(res);
      expect(res.text).toContain('<section class="verdict ok" role="status"');
      const text = visibleText(res.text);
      expect(text).toContain('ถูกต้อง');
      expect(text).not.toContain('ไม่ถูกต้อง');
      expect(res.text).toContain(`<dd data-entries>${count(api_.entries)}</dd>`);
      expect(res.text).toContain(`<dd data-head-seq>${api_.headSeq}</dd>`);
      expect(text).toContain(api_.headHash);
      // The issued reports' chain heads, compared.
      expect(visibleText(/id="reports-check"[\s\S]*?<\/table>/.exec(res.text)![0])).toMatch(/ตรงกัน.*ตรงกัน/);
      for (const browser of [b.officer, b.investigator, b.commander, b.auditor, b.supervisor]) expectThai(await page(browser, '/audit-log/verify'));
    });

    it('checks a chain head typed from a printed report: the same hash matches, another does not', async () => {
      const issued = (await api('get', `/api/reports/o23/issued/${issuedId}`, t.a.tokens.AUDITOR)).body;
      const ok = await page(b.officer, `/audit-log/verify?seq=${issued.chainHead.seq}&hash=${issued.chainHead.hash}`);
      expect(visibleText(ok.text)).toContain(`ตรงกัน: รายการลำดับที่ ${issued.chainHead.seq} ขณะนี้มีค่าแฮชเดียวกับที่พิมพ์ในรายงาน`);
      const other = await page(b.officer, `/audit-log/verify?seq=${issued.chainHead.seq}&hash=${'a'.repeat(64)}`);
      expect(visibleText(other.text)).toContain(`ไม่ตรงกัน: รายการลำดับที่ ${issued.chainHead.seq}`);
      const missing = await page(b.officer, `/audit-log/verify?seq=999999&hash=${'a'.repeat(64)}`);
      expect(visibleText(missing.text)).toContain('ไม่พบรายการลำดับที่ 999999');
      const bad = await page(b.officer, '/audit-log/verify?seq=x&hash=123', 422);
      expect(fieldError(bad.text, 'seq')).toBe('กรุณากรอกลำดับเป็นตัวเลข');
      expect(fieldError(bad.text, 'hash')).toBe('ค่าแฮชต้องเป็นเลขฐานสิบหก 64 ตัวอักษร (0-9 a-f)');
    });

    it('the administrator, who has no station, sees the system chain and every station chain', async () => {
      const res = await page(b.admin, '/audit-log/verify');
      expectThai(res);
      const text = visibleText(res.text);
      expect(text).toContain('ห่วงโซ่ของระบบ');
      expect(text).toContain(t.a.station.nameTh);
      expect(text).toContain(t.b.station.nameTh);
      expect(res.text).not.toContain('verdict bad');
    });

    // Last: it breaks station A's chain for good.
    it('after an audit row is changed behind the application, says ไม่ถูกต้อง with the first bad sequence number and what to do', async () => {
      await owner.query('BEGIN');
      await owner.query('SET LOCAL session_replication_role = replica');
      await owner.query(`UPDATE audit_log SET canonical = replace(canonical, '"action":"', '"action":"FORGED_') WHERE chain_key = $1 AND seq = 3`, [t.a.station.id]);
      await owner.query('COMMIT');
      expect((await api('get', '/api/audit-log/verify', t.a.tokens.CLERK)).body).toMatchObject({ ok: false, firstBadSeq: 3 });

      const res = await page(b.commander, '/audit-log/verify');
      expectThai(res);
      expect(res.text).toContain('<section class="verdict bad" role="alert"');
      const text = visibleText(res.text);
      expect(text).toContain('ไม่ถูกต้อง');
      expect(text).toContain('พบความผิดปกติตั้งแต่รายการลำดับที่ 3');
      expect(text).toContain('มีผู้แก้ไขหรือลบบันทึกลำดับที่ 3 โดยไม่ผ่านระบบ');
      expect(text).toContain('แจ้งผู้บังคับบัญชาของสถานีและผู้ดูแลระบบทันที');

      const other = await page(b.otherClerk, '/audit-log/verify');
      expect(other.text).toContain('<section class="verdict ok"');
      const admin = await page(b.admin, '/audit-log/verify');
      expect(visibleText(admin.text)).toContain('พบความผิดปกติตั้งแต่รายการลำดับที่ 3');
      // The draft report's section 7 says so too.
      const preview = await page(b.auditor, `/reports?period=${PERIOD}`);
      expect(figureRows(section(preview.text, 7))['ผลการตรวจสอบห่วงโซ่']).toBe('ไม่ถูกต้อง ตั้งแต่ลำดับที่ 3');
    });
  });

  it('no page shows English leftovers', () => {
    expect(pagesSeen.length).toBeGreaterThan(40);
    for (const { path, res } of pagesSeen) {
      const text = visibleText(res.text).replace(FIXTURE_NAMES, '');
      expect({ path, leftover: text.match(ENGLISH_LEFTOVERS)?.[0] ?? null }).toEqual({ path, leftover: null });
    }
  });
});
