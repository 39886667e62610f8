import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { ownerQuery } from '../helpers/database.js';

/** The independent readers the label tests rely on; CI installs them (zbar-tools, poppler-utils). */
function tool(name: string): string {
  try {
    execFileSync('which', [name], { stdio: 'pipe' });
    return name;
  } catch {
    throw new Error(`${name} is missing: apt-get install zbar-tools poppler-utils (.ci/run does)`);
  }
}

function zbar(file: string, raw = true): string[] {
  const out = execFileSync(tool('zbarimg'), ['-q', '--nodbus', ...(raw ? ['--raw'] : []), file], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

/** pdftotext gives ำ back as ํ + า; compare Thai after NFKC, without spaces. */
const normal = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

describe('labels (e2e)', () => {
  let t: TestApp;
  let dir: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const items: { id: string; code: string; description: string }[] = [];
  const witness = { username: 'sta.supervisor', password: TEST_PASSWORD };

  beforeAll(async () => {
    tool('zbarimg');
    tool('pdftotext');
    tool('pdftoppm');
    dir = mkdtempSync(join(tmpdir(), 'khlang-labels-'));
    t = await startTestApp();
    const bodies = [
      { category: 'EVIDENCE', kind: 'drugs', description: 'ยาบ้า 200 เม็ด', quantity: 200, unit: 'เม็ด', locationId: t.a.safe.id, sealNumber: 'S-1', weightGrams: 20.5, evidence: { caseNumber: '123/2568' }, witness },
      { category: 'EVIDENCE', kind: 'electronics', description: 'โทรศัพท์มือถือสีดำ', locationId: t.a.room.id, evidence: { caseNumber: '124/2568' } },
      { category: 'PROPERTY', kind: 'electronics', description: 'คอมพิวเตอร์โน้ตบุ๊ก', locationId: t.a.room.id, property: { assetNumber: '7440-001-0001' } },
      { category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้น', serialNumber: 'GLK12345', locationId: t.a.safe.id, weapon: { make: 'Glock', model: '19' }, witness },
      { category: 'DONATION', kind: 'furniture', description: 'เก้าอี้สำนักงาน', quantity: 10, unit: 'ตัว', locationId: t.a.room.id, donation: { donorName: 'ร้านตัวอย่าง', receivedAt: '2025-02-01', purpose: 'ใช้ในสถานี' } },
    ];
    for (const body of bodies) {
      const res = await t.http().post('/api/items').set(auth(t.a.tokens.CLERK)).send(body).expect(201);
      items.push({ id: res.body.id, code: res.body.code, description: body.description });
    }
  });
  afterAll(async () => t?.close());

  it('serves a PNG per item that decodes back to exactly its code (Code 128 and QR)', async () => {
    for (const item of items) {
      for (const symbology of ['code128', 'qrcode']) {
        const res = await t.http().get(`/api/items/${item.id}/label.png`).query({ symbology }).set(auth(t.a.tokens.CLERK)).buffer(true).expect(200);
        expect(res.headers['content-type']).toBe('image/png');
        const file = join(dir, `${item.code}-${symbology}.png`);
        writeFileSync(file, res.body);
        expect(zbar(file)).toEqual([item.code]);
      }
    }
    // zbar cannot read DataMatrix: the PNG is at least served as an image.
    const dm = await t.http().get(`/api/items/${items[0].id}/label.png`).query({ symbology: 'datamatrix' }).set(auth(t.a.tokens.CLERK)).buffer(true).expect(200);
    expect(dm.body.subarray(1, 4).toString()).toBe('PNG');
  });

  it('prints a sheet PDF whose every label decodes and whose text carries the Thai descriptions', async () => {
    const res = await t
      .http()
      .post('/api/labels/sheet')
      .set(auth(t.a.tokens.INVESTIGATOR))
      .send({ itemIds: items.map((i) => i.id), locationIds: [t.a.room.id, t.a.safe.id], template: 'a4-3x8' })
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = join(dir, 'sheet.pdf');
    writeFileSync(pdf, res.body as Buffer);
    const text = normal(execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }));
    for (const item of items) {
      expect(text).toContain(item.code);
      expect(text).toContain(normal(item.description));
    }
    expect(text).toContain(normal('คดีที่ 123/2568'));
    expect(text).toContain('STA-LOC-R1');
    execFileSync('pdftoppm', ['-r', '300', '-png', pdf, join(dir, 'page')]);
    const decoded = readdirSync(dir).filter((f) => f.startsWith('page')).flatMap((f) => zbar(join(dir, f), false));
    const expected = [...items.map((i) => i.code), 'STA-LOC-R1', 'STA-LOC-SAFE1'];
    // Every label's Code 128 (what counter scanners read) decodes to exactly its code, and every symbol
    // found is one of the codes. (zbar misses some QR codes on a whole page; the renderer's own tests
    // decode each label's QR from a crop.)
    const code128 = decoded.filter((d) => d.startsWith('CODE-128:')).map((d) => d.slice('CODE-128:'.length));
    expect(code128.sort()).toEqual([...expected].sort());
    expect(decoded.every((d) => expected.includes(d.slice(d.indexOf(':') + 1)))).toBe(true);
  });

  it('audit-logs every print, first prints and reprints alike', async () => {
    const before = await ownerQuery<{ n: number }>(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'LABEL_PRINTED'");
    await t.http().get(`/api/items/${items[1].id}/label.png`).set(auth(t.a.tokens.CLERK)).expect(200);
    await t.http().get(`/api/items/${items[1].id}/label.png`).set(auth(t.a.tokens.CLERK)).expect(200);
    await t.http().post('/api/labels/sheet').set(auth(t.a.tokens.CLERK)).send({ itemIds: [items[1].id], template: 'thermal-50x30' }).expect(200);
    const after = await ownerQuery<{ n: number }>(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'LABEL_PRINTED'");
    expect(after[0].n - before[0].n).toBe(3);
    const rows = await ownerQuery<{ entity_type: string; actor_id: string; after: { codes: string[] } }>(
      t.db,
      "SELECT entity_type, actor_id, after FROM audit_log WHERE action = 'LABEL_PRINTED' ORDER BY seq DESC LIMIT 3",
    );
    expect(rows.map((r) => r.entity_type)).toEqual(['label_sheet', 'item', 'item']);
    expect(rows.every((r) => r.actor_id === t.a.users.CLERK.id && r.after.codes.includes(items[1].code))).toBe(true);
    await t.http().get('/api/audit-log/verify').set(auth(t.a.tokens.CLERK)).expect(200).then((r) => expect(r.body.ok).toBe(true));
  });

  it("refuses another station's ids (404), unknown templates, empty requests and bad symbologies, writing nothing", async () => {
    const count = async () => (await ownerQuery<{ n: number }>(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'LABEL_PRINTED'"))[0].n;
    const before = await count();
    await t.http().get(`/api/items/${items[0].id}/label.png`).set(auth(t.b.tokens.CLERK)).expect(404);
    await t.http().post('/api/labels/sheet').set(auth(t.b.tokens.CLERK)).send({ itemIds: [items[0].id], template: 'a4-3x8' }).expect(404);
    await t.http().post('/api/labels/sheet').set(auth(t.b.tokens.CLERK)).send({ locationIds: [t.a.room.id], template: 'a4-3x8' }).expect(404);
    const traversal = await t.http().post('/api/labels/sheet').set(auth(t.a.tokens.CLERK)).send({ itemIds: [items[0].id], template: '../../etc/passwd' });
    expect(traversal.status).toBeGreaterThanOrEqual(400);
    expect(traversal.status).toBeLessThan(500);
    const unknown = await t.http().post('/api/labels/sheet').set(auth(t.a.tokens.CLERK)).send({ itemIds: [items[0].id], template: 'no-such-template' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.messageTh).toBeTruthy();
    await t.http().post('/api/labels/sheet').set(auth(t.a.tokens.CLERK)).send({ template: 'a4-3x8' }).expect(422);
    await t.http().get(`/api/items/${items[0].id}/label.png`).query({ symbology: 'ean13' }).set(auth(t.a.tokens.CLERK)).expect(400);
    await t.http().get(`/api/items/${items[0].id}/label.png`).set(auth(t.a.tokens.OFFICER)).expect(403);
    expect(await count()).toBe(before);
  });
});
