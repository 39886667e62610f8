/**
 * The items pages (DESIGN §8): intake forms per category with Buddhist-era dates and the witness of HIGH
 * items, the item page with its custody timeline, the label sheet printed from it, and the search.
 * Everything is checked through the API and the database behind the pages, not only in the HTML.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type supertest from 'supertest';
import { thaiShortDateTime } from '../../src/reports/thai-dates.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { auth, binary, expectOk, type Json, OwnerDb } from '../helpers/checks.js';
import { barePdfText, requireTool, run } from '../helpers/pdf-tools.js';
import { pageClient, type PageClient, visibleText } from '../helpers/web.js';

type Form = Record<string, string>;


/** English words left on a page, apart from item codes, the test's own data and the names of things (PDF, A4). */
function english(page: string, allowed: string[] = []): string[] {
  // The test station's users are named "ผู้ใช้ CLERK STA" (test/helpers/app.ts).
  let text = visibleText(page).replace(/\b[A-Z]{2,10}-(EV|GP|WP|DN)\d{2}-\d{6}\b/g, ' ').replace(/ผู้ใช้ [A-Z]+ ST[AB]/g, ' ');
  for (const word of ['PDF', 'SAFE1', ...allowed]) text = text.split(word).join(' ');
  return text.match(/[A-Za-z]{2,}/g) ?? [];
}

/** The Thai message shown next to a field (forms.ts marks the input and puts the message after it). */
function errorOf(page: string, name: string): string | null {
  const id = `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const input = new RegExp(`id="${id}"[^>]*aria-invalid="true"`).test(page);
  const message = new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(page)?.[1] ?? null;
  return input ? message : null;
}

/** The address of the pager's previous or next link. */
const hrefOf = (page: string, rel: 'prev' | 'next') => new RegExp(`rel="${rel}" href="([^"]+)"`).exec(page)?.[1].replace(/&amp;/g, '&');

describe('the items pages', () => {
  let t: TestApp;
  const owner = new OwnerDb();
  let clerk: PageClient;
  let investigator: PageClient;
  const W = (): Form => ({ witnessUsername: 'sta.supervisor', witnessPassword: TEST_PASSWORD });
  /** The drugs booked in through the evidence form, used by the item page and search tests. */
  let drugs: Json;

  const api = (token: string) => ({
    get: (path: string) => t.http().get(path).set(auth(token)),
    post: (path: string, body: object) => t.http().post(path).set(auth(token)).send(body),
  });
  const item = async (id: string): Promise<Json> => {
    const res = await api(t.a.tokens.CLERK).get(`/api/items/${id}`);
    expectOk(res);
    return res.body;
  };
  const itemCount = async () => Number((await owner.rows('SELECT count(*) AS n FROM items WHERE station_id = $1', [t.a.station.id]))[0].n);

  /** A form post that registered an item: the redirect to its page, and the item as the API answers it. */
  async function registered(res: supertest.Response): Promise<Json> {
    expect({ status: res.status, errors: res.status === 303 ? [] : [...res.text.matchAll(/class="(?:field|form)-error"[^>]*>([^<]*)</g)].map((m) => m[1]) }).toEqual({ status: 303, errors: [] });
    const id = /^\/items\/([0-9a-f-]{36})\?done=registered$/.exec(res.headers.location)?.[1];
    expect(id).toBeDefined();
    return item(id!);
  }

  const evidenceForm = (over: Form = {}): Form => ({
    category: 'EVIDENCE',
    kind: 'drugs',
    description: 'ยาบ้า (เมทแอมเฟตามีน) เม็ดสีส้ม 200 เม็ด บรรจุถุงพลาสติกใส',
    quantity: '200',
    unit: 'เม็ด',
    locationId: t.a.safe.id,
    condition: 'GOOD',
    sealNumber: 'S-0001',
    weightGrams: '20.5',
    netWeightGrams: '18.25',
    'evidence.caseNumber': '123/2569',
    'evidence.dailyReportRef': 'ป.จ.ว. ข้อ 5',
    'evidence.offence': 'มียาเสพติดให้โทษประเภท 1 ไว้ในครอบครอง',
    'evidence.seizedFrom': 'นายสมชาย ใจดี',
    'evidence.seizedAt': '25/11/2569',
    'evidence.seizedAtTime': '14.30',
    'evidence.seizedPlace': 'หน้าตลาดบึงกุ่ม',
    'evidence.seizingOfficer': 'ร.ต.อ. สมศักดิ์ ยึดดี',
    'evidence.ownerName': 'นายสมชาย ใจดี',
    'evidence.reviewDate': '31/01/2570',
    ...over,
  });

  beforeAll(async () => {
    requireTool('pdftotext');
    requireTool('pdfinfo');
    t = await startTestApp();
    await owner.open(t.db.ownerUrl);
    clerk = pageClient(t, t.a.tokens.CLERK);
    investigator = pageClient(t, t.a.tokens.INVESTIGATOR);
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  describe('intake', () => {
    it('asks the category first: four buttons for the clerk, evidence only for an investigator', async () => {
      const page = await clerk.get('/items/new');
      expect(page.status).toBe(200);
      for (const c of ['EVIDENCE', 'PROPERTY', 'WEAPON', 'DONATION']) expect(page.text).toContain(`href="/items/new?category=${c}"`);
      for (const label of ['ของกลาง', 'ทรัพย์สินราชการ', 'อาวุธและยุทธภัณฑ์', 'ของบริจาค']) expect(page.text).toContain(`<strong>${label}</strong>`);
      expect(english(page.text)).toEqual([]);

      const theirs = await investigator.get('/items/new');
      expect(theirs.text).toContain('href="/items/new?category=EVIDENCE"');
      expect(theirs.text).not.toContain('href="/items/new?category=PROPERTY"');
      expect(theirs.text).toContain('ลงทะเบียนโดยเจ้าหน้าที่พัสดุ');
      const refused = await investigator.get('/items/new?category=WEAPON');
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('ท่านลงทะเบียนของประเภทนี้ไม่ได้');
      expect((await clerk.get('/items/new?category=CARS')).status).toBe(400);
    });

    it('each category\'s form has only its own kinds and fields, the station\'s locations and Buddhist-era date inputs', async () => {
      const weapon = await clerk.get('/items/new?category=WEAPON');
      expect(weapon.status).toBe(200);
      const kinds = [...(/<select id="f-kind"[\s\S]*?<\/select>/.exec(weapon.text)?.[0] ?? '').matchAll(/<option value="([a-z]+)"/g)].map((m) => m[1]);
      expect(kinds).toEqual(['firearm', 'ammunition', 'equipment', 'other']);
      expect(weapon.text).toContain('<option value="firearm">อาวุธปืน ★ ของสำคัญสูง</option>');
      for (const name of ['weapon.make', 'weapon.model', 'weapon.calibre', 'weapon.registrationNumber', 'serialNumber', 'sealNumber', 'weightGrams']) expect(weapon.text).toContain(`name="${name}"`);
      expect(weapon.text).not.toContain('name="amount"'); // weapons are never cash
      expect(weapon.text).not.toContain('name="evidence.caseNumber"');
      expect(weapon.text).toContain(`<option value="${t.a.safe.id}">SAFE1 ตู้นิรภัย · ที่เก็บปลอดภัย</option>`);
      expect(weapon.text).not.toContain(t.b.safe.id);
      expect(weapon.text).toContain('<script src="/assets/items.js" defer></script>');

      const evidence = await clerk.get('/items/new?category=EVIDENCE');
      expect(evidence.text).toMatch(/name="evidence\.seizedAt" type="text" value="" placeholder="วว\/ดด\/ปปปป"/);
      expect(evidence.text).toContain('name="evidence.seizedAtTime"');
      // The witness shows before a kind is chosen (a page without its script), and goes with the HIGH kinds.
      expect(evidence.text).toMatch(/<div data-show-for="HIGH"><fieldset class="witness">/);
      expect(evidence.text).toMatch(/<div data-show-for="cash"><div class="field">\s*<label for="f-amount">/);

      const property = await clerk.get('/items/new?category=PROPERTY');
      for (const name of ['property.assetNumber', 'property.acquisitionDate', 'property.acquisitionMethod', 'property.acquisitionDocument', 'property.fundingSource', 'property.unitPrice', 'property.usefulLifeYears', 'property.depreciationRate']) {
        expect(property.text).toContain(`name="${name}"`);
      }
      expect(property.text).toContain('<option value="OFF_BUDGET">เงินนอกงบประมาณ</option>');
      const donation = await clerk.get('/items/new?category=DONATION');
      for (const name of ['donation.donorName', 'donation.donorContact', 'donation.receivedAt', 'donation.estimatedValue', 'donation.purpose']) expect(donation.text).toContain(`name="${name}"`);
      for (const page of [weapon, evidence, property, donation]) expect(english(page.text)).toEqual([]);
    });

    it('a HIGH item without its witness is refused next to the witness field and nothing is written; with it, the item is registered', async () => {
      const before = await itemCount();
      const lastAudit = await owner.lastAuditId();
      const refused = await clerk.post('/items/new', evidenceForm());
      expect(refused.status).toBe(422);
      expect(errorOf(refused.text, 'witnessUsername')).toContain('ต้องมีพยานยืนยันตัวตน');
      expect(refused.text).not.toMatch(/<div data-show-for="HIGH" hidden>/);
      // What was typed stays, the Thai date as typed.
      expect(refused.text).toContain('value="25/11/2569"');
      expect(refused.text).toContain('value="123/2569"');
      expect(refused.text).toMatch(/<option value="drugs" selected>/);
      expect(await itemCount()).toBe(before);
      expect(await owner.auditSince(lastAudit)).toEqual([]);

      const res = await clerk.post('/items/new', evidenceForm(W()));
      drugs = await registered(res);
      expect(drugs).toMatchObject({
        category: 'EVIDENCE',
        kind: 'drugs',
        riskClass: 'HIGH',
        quantity: 200,
        unit: 'เม็ด',
        sealNumber: 'S-0001',
        weightGrams: 20.5,
        netWeightGrams: 18.25,
        caseNumber: '123/2569',
        locationId: t.a.safe.id,
        evidence: {
          caseNumber: '123/2569',
          dailyReportRef: 'ป.จ.ว. ข้อ 5',
          offence: 'มียาเสพติดให้โทษประเภท 1 ไว้ในครอบครอง',
          seizedFrom: 'นายสมชาย ใจดี',
          seizedAt: '2026-11-25T14:30:00+07:00',
          seizedPlace: 'หน้าตลาดบึงกุ่ม',
          seizingOfficer: 'ร.ต.อ. สมศักดิ์ ยึดดี',
          ownerName: 'นายสมชาย ใจดี',
          reviewDate: '2027-01-31',
        },
      });
      const [intake] = await owner.rows("SELECT witness_id, actor_id FROM custody_events WHERE item_id = $1 AND type = 'INTAKE'", [drugs.id]);
      expect(intake).toEqual({ witness_id: t.a.users.SUPERVISOR.id, actor_id: t.a.users.CLERK.id });

      // The item page greets the new item with the label to print first.
      const page = await clerk.get(res.headers.location);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`ลงทะเบียนแล้ว — ${drugs.code}`);
      expect(page.text).toMatch(new RegExp(`<form method="post" action="/items/${drugs.id}/label" target="_blank" class="label-form">`));
      expect(page.text).toMatch(/<button type="submit" class="primary" data-shortcut="F8" autofocus>พิมพ์ฉลาก<kbd>F8<\/kbd><\/button>/);
      expect(page.text).toContain('href="/items/new?category=EVIDENCE"');
    });

    it('registers government property with its Buddhist-era acquisition date and money as typed', async () => {
      const res = await clerk.post('/items/new', {
        category: 'PROPERTY',
        kind: 'electronics',
        description: 'เครื่องคอมพิวเตอร์โน้ตบุ๊ก สีดำ',
        locationId: t.a.room.id,
        serialNumber: 'pf 3x9 a1',
        'property.assetNumber': '7440-001-0001/69',
        'property.acquisitionDate': '25/11/2569',
        'property.acquisitionMethod': 'PURCHASE',
        'property.acquisitionDocument': 'ใบส่งของ 45/2569',
        'property.fundingSource': 'BUDGET',
        'property.unitPrice': '24,500.50',
        'property.usefulLifeYears': '5',
        'property.depreciationRate': '20',
      });
      const laptop = await registered(res);
      expect(laptop).toMatchObject({
        category: 'PROPERTY',
        riskClass: 'NORMAL',
        quantity: 1,
        serialNumber: 'PF3X9A1',
        assetNumber: '7440-001-0001/69',
        property: { assetNumber: '7440-001-0001/69', acquisitionDate: '2026-11-25', acquisitionMethod: 'PURCHASE', acquisitionDocument: 'ใบส่งของ 45/2569', fundingSource: 'BUDGET', unitPrice: 24500.5, usefulLifeYears: 5, depreciationRate: 20 },
      });
      const page = await clerk.get(`/items/${laptop.id}`);
      for (const shown of ['ข้อมูลทรัพย์สินราชการ', '25 พ.ย. 2569', 'ซื้อ', 'เงินงบประมาณ', '24,500.50 บาท', '5 ปี', 'ร้อยละ 20 ต่อปี']) expect(page.text).toContain(shown);
    });

    it('registers a weapon: a HIGH kind goes to a secure place only, the reason next to the place', async () => {
      const form: Form = {
        category: 'WEAPON',
        kind: 'firearm',
        description: 'ปืนพกสั้นกึ่งอัตโนมัติ ขนาด 9 มม.',
        locationId: t.a.room.id,
        serialNumber: 'GLK 12345',
        'weapon.make': 'Glock',
        'weapon.model': '19',
        'weapon.calibre': '9 มม.',
        'weapon.registrationNumber': 'ทบ. 1234/2569',
        ...W(),
      };
      const before = await itemCount();
      const notSecure = await clerk.post('/items/new', form);
      expect(notSecure.status).toBe(422);
      expect(errorOf(notSecure.text, 'locationId')).toContain('ที่เก็บที่ปลอดภัย');
      expect(await itemCount()).toBe(before);
      const gun = await registered(await clerk.post('/items/new', { ...form, locationId: t.a.safe.id }));
      expect(gun).toMatchObject({ category: 'WEAPON', kind: 'firearm', riskClass: 'HIGH', serialNumber: 'GLK12345', unit: 'กระบอก', weapon: { make: 'Glock', model: '19', calibre: '9 มม.', registrationNumber: 'ทบ. 1234/2569' } });
      // The serial number is unique per station: the second gun is refused next to the field.
      const twice = await clerk.post('/items/new', { ...form, locationId: t.a.safe.id });
      expect(twice.status).toBe(409);
      expect(errorOf(twice.text, 'serialNumber')).toContain('GLK12345');
    });

    it('registers a donation with its received date, pending the commander\'s acceptance', async () => {
      const cones = await registered(
        await clerk.post('/items/new', {
          category: 'DONATION',
          kind: 'equipment',
          description: 'กรวยจราจรสีส้ม สูง 70 ซม.',
          quantity: '50',
          unit: 'อัน',
          locationId: t.a.room.id,
          'donation.donorName': 'บริษัท ตัวอย่าง จำกัด',
          'donation.donorContact': '02-123-4567',
          'donation.receivedAt': '20/11/2569',
          'donation.estimatedValue': '12500',
          'donation.purpose': 'ใช้ในงานจราจรหน้าโรงเรียน',
        }),
      );
      expect(cones).toMatchObject({ category: 'DONATION', quantity: 50, unit: 'อัน', donation: { donorName: 'บริษัท ตัวอย่าง จำกัด', donorContact: '02-123-4567', receivedAt: '2026-11-20', estimatedValue: 12500, purpose: 'ใช้ในงานจราจรหน้าโรงเรียน' } });
      const page = await clerk.get(`/items/${cones.id}`);
      expect(page.text).toContain('รอผู้บังคับบัญชาพิจารณารับ');
      expect(page.text).toContain('12,500.00 บาท');
    });

    it('shows each mistake in Thai next to its field, keeps what was typed and writes nothing', async () => {
      const before = await itemCount();
      const lastAudit = await owner.lastAuditId();
      const res = await clerk.post('/items/new', evidenceForm({ ...W(), description: '', 'evidence.caseNumber': '', quantity: 'สองร้อย', 'evidence.seizedAt': '31/02/2569', 'evidence.seizedAtTime': '25:00', 'evidence.reviewDate': '2570-01-31' }));
      expect(res.status).toBe(422);
      expect(errorOf(res.text, 'description')).toBe('กรุณากรอกช่องนี้');
      expect(errorOf(res.text, 'evidence.caseNumber')).toBe('กรุณากรอกช่องนี้');
      expect(errorOf(res.text, 'quantity')).toBe('กรุณากรอกตัวเลข');
      expect(errorOf(res.text, 'evidence.seizedAtTime')).toBe('กรุณากรอกเวลาแบบ ชม.:นาที เช่น 14:30');
      expect(errorOf(res.text, 'evidence.reviewDate')).toBe('กรุณากรอกวันที่แบบ วว/ดด/ปปปป (พ.ศ.)');
      expect(res.text).toContain('value="สองร้อย"');
      expect(res.text).toContain('value="31/02/2569"');
      expect(res.text).not.toContain(TEST_PASSWORD); // the witness types the password again
      expect(english(res.text)).toEqual([]);

      const impossible = await clerk.post('/items/new', evidenceForm({ ...W(), 'evidence.seizedAt': '31/02/2569', 'evidence.seizedAtTime': '' }));
      expect(errorOf(impossible.text, 'evidence.seizedAt')).toBe('กรุณากรอกวันที่แบบ วว/ดด/ปปปป (พ.ศ.)');
      const christianYear = await clerk.post('/items/new', evidenceForm({ ...W(), 'evidence.reviewDate': '31/01/2027' }));
      expect(errorOf(christianYear.text, 'evidence.reviewDate')).toBe('กรุณากรอกปีเป็น พ.ศ. เช่น 25/11/2569');
      const timeAlone = await clerk.post('/items/new', evidenceForm({ ...W(), 'evidence.seizedAt': '', 'evidence.seizedAtTime': '09:15' }));
      expect(errorOf(timeAlone.text, 'evidence.seizedAt')).toBe('กรุณากรอกวันที่ของเวลานี้ด้วย');
      // Cash needs its amount: the service says so next to the amount.
      const cash = await clerk.post('/items/new', evidenceForm({ ...W(), kind: 'cash', description: 'ธนบัตรไทย', weightGrams: '', netWeightGrams: '' }));
      expect(cash.status).toBe(422);
      expect(errorOf(cash.text, 'amount')).toBe('เงินสดต้องระบุจำนวนเงิน (บาท)');
      expect(await itemCount()).toBe(before);
      expect(await owner.auditSince(lastAudit)).toEqual([]);
    });

    it('an investigator books evidence in, but not property (the service\'s refusal on the form)', async () => {
      const evidence = await registered(await investigator.post('/items/new', evidenceForm({ kind: 'document', description: 'สมุดบัญชีธนาคาร', sealNumber: '', weightGrams: '', netWeightGrams: '', 'evidence.caseNumber': '124/2569', 'evidence.seizedFrom': 'นางสาวมานี มีนา', 'evidence.ownerName': '', locationId: t.a.room.id })));
      expect(evidence).toMatchObject({ category: 'EVIDENCE', kind: 'document', registeredBy: t.a.users.INVESTIGATOR.id });
      const before = await itemCount();
      const property = await investigator.post('/items/new', { category: 'PROPERTY', kind: 'furniture', description: 'โต๊ะ', locationId: t.a.room.id });
      expect(property.status).toBe(403);
      expect(property.text).toContain('ต้องทำโดยเจ้าหน้าที่พัสดุ');
      expect(await itemCount()).toBe(before);
    });
  });

  describe('labels', () => {
    const label = (client: PageClient, id: string, form: Form = {}) => (client.post(`/items/${id}/label`, form) as unknown as supertest.Test).buffer(true).parse(binary as never);
    const pdfInfo = (pdf: Buffer) => {
      const dir = mkdtempSync(join(tmpdir(), 'khlang-label-'));
      try {
        writeFileSync(join(dir, 'label.pdf'), pdf);
        return run('pdfinfo', [join(dir, 'label.pdf')]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    it('prints the item\'s label sheet as an inline PDF, audit-logged, with the template chosen', async () => {
      const lastAudit = await owner.lastAuditId();
      const res = await label(clerk, drugs.id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(/^inline/);
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(barePdfText(pdf)).toContain(drugs.code);
      expect(pdfInfo(pdf)).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      const audit = await owner.auditSince(lastAudit);
      expect(audit.map((a) => [a.action, a.actor_id, a.after.codes])).toEqual([['LABEL_PRINTED', t.a.users.CLERK.id, [drugs.code]]]);

      const thermal = await label(investigator, drugs.id, { template: 'thermal-50x30', skip: '' });
      expect(thermal.status).toBe(200);
      expect(pdfInfo(thermal.body as Buffer)).toMatch(/Page size:\s+141\.7\d* x 85\.0\d* pts/);
      expect(barePdfText(thermal.body as Buffer)).toContain(drugs.code);
    });

    it('the item page offers the templates; a bad choice, another station or a role without printing is refused in Thai', async () => {
      const page = await clerk.get(`/items/${drugs.id}`);
      expect(page.text).toContain('<option value="a4-3x8" selected>แผ่น A4 24 ดวง (3 × 8)</option>');
      expect(page.text).toContain('<option value="thermal-50x30">เครื่องพิมพ์ฉลากความร้อน 50 × 30 มม.</option>');
      const unknown = await clerk.post(`/items/${drugs.id}/label`, { template: 'a4-9x9' });
      expect(unknown.status).toBe(404);
      expect(unknown.text).toContain('ไม่พบแบบฉลาก');
      const badSkip = await clerk.post(`/items/${drugs.id}/label`, { template: 'a4-3x8', skip: '-1' });
      expect(badSkip.status).toBe(400);
      expect(badSkip.text).toContain('แบบฉลากหรือจำนวนดวงที่เว้นไม่ถูกต้อง');
      const theirs = await pageClient(t, t.b.tokens.CLERK).post(`/items/${drugs.id}/label`, {});
      expect(theirs.status).toBe(404);
      for (const role of ['OFFICER', 'AUDITOR', 'COMMANDER'] as const) {
        const res = await pageClient(t, t.a.tokens[role]).post(`/items/${drugs.id}/label`, {});
        expect(res.status).toBe(403);
        expect(res.text).toContain('สิทธิ์ของท่านไม่อนุญาตให้เข้าหน้านี้');
      }
      // Those who may not print see no print button.
      const officerPage = await pageClient(t, t.a.tokens.OFFICER).get(`/items/${drugs.id}`);
      expect(officerPage.status).toBe(200);
      expect(officerPage.text).not.toContain('class="label-form"');
      expect(officerPage.text).not.toContain('href="/counter?code=');
    });
  });

  describe('the item page', () => {
    it('links the chain-of-custody sheet for those who may take it, and the sheet is a PDF', async () => {
      const link = `href="/reports/custody-sheet?itemId=${drugs.id}"`;
      expect((await pageClient(t, t.a.tokens.INVESTIGATOR).get(`/items/${drugs.id}`)).text).toContain(link);
      expect((await pageClient(t, t.a.tokens.OFFICER).get(`/items/${drugs.id}`)).text).not.toContain(link);
      const sheet = await pageClient(t, t.a.tokens.INVESTIGATOR).get(`/reports/custody-sheet?itemId=${drugs.id}`);
      expect(sheet.status).toBe(200);
      expect(sheet.headers['content-type']).toContain('application/pdf');
      expect(Number(sheet.headers['content-length'])).toBeGreaterThan(1000);
    });

    it('shows every custody event in order, in Thai, with who, when, where and what was seen', async () => {
      const sup = { username: 'sta.supervisor', password: TEST_PASSWORD };
      const record = async (body: object) => expectOk(await api(t.a.tokens.CLERK).post(`/api/items/${drugs.id}/events`, { ...body, witness: sup }), 201);
      await record({ type: 'SEND_OUT', destination: 'LAB', recipient: 'กองพิสูจน์หลักฐานกลาง', documentRef: 'ตช 0026.1/123', sealNumber: 'S-0001', weightGrams: 20.4, reason: 'ตรวจพิสูจน์สารเสพติด' });
      await record({ type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, sealNumber: 'S-0001', weightGrams: 20.5, documentRef: 'รายงานผลตรวจ 55/2569', note: 'ได้รับคืนพร้อมผลตรวจ' });
      await record({ type: 'RESEAL', sealNumber: 'S-0002', reason: 'ห้องปฏิบัติการเปิดซีลเดิม' });
      await record({ type: 'AMEND', changes: { evidence: { offence: 'มียาเสพติดให้โทษประเภท 1 ไว้ในครอบครองเพื่อจำหน่าย' } }, reason: 'ข้อหาตามสำนวน' });
      await record({ type: 'CONDITION_CHECK', condition: 'GOOD', note: 'ตรวจประจำเดือน' });
      const custody = await api(t.a.tokens.CLERK).get(`/api/items/${drugs.id}/custody`);
      expectOk(custody);
      const events: Json[] = custody.body.events ?? custody.body;

      const page = await pageClient(t, t.a.tokens.AUDITOR).get(`/items/${drugs.id}`);
      expect(page.status).toBe(200);
      const order = [...page.text.matchAll(/<li class="event" id="event-\d+" data-event-type="([A-Z_]+)">/g)].map((m) => m[1]);
      expect(order).toEqual(['INTAKE', 'SEND_OUT', 'RECEIVE_BACK', 'RESEAL', 'AMEND', 'CONDITION_CHECK']);
      expect(order).toEqual(events.map((e) => e.type));
      const items = page.text.split('<li class="event"').slice(1);
      const thai = ['รับเข้าคลัง', 'ส่งออกนอกคลัง', 'รับคืนเข้าคลัง', 'ปิดผนึกใหม่', 'แก้ไขข้อมูล', 'ตรวจสภาพ'];
      items.forEach((text, i) => {
        expect(text).toContain(`<strong>${thai[i]}</strong>`);
        expect(text).toContain(`>${thaiShortDateTime(events[i].at)}</time>`);
        expect(text).toContain('ร.ต.อ. ผู้ใช้ CLERK STA');
        expect(text).toContain('ร.ต.อ. ผู้ใช้ SUPERVISOR STA'); // the witness of each
      });
      expect(items[0]).toContain('SAFE1 ตู้นิรภัย');
      expect(items[0]).toContain('ซีล S-0001 · น้ำหนัก 20.5 กรัม');
      for (const shown of ['ส่งตรวจพิสูจน์', 'กองพิสูจน์หลักฐานกลาง', 'ตช 0026.1/123', 'ตรวจพิสูจน์สารเสพติด', 'อยู่ในคลัง → ส่งออกนอกคลัง', 'ซีล S-0001 · น้ำหนัก 20.4 กรัม']) expect(items[1]).toContain(shown);
      for (const shown of ['รายงานผลตรวจ 55/2569', 'ได้รับคืนพร้อมผลตรวจ', 'ส่งออกนอกคลัง → อยู่ในคลัง']) expect(items[2]).toContain(shown);
      expect(items[3]).toContain('เลขซีล (ที่ปิดผนึก):</span> S-0001 → S-0002');
      expect(items[4]).toContain('ข้อหา / ฐานความผิด:</span> มียาเสพติดให้โทษประเภท 1 ไว้ในครอบครอง → มียาเสพติดให้โทษประเภท 1 ไว้ในครอบครองเพื่อจำหน่าย');
      expect(items[5]).toContain('ตรวจประจำเดือน');
      // The category's own fields, the seizure time in Thai.
      for (const shown of ['ข้อมูลของกลาง', 'คดีอาญาที่', '123/2569', 'ป.จ.ว. ข้อ 5', '25 พ.ย. 2569 14.30 น.', '31 ม.ค. 2570', '18.25 กรัม']) expect(page.text).toContain(shown);
      expect(english(page.text)).toEqual([]);
    });

    it('links to the counter for the clerk and to the open loan of a lent item', async () => {
      const chair = (await api(t.a.tokens.CLERK).post('/api/items', { category: 'PROPERTY', kind: 'furniture', description: 'เก้าอี้สำนักงาน', locationId: t.a.room.id })).body;
      const loan = await api(t.a.tokens.OFFICER).post('/api/loans', { items: [{ itemId: chair.id }], purposeType: 'DUTY', purpose: 'ใช้ในการประชุม', offPremises: false, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
      expectOk(loan, 201);
      expectOk(await api(t.a.tokens.SUPERVISOR).post(`/api/loans/${loan.body.id}/approve`, { note: 'อนุมัติ' }));
      expectOk(await api(t.a.tokens.CLERK).post(`/api/loans/${loan.body.id}/issue`, { items: [{ code: chair.code }] }));
      const page = await clerk.get(`/items/${chair.id}`);
      expect(page.text).toContain(`href="/counter?code=${chair.code}"`);
      expect(page.text).toContain(`href="/loans/${loan.body.id}"`);
      expect(page.text).toContain('ถูกยืม');
      const order = [...page.text.matchAll(/data-event-type="([A-Z_]+)"/g)].map((m) => m[1]);
      expect(order).toEqual(['INTAKE', 'CHECKOUT']);
    });

    it('another station\'s item is the Thai "not found" page; a bad id is a Thai 400', async () => {
      const theirs = await pageClient(t, t.b.tokens.CLERK).get(`/items/${drugs.id}`);
      expect(theirs.status).toBe(404);
      expect(theirs.headers['content-type']).toContain('text/html');
      expect(theirs.text).toContain('ไม่พบของในคลัง');
      expect(theirs.text).not.toContain(drugs.code);
      const bad = await clerk.get('/items/not-an-id');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('ต้องเป็น UUID');
    });
  });

  describe('search', () => {
    beforeAll(async () => {
      // 27 chairs: more than a page of 25.
      for (let i = 1; i <= 27; i++) {
        expectOk(await api(t.a.tokens.CLERK).post('/api/items', { category: 'PROPERTY', kind: 'furniture', description: `เก้าอี้พลาสติกห้องประชุม ตัวที่ ${i}`, locationId: t.a.room.id }), 201);
      }
      expectOk(await api(t.b.tokens.CLERK).post('/api/items', { category: 'PROPERTY', kind: 'furniture', description: 'เก้าอี้พลาสติกของสถานีอื่น', locationId: t.b.room.id }), 201);
    });

    const codes = (page: string) => [...page.matchAll(/<a class="code" href="\/items\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);

    it('finds by text across codes, descriptions and names, and keeps the filters in the form', async () => {
      const byName = await clerk.get(`/items?q=${encodeURIComponent('สมชาย')}`);
      expect(byName.status).toBe(200);
      expect(codes(byName.text)).toEqual([drugs.code]);
      expect(byName.text).toContain('name="q" type="search" value="สมชาย"');
      expect(byName.text).toContain('ของสำคัญสูง');
      const byCode = await clerk.get(`/items?q=${drugs.code.toLowerCase()}`);
      expect(codes(byCode.text)).toEqual([drugs.code]);
      const byCase = await clerk.get('/items?caseNumber=123%2F2569');
      expect(codes(byCase.text)).toEqual([drugs.code]);
      expect(byCase.text).toContain('name="caseNumber" type="text" value="123/2569"');
      expect(english(byName.text)).toEqual([]);
    });

    it('filters by category, status and location', async () => {
      const weapons = await clerk.get('/items?category=WEAPON');
      expect(codes(weapons.text)).toHaveLength(1);
      expect(weapons.text).toContain('<option value="WEAPON" selected>อาวุธและยุทธภัณฑ์</option>');
      const lent = await clerk.get('/items?status=ON_LOAN');
      expect(codes(lent.text)).toHaveLength(1);
      expect(lent.text).toContain('<option value="ON_LOAN" selected>ถูกยืม</option>');
      const inSafe = await clerk.get(`/items?locationId=${t.a.safe.id}&category=EVIDENCE`);
      expect(codes(inSafe.text)).toEqual([drugs.code]);
      expect(inSafe.text).toContain(`<option value="${t.a.safe.id}" selected>`);
      const none = await clerk.get(`/items?category=DONATION&status=SENT_OUT`);
      expect(codes(none.text)).toEqual([]);
      expect(none.text).toContain('ไม่พบของที่ตรงกับเงื่อนไข');
      const bad = await clerk.get('/items?status=GONE');
      expect(bad.status).toBe(400);
      expect(errorOf(bad.text, 'status')).toBe('รูปแบบไม่ถูกต้อง');
    });

    it('pages the results, 25 a page, with the filters kept in the pager\'s links', async () => {
      const q = encodeURIComponent('เก้าอี้พลาสติก');
      const first = await clerk.get(`/items?q=${q}&category=PROPERTY`);
      expect(first.text).toContain('ทั้งหมด 27 รายการ');
      expect(codes(first.text)).toHaveLength(25);
      expect(first.text).toContain('หน้า 1 จาก 2');
      const next = hrefOf(first.text, 'next');
      expect(next).toBe(`/items?q=${q}&category=PROPERTY&page=2`);
      const second = await clerk.get(next!);
      expect(codes(second.text)).toHaveLength(2);
      expect(second.text).toContain('หน้า 2 จาก 2');
      expect(new Set([...codes(first.text), ...codes(second.text)]).size).toBe(27); // the other station's chair is not among them
      expect(hrefOf(second.text, 'prev')).toBe(`/items?q=${q}&category=PROPERTY`);
    });
  });

  describe('roles', () => {
    it('registering is for clerks and investigators, search and the item page for every station role', async () => {
      for (const role of ['COMMANDER', 'SUPERVISOR', 'OFFICER', 'AUDITOR'] as const) {
        const browser = pageClient(t, t.a.tokens[role]);
        const form = await browser.get('/items/new?category=EVIDENCE');
        expect(form.status).toBe(403);
        expect(form.text).toContain('สิทธิ์ของท่านไม่อนุญาตให้เข้าหน้านี้');
        expect((await browser.post('/items/new', evidenceForm(W()))).status).toBe(403);
        expect((await browser.get('/items')).status).toBe(200);
        expect((await browser.get(`/items/${drugs.id}`)).status).toBe(200);
      }
      const admin = pageClient(t, t.adminToken);
      expect((await admin.get('/items')).status).toBe(403);
      expect((await admin.get(`/items/${drugs.id}`)).status).toBe(403);
      // Without a session: the login page, and back here afterwards.
      const anonymous = await pageClient(t).get('/items?category=EVIDENCE');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent('/items?category=EVIDENCE')}`);
    });
  });
});
