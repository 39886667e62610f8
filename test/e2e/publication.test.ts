/**
 * The O23 publication package (issue 9): the announcement generated from the rules the server enforces
 * (PDF and DOCX), the flowcharts and blank forms, and the public page of issued reports with its hash
 * check and ZIP — no login, only the station's own issued reports, nothing of a suspect, owner or case.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { ManualClock } from '../../src/common/clock.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { auth, binary, expectError, expectOk, type Json } from '../helpers/checks.js';
import { barePdfText, bareThai } from '../helpers/pdf-tools.js';
import { endOf, monthOf } from '../helpers/periods.js';
import { visibleText } from '../helpers/web.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** What must never be published: a suspect, an owner, a case and its details. */
const SECRETS = ['นายผู้ต้องหา ลับเฉพาะ', 'นางเจ้าของ ทรัพย์ลับ', '987/2569', 'ลักทรัพย์ในเคหสถานยามวิกาล', 'ซอยลับเฉพาะ 9'];

/** The text of a DOCX, body then footers (their paragraphs' runs, tags removed). */
async function docxText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const parts = await Promise.all(zip.file(/^word\/(document|footer\d*)\.xml$/).map((f) => f.async('string')));
  return parts.join('\n').replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

async function xlsxText(xlsx: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx as never);
  const out: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => out.push(String(cell.text)))));
  return out.join('\n');
}

/** Each file the page links, with the SHA-256 printed beside it. */
function listedFiles(page: string): { href: string; sha256: string }[] {
  const found: { href: string; sha256: string }[] = [];
  const re = /<a href="([^"]*files\/[^"]+)">[\s\S]*?<(?:td|div) class="hash">([0-9a-f]{64})</g;
  for (let m = re.exec(page); m; m = re.exec(page)) found.push({ href: m[1].replace(/&amp;/g, '&'), sha256: m[2] });
  return found;
}

describe('The O23 publication package', () => {
  const PERIOD = monthOf(new Date());
  const clock = new ManualClock(new Date());
  let t: TestApp;
  let issuedA: Json;
  let issuedB: Json;

  const get = (url: string, token?: string) => {
    const req = t.http().get(url).buffer(true).parse(binary as never);
    return token ? req.set(auth(token)) : req;
  };
  const page = async (url: string, status = 200) => {
    const res = await t.http().get(url);
    expect(res.status).toBe(status);
    return res.text;
  };
  const post = (url: string, body: object, token: string) => t.http().post(url).set(auth(token)).send(body);
  const settings = (token: string, stationId: string, changes: object) => t.http().patch(`/api/stations/${stationId}/settings`).set(auth(token)).send({ settings: changes });
  const issue = async (fixture: TestApp['a'], body: object = { period: PERIOD }) => {
    expectOk(await t.http().put(`/api/reports/o23/notes?period=${PERIOD}`).set(auth(fixture.tokens.CLERK)).send({ problems: 'ไม่มี', correctiveAction: 'ไม่มี' }));
    const res = await post('/api/reports/o23/issue', body, fixture.tokens.COMMANDER);
    expectOk(res, 201);
    return res.body as Json;
  };

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    // Station A holds evidence naming a suspect and an owner, and a case: none of it may be published.
    const evidence = await post(
      '/api/items',
      {
        category: 'EVIDENCE',
        kind: 'document',
        description: 'สมุดบัญชีธนาคาร',
        locationId: t.a.room.id,
        evidence: { caseNumber: SECRETS[2], seizedFrom: SECRETS[0], ownerName: SECRETS[1], offence: SECRETS[3], seizedPlace: SECRETS[4] },
      },
      t.a.tokens.INVESTIGATOR,
    );
    expectOk(evidence, 201);
    expectOk(await post('/api/items', { category: 'PROPERTY', kind: 'furniture', description: 'โต๊ะทำงาน', locationId: t.a.room.id, property: { unitPrice: 4500 } }, t.a.tokens.CLERK), 201);
    expectOk(await post('/api/items', { category: 'PROPERTY', kind: 'furniture', description: 'เก้าอี้', locationId: t.b.room.id, property: { unitPrice: 1500 } }, t.b.tokens.CLERK), 201);
    clock.set(new Date(endOf(PERIOD).getTime() + 60_000));
    issuedA = await issue(t.a);
    issuedB = await issue(t.b);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('the announcement, generated from the settings', () => {
    it('states each setting it was generated from, in the PDF and the DOCX alike', async () => {
      const pdf = await get('/api/publication/guidelines?format=pdf', t.a.tokens.OFFICER);
      expectOk(pdf);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['x-content-sha256']).toBe(sha256(pdf.body));
      const text = barePdfText(pdf.body);
      const docx = await get('/api/publication/guidelines?format=docx', t.a.tokens.CLERK);
      expectOk(docx);
      const word = bareThai(await docxText(docx.body));
      for (const said of [
        `ประกาศ${t.a.station.nameTh}`,
        'การจัดการทรัพย์สินของราชการ ของบริจาค และการจัดเก็บของกลาง และแนวทางการนำไปปฏิบัติ',
        'ฉบับที่ 1',
        'ภายใน 7 วันนับแต่วันครบกำหนด (ข้อ 211)',
        'สุ่มรายการอื่นร้อยละ 20',
        'ต่างเกิน 0.1 กรัม',
        'ต่ำกว่า 5,000 บาท',
        'ครบ 12 เดือนนับแต่รับเข้า',
        'STA-EV',
        `ตัวชี้วัด O23`,
        `ร.ต.อ. ${t.a.users.COMMANDER.displayName}`,
      ]) {
        expect(text).toContain(bareThai(said));
        expect(word).toContain(bareThai(said));
      }
    });

    it('changes when the approval matrix or the overdue days change, and says which settings version it follows', async () => {
      const before = await get('/api/publication/guidelines?format=pdf', t.a.tokens.OFFICER);
      const beforeText = barePdfText(before.body);
      // Property on the premises: a supervisor or the commander, by default.
      expect(beforeText).toContain(bareThai('ทรัพย์สินราชการ ความเสี่ยงปกติ หัวหน้างาน หรือผู้บังคับบัญชา ผู้บังคับบัญชา'));
      expectOk(await settings(t.a.tokens.COMMANDER, t.a.station.id, { overdueEscalationDays: 10, commanderOnlyLoans: ['PROPERTY'] }));
      const after = await get('/api/publication/guidelines?format=pdf', t.a.tokens.OFFICER);
      const afterText = barePdfText(after.body);
      expect(sha256(after.body)).not.toBe(sha256(before.body));
      expect(afterText).toContain(bareThai('ฉบับที่ 2'));
      expect(afterText).toContain(bareThai('ภายใน 10 วันนับแต่วันครบกำหนด (ข้อ 211)'));
      expect(afterText).not.toContain(bareThai('ภายใน 7 วันนับแต่วันครบกำหนด'));
      expect(afterText).toContain(bareThai('ทรัพย์สินราชการ ความเสี่ยงปกติ ผู้บังคับบัญชา ผู้บังคับบัญชา'));
      expect(afterText).toContain(bareThai('สถานีกำหนดให้การยืมทรัพย์สินราชการ ต้องได้รับอนุมัติจากผู้บังคับบัญชาเท่านั้น'));
      const word = bareThai(await docxText((await get('/api/publication/guidelines?format=docx', t.a.tokens.OFFICER)).body));
      expect(word).toContain(bareThai('ภายใน 10 วันนับแต่วันครบกำหนด (ข้อ 211)'));
      // The rules as data say the same.
      const rules = await t.http().get('/api/publication/rules').set(auth(t.a.tokens.OFFICER));
      expectOk(rules);
      expect(rules.body).toMatchObject({ settingsVersion: 2, settings: { overdueEscalationDays: 10, commanderOnlyLoans: ['PROPERTY'] } });
      expect(rules.body.approvals).toContainEqual({ category: 'PROPERTY', categoryTh: 'ทรัพย์สินราชการ', riskClass: 'NORMAL', onPremises: ['COMMANDER'], offPremises: ['COMMANDER'] });
      // Another station's announcement is its own.
      const other = barePdfText((await get('/api/publication/guidelines?format=pdf', t.b.tokens.OFFICER)).body);
      expect(other).toContain(bareThai('ภายใน 7 วันนับแต่วันครบกำหนด'));
      expect(other).toContain(bareThai(`ประกาศ${t.b.station.nameTh}`));
    });

    it('gives the same bytes for the same settings, and renders Thai digits when the station asks', async () => {
      const one = await get('/api/publication/guidelines?format=docx', t.b.tokens.OFFICER);
      const two = await get('/api/publication/guidelines?format=docx', t.b.tokens.OFFICER);
      expect(sha256(two.body)).toBe(sha256(one.body));
      expectOk(await settings(t.adminToken, t.b.station.id, { thaiNumerals: true }));
      const thai = barePdfText((await get('/api/publication/guidelines?format=pdf', t.b.tokens.OFFICER)).body);
      expect(thai).toContain(bareThai('ภายใน ๗ วันนับแต่วันครบกำหนด (ข้อ ๒๑๑)'));
      expectOk(await settings(t.adminToken, t.b.station.id, { thaiNumerals: false }));
    });

    it('refuses a bad format (400), no token (401) and the system administrator, who has no station (403)', async () => {
      expectError(await t.http().get('/api/publication/guidelines?format=odt').set(auth(t.a.tokens.OFFICER)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/publication/guidelines?format=pdf'), 401, 'UNAUTHENTICATED');
      expectError(await t.http().get('/api/publication/guidelines?format=pdf').set(auth(t.adminToken)), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/publication/forms/leave-request').set(auth(t.a.tokens.OFFICER)), 404, 'NOT_FOUND');
    });

    it('serves the flowchart and every blank form as Thai PDFs', async () => {
      const flow = await get('/api/publication/flowchart', t.a.tokens.INVESTIGATOR);
      expectOk(flow);
      expect(barePdfText(flow.body)).toContain(bareThai(t.a.station.nameTh));
      for (const form of ['borrow-request', 'return-receipt', 'daily-arms-count', 'audit-count', 'evidence-intake', 'donation-receipt']) {
        const res = await get(`/api/publication/forms/${form}`, t.a.tokens.OFFICER);
        expectOk(res);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(barePdfText(res.body)).toContain(bareThai(t.a.station.nameTh));
      }
      expect(barePdfText((await get('/api/publication/forms/borrow-request', t.a.tokens.OFFICER)).body)).toContain(bareThai('ภายใน 10 วัน'));
    });
  });

  describe('the public page', () => {
    it('needs no login, sets no cookie, and lists only this station\'s issued reports', async () => {
      const res = await t.http().get(`/public/${t.a.station.code}/o23`);
      expect(res.status).toBe(200);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      const text = visibleText(res.text);
      expect(text).toContain(t.a.station.nameTh);
      expect(text).toContain('รายงานผลการจัดการทรัพย์สินของราชการ ของบริจาค และของกลาง ประจำเดือน');
      expect(text).toContain(t.a.users.COMMANDER.displayName);
      expect(res.text).toContain(issuedA.pdf.sha256);
      expect(res.text).toContain(issuedA.xlsx.sha256);
      expect(res.text).toContain(issuedA.chainHead.hash);
      expect(res.text).not.toContain(issuedB.pdf.sha256);
      expect(text).not.toContain(t.b.station.nameTh);
      expect(text).toContain('ตามการตั้งค่าฉบับที่ 2');
    });

    it('lists hashes that are each the SHA-256 of the file it links', async () => {
      const files = listedFiles(await page(`/public/${t.a.station.code}/o23`));
      // 2 issued files + announcement (2) + flowchart + 6 forms.
      expect(files).toHaveLength(11);
      for (const file of files) {
        const res = await get(file.href);
        expect(res.status).toBe(200);
        expect(sha256(res.body)).toBe(file.sha256);
        expect(res.headers['x-content-sha256']).toBe(file.sha256);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    });

    it('publishes nothing of a suspect, an owner or a case: not in the page, the files, nor the ZIP', async () => {
      const code = t.a.station.code;
      const html = await page(`/public/${code}/o23`);
      const texts: string[] = [visibleText(html)];
      for (const file of listedFiles(html)) {
        const body = (await get(file.href)).body;
        if (file.href.endsWith('.pdf')) texts.push(barePdfText(body));
        else if (file.href.endsWith('.xlsx')) texts.push(await xlsxText(body));
        else texts.push(await docxText(body));
      }
      const zip = await JSZip.loadAsync((await get(`/public/${code}/o23.zip`)).body);
      texts.push(await zip.file('index.html')!.async('string'));
      for (const text of texts) {
        const bare = bareThai(text);
        for (const secret of SECRETS) expect(bare).not.toContain(bareThai(secret));
      }
    });

    it('answers 404 in Thai for an unknown station, another station\'s file, and names that are not files', async () => {
      expect(visibleText(await page('/public/NOPE/o23', 404))).toContain('ไม่พบ');
      await page('/public/sta/o23', 404);
      await page(`/public/${encodeURIComponent("STA' OR 1=1--")}/o23`, 404);
      const bFile = `O23-${t.b.station.code}-${PERIOD}-v1.pdf`;
      expect((await get(`/public/${t.b.station.code}/o23/files/${bFile}`)).status).toBe(200);
      expect((await get(`/public/${t.a.station.code}/o23/files/${bFile}`)).status).toBe(404);
      expect((await get(`/public/${t.a.station.code}/o23/files/O23-${t.a.station.code}-${PERIOD}-v9.pdf`)).status).toBe(404);
      for (const name of ['..%2F..%2Fpackage.json', '%2E%2E%2Fsrc%2Fmain.ts', 'guidelines.txt', 'form-..pdf']) {
        expect((await get(`/public/${t.a.station.code}/o23/files/${name}`)).status).toBe(404);
      }
    });

    it('tells whether a pasted SHA-256 is a report it issued, by whom and when, and refuses what is not a hash', async () => {
      const code = t.a.station.code;
      const commander = t.a.users.COMMANDER;
      const found = visibleText(await page(`/public/${code}/o23?sha256=${issuedA.pdf.sha256.toUpperCase()}`));
      expect(found).toContain(`ไฟล์นี้คือรายงานผลการจัดการทรัพย์สินของราชการ ของบริจาค และของกลาง ประจำเดือน`);
      expect(found).toContain(`(PDF) ครั้งที่ 1 ออกเมื่อ`);
      expect(found).toContain(`โดย ร.ต.อ. ${commander.displayName}`);
      const xlsx = visibleText(await page(`/public/${code}/o23?sha256=${issuedA.xlsx.sha256}`));
      expect(xlsx).toContain('(Excel) ครั้งที่ 1');
      // Another station's report is not this station's.
      expect(visibleText(await page(`/public/${code}/o23?sha256=${issuedB.pdf.sha256}`))).toContain('ไม่พบรายงานหรือเอกสาร');
      expect(visibleText(await page(`/public/${code}/o23?sha256=${'0'.repeat(64)}`))).toContain('ไม่พบรายงานหรือเอกสาร');
      expect(visibleText(await page(`/public/${code}/o23?sha256=not-a-hash`, 422))).toContain('ค่า SHA-256 ต้องเป็นตัวอักษร 0-9 และ a-f จำนวน 64 ตัว');
      expect(visibleText(await page(`/public/${code}/o23?sha256=`, 422))).toContain('กรุณาเลือกไฟล์');
    });

    it('checks an uploaded file: the issued one is recognised, one changed by a byte is not', async () => {
      const code = t.a.station.code;
      const pdf = (await get(`/public/${code}/o23/files/O23-${code}-${PERIOD}-v1.pdf`)).body;
      const ok = await t.http().post(`/public/${code}/o23/check`).attach('file', pdf, 'report.pdf');
      expect(ok.status).toBe(200);
      expect(visibleText(ok.text)).toContain('(PDF) ครั้งที่ 1 ออกเมื่อ');
      const changed = Buffer.from(pdf);
      changed[changed.length - 10] ^= 1;
      const bad = await t.http().post(`/public/${code}/o23/check`).attach('file', changed, 'report.pdf');
      expect(visibleText(bad.text)).toContain('ไม่พบรายงานหรือเอกสาร');
      const form = await t.http().post(`/public/${code}/o23/check`).type('form').send({ sha256: issuedA.xlsx.sha256 });
      expect(visibleText(form.text)).toContain('(Excel) ครั้งที่ 1');
      const nothing = await t.http().post(`/public/${code}/o23/check`).type('form').send({});
      expect(nothing.status).toBe(422);
      // A current document is recognised too.
      const guidelines = listedFiles(await page(`/public/${code}/o23`)).find((f) => f.href.endsWith('guidelines.pdf'))!;
      expect(visibleText(await page(`/public/${code}/o23?sha256=${guidelines.sha256}`))).toContain('ฉบับปัจจุบัน (ตามการตั้งค่าฉบับที่ 2)');
    });

    it('keeps a superseded version listed, marked as such, beside the reissue', async () => {
      const reissued = await issue(t.a, { period: PERIOD, reason: 'แก้ไขจำนวนครุภัณฑ์ที่บันทึกผิด' });
      expect(reissued.version).toBe(2);
      const html = await page(`/public/${t.a.station.code}/o23`);
      expect(html).toContain(issuedA.pdf.sha256);
      expect(html).toContain(reissued.pdf.sha256);
      expect(visibleText(html)).toContain('ครั้งที่ 1 · ถูกแทนที่ด้วยฉบับที่ออกภายหลัง');
      expect(visibleText(html)).toContain('เหตุที่ออกใหม่: แก้ไขจำนวนครุภัณฑ์ที่บันทึกผิด');
      expect(visibleText(await page(`/public/${t.a.station.code}/o23?sha256=${issuedA.pdf.sha256}`))).toContain('รายงานครั้งนี้ถูกแทนที่');
    });
  });

  describe('the ZIP for the station\'s own website', () => {
    it('holds index.html with the page\'s hashes, every file, and a SHA256SUMS that checks', async () => {
      const code = t.a.station.code;
      const res = await get(`/public/${code}/o23.zip`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      const zip = await JSZip.loadAsync(res.body);
      const sums = (await zip.file('SHA256SUMS')!.async('string')).trim().split('\n');
      const live = listedFiles(await page(`/public/${code}/o23`));
      expect(sums).toHaveLength(live.length);
      for (const line of sums) {
        const [hash, name] = line.split('  ');
        expect(sha256(Buffer.from(await zip.file(name)!.async('uint8array')))).toBe(hash);
        expect(live.map((f) => f.sha256)).toContain(hash);
      }
      const index = await zip.file('index.html')!.async('string');
      const inIndex = listedFiles(index);
      expect(inIndex.map((f) => f.sha256).sort()).toEqual(live.map((f) => f.sha256).sort());
      for (const f of inIndex) expect(zip.file(f.href)).not.toBeNull();
      expect(index).not.toContain('/assets/');
      // Packed again, the same bytes; the staff's download is the same file.
      expect(sha256((await get(`/public/${code}/o23.zip`)).body)).toBe(sha256(res.body));
      expect(sha256((await get('/api/publication/package', t.a.tokens.OFFICER)).body)).toBe(sha256(res.body));
    });
  });
});
