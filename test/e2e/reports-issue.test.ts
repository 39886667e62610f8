/**
 * Issuing the O23 report (DESIGN §6): the commander freezes a finished period's figures, PDF and XLSX
 * with their SHA-256 and the audit-log chain head; the issued files are served byte for byte whatever
 * happens later; a reissue is a new version with its reason, and the old one stays.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { ManualClock } from '../../src/common/clock.js';
import { auth, binary, expectError, expectOk, type Json, OwnerDb } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { barePdfText, bareThai } from '../helpers/pdf-tools.js';
import { endOf, monthOf } from '../helpers/periods.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('Issuing the O23 report', () => {
  // The data is written now (audit rows carry the real time), so the period is this month; the
  // application's clock is then moved past its end, when the report may be issued.
  const PERIOD = monthOf(new Date());
  const clock = new ManualClock(new Date());
  let t: TestApp;
  const owner = new OwnerDb();
  let first: Json;
  let frozenFigures: Json;
  let verifyBefore: Json;

  const post = (url: string, body: object, token: string) => t.http().post(url).set(auth(token)).send(body);
  const get = (url: string, token: string) => t.http().get(url).set(auth(token));
  const file = async (href: string, token: string) => {
    const res = await t.http().get(href).set(auth(token)).buffer(true).parse(binary as never);
    expectOk(res);
    return res;
  };
  const registerDesk = (description: string) => post('/api/items', { category: 'PROPERTY', kind: 'furniture', description, locationId: t.a.room.id, property: { unitPrice: 4500 } }, t.a.tokens.CLERK);
  const writeNote = (period: string, token = t.a.tokens.CLERK) =>
    t.http().put(`/api/reports/o23/notes?period=${period}`).set(auth(token)).send({ problems: 'ตรวจนับอาวุธไม่ครบ 1 วัน', correctiveAction: 'มอบหมายผู้ปฏิบัติหน้าที่แทน' });
  const countReports = async () => Number((await owner.rows('SELECT count(*) AS n FROM o23_reports'))[0].n);

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await owner.open(t.db.ownerUrl);
    expectOk(await registerDesk('โต๊ะทำงานไม้'), 201);
    expectOk(await post('/api/items', { category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชีธนาคาร', locationId: t.a.room.id, evidence: { caseNumber: '12/2569' } }, t.a.tokens.INVESTIGATOR), 201);
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  describe('before it can be issued', () => {
    it('refuses a period that has not ended (409), writing nothing; the draft can be previewed meanwhile', async () => {
      expectOk(await writeNote(PERIOD));
      const res = await post('/api/reports/o23/issue', { period: PERIOD }, t.a.tokens.COMMANDER);
      expectError(res, 409, 'PERIOD_NOT_ENDED');
      expect(res.body.messageTh).toMatch(/ยังออกรายงานไม่ได้/);
      expect(await countReports()).toBe(0);
      expectOk(await get(`/api/reports/o23/figures?period=${PERIOD}`, t.a.tokens.COMMANDER));
    });

    it('refuses a period whose section 8 is not written (409 NOTE_MISSING)', async () => {
      clock.set(new Date(endOf(PERIOD).getTime() + 60_000));
      expectError(await post('/api/reports/o23/issue', { period: '2568-01' }, t.a.tokens.COMMANDER), 409, 'NOTE_MISSING');
      expect(await countReports()).toBe(0);
    });

    it('is the commander\'s alone: clerk, supervisor, investigator, officer and auditor get 403', async () => {
      for (const role of ['CLERK', 'SUPERVISOR', 'INVESTIGATOR', 'OFFICER', 'AUDITOR'] as const) {
        expectError(await post('/api/reports/o23/issue', { period: PERIOD }, t.a.tokens[role]), 403, 'FORBIDDEN');
      }
      expect(await countReports()).toBe(0);
    });

    it('checks its input: a bad period is 422, a reason on a first issue is 422, an unknown field is 400', async () => {
      expectError(await post('/api/reports/o23/issue', { period: '2569-13' }, t.a.tokens.COMMANDER), 422, 'PERIOD_INVALID');
      expectError(await post('/api/reports/o23/issue', {}, t.a.tokens.COMMANDER), 422, 'PERIOD_REQUIRED');
      expectError(await post('/api/reports/o23/issue', { period: PERIOD, reason: 'ออกใหม่' }, t.a.tokens.COMMANDER), 422, 'NOT_ISSUED_YET');
      expectError(await post('/api/reports/o23/issue', { period: PERIOD, extra: 1 }, t.a.tokens.COMMANDER), 400, 'VALIDATION_FAILED');
      expect(await countReports()).toBe(0);
    });
  });

  describe('the first issue', () => {
    beforeAll(async () => {
      const v = await get('/api/audit-log/verify', t.a.tokens.COMMANDER);
      expectOk(v);
      verifyBefore = v.body;
      frozenFigures = (await get(`/api/reports/o23/figures?period=${PERIOD}`, t.a.tokens.COMMANDER)).body;
      const res = await post('/api/reports/o23/issue', { period: PERIOD }, t.a.tokens.COMMANDER);
      expectOk(res, 201);
      first = res.body;
    });

    it('answers version 1 with its hashes, the chain head, the issuer and the preparer of section 8', () => {
      const commander = t.a.users.COMMANDER;
      expect(first).toMatchObject({
        period: { from: PERIOD, to: PERIOD },
        version: 1,
        reason: null,
        superseded: false,
        issuedAt: clock.now().toISOString(),
        issuedBy: { id: commander.id, displayName: commander.displayName, rank: 'ร.ต.อ.' },
        preparedBy: { id: t.a.users.CLERK.id },
      });
      expect(first.pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(first.xlsx.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('prints the chain head that verification gave at the time of issue', () => {
      expect(verifyBefore.ok).toBe(true);
      expect(first.chainHead).toEqual({ seq: verifyBefore.headSeq, hash: verifyBefore.headHash, verified: true });
      expect(first.figures.auditLog).toMatchObject({ headSeqAtEnd: verifyBefore.headSeq, headHashAtEnd: verifyBefore.headHash, verified: true });
    });

    it('freezes the figures that the preview showed', () => {
      expect(first.figures.holdings).toEqual(frozenFigures.holdings);
      expect(first.figures.evidence).toEqual(frozenFigures.evidence);
      expect(first.figures.problems).toEqual(frozenFigures.problems);
    });

    it('is on the audit chain with the hashes it published', async () => {
      const [row] = await owner.rows("SELECT actor_id, entity_id, after FROM audit_log WHERE action = 'O23_ISSUED'");
      expect(row).toMatchObject({ actor_id: t.a.users.COMMANDER.id, entity_id: first.id });
      expect(row.after).toMatchObject({ version: 1, pdfSha256: first.pdf.sha256, xlsxSha256: first.xlsx.sha256, chainHead: { seq: verifyBefore.headSeq } });
    });

    it('serves the PDF and the XLSX whose SHA-256 it published, stamped as issued', async () => {
      const pdf = await file(first.pdf.href, t.a.tokens.AUDITOR);
      expect(sha256(pdf.body)).toBe(first.pdf.sha256);
      expect(pdf.headers['x-content-sha256']).toBe(first.pdf.sha256);
      expect(pdf.headers['content-disposition']).toBe(`attachment; filename="O23-STA-${PERIOD}-v1.pdf"`);
      const text = barePdfText(pdf.body);
      expect(text).toContain(bareThai('ออกรายงานแล้ว ครั้งที่ 1'));
      expect(text).toContain(bareThai(`(ร.ต.อ. ${t.a.users.COMMANDER.displayName})`));
      expect(text).toContain(verifyBefore.headHash);
      expect(text).not.toContain(bareThai('ฉบับร่าง'));

      const xlsx = await file(first.xlsx.href, t.a.tokens.CLERK);
      expect(sha256(xlsx.body)).toBe(first.xlsx.sha256);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.body as never);
      const cover: Record<string, unknown> = {};
      book.getWorksheet('รายงาน')!.eachRow((row) => (cover[String(row.getCell(1).value)] = row.getCell(2).value));
      expect(cover).toMatchObject({ สถานะ: 'ออกรายงานแล้ว ครั้งที่ 1', ครั้งที่ออก: 1, ผู้ออกรายงาน: `ร.ต.อ. ${t.a.users.COMMANDER.displayName}` });
    });

    it('lists and shows the issued report to the readers of reports, with the figures on its own page', async () => {
      const list = await get(`/api/reports/o23/issued?period=${PERIOD}`, t.a.tokens.SUPERVISOR);
      expectOk(list);
      expect(list.body).toMatchObject({ total: 1, page: 1, items: [{ id: first.id, version: 1 }] });
      expect(list.body.items[0].figures).toBeUndefined();
      const one = await get(`/api/reports/o23/issued/${first.id}`, t.a.tokens.AUDITOR);
      expectOk(one);
      expect(one.body.figures).toEqual(first.figures);
      expectError(await get(`/api/reports/o23/issued/${first.id}`, t.a.tokens.OFFICER), 403, 'FORBIDDEN');
    });

    it('does not show another station its reports (404) and lists none for it', async () => {
      expectError(await get(`/api/reports/o23/issued/${first.id}`, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      expectError(await get(`${first.pdf.href}`, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      const theirs = await get('/api/reports/o23/issued', t.b.tokens.COMMANDER);
      expect(theirs.body).toMatchObject({ total: 0, items: [] });
    });

    it('refuses a malformed id (400) and a format it does not keep (400)', async () => {
      expectError(await get('/api/reports/o23/issued/not-a-uuid', t.a.tokens.COMMANDER), 400, 'INVALID_ID');
      expectError(await get(`/api/reports/o23/issued/${first.id}/file?format=docx`, t.a.tokens.COMMANDER), 400, 'VALIDATION_FAILED');
    });
  });

  describe('after new data', () => {
    let second: Json;

    beforeAll(async () => {
      // Registered now, so inside the issued period: the live figures change, the issued ones must not.
      expectOk(await registerDesk('เก้าอี้สำนักงาน'), 201);
      expectOk(await registerDesk('ตู้เก็บเอกสาร'), 201);
    });

    it('the issued report stays as issued: same files, same figures', async () => {
      const live = (await get(`/api/reports/o23/figures?period=${PERIOD}`, t.a.tokens.COMMANDER)).body;
      expect(live.holdings.totals.received).toBe(first.figures.holdings.totals.received + 2);
      const pdf = await file(first.pdf.href, t.a.tokens.COMMANDER);
      expect(sha256(pdf.body)).toBe(first.pdf.sha256);
      const xlsx = await file(first.xlsx.href, t.a.tokens.COMMANDER);
      expect(sha256(xlsx.body)).toBe(first.xlsx.sha256);
      expect((await get(`/api/reports/o23/issued/${first.id}`, t.a.tokens.COMMANDER)).body.figures).toEqual(first.figures);
    });

    it('a second issue without a reason is refused (409), with one it is version 2 and version 1 stays', async () => {
      const refused = await post('/api/reports/o23/issue', { period: PERIOD }, t.a.tokens.COMMANDER);
      expectError(refused, 409, 'ALREADY_ISSUED');
      expect(refused.body.details).toEqual({ version: 1 });
      expect(await countReports()).toBe(1);

      const reason = 'มีทรัพย์สินลงทะเบียนย้อนหลังภายในเดือน จึงออกรายงานใหม่';
      const res = await post('/api/reports/o23/issue', { period: PERIOD, reason }, t.a.tokens.COMMANDER);
      expectOk(res, 201);
      second = res.body;
      expect(second).toMatchObject({ version: 2, reason, superseded: false });
      expect(second.figures.holdings.totals.received).toBe(first.figures.holdings.totals.received + 2);
      expect(second.pdf.sha256).not.toBe(first.pdf.sha256);
      expect(barePdfText((await file(second.pdf.href, t.a.tokens.COMMANDER)).body)).toContain(bareThai(reason));

      const list = (await get(`/api/reports/o23/issued?period=${PERIOD}`, t.a.tokens.COMMANDER)).body;
      expect(list.items.map((r: Json) => [r.version, r.superseded])).toEqual([[2, false], [1, true]]);
      expect(sha256((await file(first.pdf.href, t.a.tokens.COMMANDER)).body)).toBe(first.pdf.sha256);
    });
  });

  describe('rules the database keeps', () => {
    it('never changes or removes an issued report, not even for its owner', async () => {
      await expect(owner.inRollback('UPDATE o23_reports SET pdf = $1', [Buffer.from('x')], true)).rejects.toThrow(/permission denied|refused/);
      await expect(owner.inRollback('DELETE FROM o23_reports', [], true)).rejects.toThrow(/permission denied|refused/);
      await expect(owner.inRollback('UPDATE o23_reports SET reason = reason', [])).rejects.toThrow(/UPDATE refused on o23_reports/);
      await expect(owner.inRollback('DELETE FROM o23_reports', [])).rejects.toThrow(/DELETE refused on o23_reports/);
      await expect(owner.inRollback('TRUNCATE o23_reports', [])).rejects.toThrow(/TRUNCATE refused on o23_reports/);
    });

    it('refuses a report issued by the one who prepared it, and a reissue without a reason', async () => {
      const copy = `INSERT INTO o23_reports (station_id, period_from, period_to, version, reason, figures, pdf, pdf_sha256, xlsx, xlsx_sha256,
                      chain_head_seq, chain_head_hash, chain_verified, prepared_by, issued_by, issued_at)
                    SELECT station_id, '2560-01', '2560-01', $1, $2, figures, pdf, pdf_sha256, xlsx, xlsx_sha256, chain_head_seq, chain_head_hash,
                           chain_verified, prepared_by, $3, issued_at FROM o23_reports WHERE id = $4`;
      await expect(owner.inRollback(copy, [1, null, t.a.users.CLERK.id, first.id], true)).rejects.toThrow(/ck_o23_reports_issuer_not_preparer/);
      await expect(owner.inRollback(copy, [2, null, t.a.users.COMMANDER.id, first.id], true)).rejects.toThrow(/ck_o23_reports_reissue_reason/);
      await expect(owner.inRollback(copy, [1, 'เหตุผล', t.a.users.COMMANDER.id, first.id], true)).rejects.toThrow(/ck_o23_reports_reissue_reason/);
    });

    it('a file altered behind the database\'s back is not served as issued', async () => {
      const [{ xlsx }] = await owner.rows<{ xlsx: Buffer }>('SELECT xlsx FROM o23_reports WHERE id = $1', [first.id]);
      const setXlsx = async (bytes: Buffer) => {
        await owner.query('BEGIN');
        await owner.query('ALTER TABLE o23_reports DISABLE TRIGGER o23_reports_append_only');
        await owner.query('UPDATE o23_reports SET xlsx = $1 WHERE id = $2', [bytes, first.id]);
        await owner.query('ALTER TABLE o23_reports ENABLE TRIGGER o23_reports_append_only');
        await owner.query('COMMIT');
      };
      await setXlsx(Buffer.from('not the issued file'));
      try {
        expectError(await get(first.xlsx.href, t.a.tokens.COMMANDER), 500, 'ISSUED_FILE_ALTERED');
      } finally {
        await setXlsx(xlsx);
      }
      expect(sha256((await file(first.xlsx.href, t.a.tokens.COMMANDER)).body)).toBe(first.xlsx.sha256);
    });
  });

  describe('separation of duties and concurrency', () => {
    it('a commander who wrote section 8 cannot issue it (403 SELF_APPROVAL)', async () => {
      const created = await post('/api/users', { username: 'sta.clerkcmd', password: TEST_PASSWORD, displayName: 'ผู้ใช้สองหน้าที่', rank: 'พ.ต.ท.', roles: ['CLERK', 'COMMANDER'], stationId: t.a.station.id }, t.adminToken);
      expectOk(created, 201);
      const token = await t.token(created.body);
      const period = '2569-01';
      expectOk(await writeNote(period, token));
      const before = await countReports();
      const res = await post('/api/reports/o23/issue', { period }, token);
      expectError(res, 403, 'SELF_APPROVAL');
      expect(await countReports()).toBe(before);
      // Another commander may.
      expectOk(await post('/api/reports/o23/issue', { period }, t.a.tokens.COMMANDER), 201);
    });

    it('ten commanders issuing one period at once: exactly one issue, the others 409', async () => {
      const period = '2569-02';
      expectOk(await writeNote(period));
      const commanders = [t.a.tokens.COMMANDER];
      for (let i = 0; i < 9; i++) {
        const u = await post('/api/users', { username: `sta.cmd${i}`, password: TEST_PASSWORD, displayName: `ผู้บังคับบัญชา ${i}`, rank: 'พ.ต.อ.', roles: ['COMMANDER'], stationId: t.a.station.id }, t.adminToken);
        expectOk(u, 201);
        commanders.push(await t.token(u.body));
      }
      const results = await Promise.all(commanders.map((token) => post('/api/reports/o23/issue', { period }, token)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('ALREADY_ISSUED');
      const rows = await owner.rows('SELECT version FROM o23_reports r JOIN stations s ON s.id = r.station_id WHERE period_from = $1', [period]);
      expect(rows).toEqual([{ version: 1 }]);
      const verify = await get('/api/audit-log/verify', t.a.tokens.COMMANDER);
      expect(verify.body.ok).toBe(true);
    });
  });
});
