/**
 * The counter page (DESIGN §8): a scan opens the item card with the events legal now; events are
 * recorded through forms (HIGH items with their witness and the blind check); a location's code starts
 * moving the next items there. The browser walkthrough is web-walkthrough.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auth, expectOk, type Json, OwnerDb } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { type PageClient, pageClient } from '../helpers/web.js';

describe('the counter page', () => {
  let t: TestApp;
  const owner = new OwnerDb();
  let clerk: PageClient;
  let desk: Json;
  let drugs: Json;
  const W = () => ({ witnessUsername: 'sta.supervisor', witnessPassword: TEST_PASSWORD });

  const register = async (body: object) => {
    const res = await t.http().post('/api/items').set(auth(t.a.tokens.CLERK)).send(body);
    expectOk(res, 201);
    return res.body;
  };
  const item = async (id: string) => (await t.http().get(`/api/items/${id}`).set(auth(t.a.tokens.CLERK))).body;
  const events = async (id: string) => Number((await owner.rows('SELECT count(*) AS n FROM custody_events WHERE item_id = $1', [id]))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    await owner.open(t.db.ownerUrl);
    clerk = pageClient(t, t.a.tokens.CLERK);
    desk = await register({ category: 'PROPERTY', kind: 'furniture', description: 'โต๊ะทำงานไม้สัก', locationId: t.a.room.id });
    drugs = await register({
      category: 'EVIDENCE', kind: 'drugs', description: 'ยาบ้า 200 เม็ด', quantity: 200, unit: 'เม็ด', locationId: t.a.safe.id, sealNumber: 'S-0001', weightGrams: 20.5,
      evidence: { caseNumber: '123/2569' }, witness: { username: 'sta.supervisor', password: TEST_PASSWORD },
    });
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  it('shows one focused scan box, in Thai', async () => {
    const res = await clerk.get('/counter');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<input id="scan" name="code"[^>]*data-scan-box autofocus/);
    expect(res.text).toContain('เคาน์เตอร์คลัง');
    expect(res.text).toContain('<script src="/assets/counter.js" defer></script>');
  });

  it('a scanned code opens the item card with the events legal now and their keys', async () => {
    const res = await clerk.get(`/counter?code=${desk.code.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`data-code="${desk.code}"`);
    expect(res.text).toContain('โต๊ะทำงานไม้สัก');
    expect(res.text).toContain('อยู่ในคลัง');
    for (const [label, key] of [['ย้ายที่เก็บ', 'F2'], ['ส่งออกนอกคลัง', 'F3'], ['ตรวจสภาพ', 'F6'], ['ปิดผนึกใหม่', 'F7']]) {
      expect(res.text).toMatch(new RegExp(`data-shortcut="${key}">${label}<kbd>${key}</kbd>`));
    }
    expect(res.text).not.toContain('รับคืนเข้าคลัง<kbd>'); // RECEIVE_BACK is for sent-out items only
  });

  it('an unknown code is an error next to the scan box, the box keeps the code and the focus', async () => {
    const res = await clerk.get('/counter?code=NOPE-404');
    expect(res.status).toBe(404);
    expect(res.text).toContain('ไม่พบรหัส &quot;NOPE-404&quot;');
    expect(res.text).toMatch(/<input id="scan" name="code" value="NOPE-404"[^>]*autofocus aria-invalid="true"/);
  });

  it('records a condition check through the form, with its audit row, and says so', async () => {
    const before = await events(desk.id);
    const res = await clerk.post(`/counter/items/${desk.id}/events`, { type: 'CONDITION_CHECK', condition: 'DAMAGED', note: 'ขาโต๊ะหัก' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/counter?code=${desk.code}&done=CONDITION_CHECK&found=0`);
    expect(await events(desk.id)).toBe(before + 1);
    expect((await item(desk.id)).condition).toBe('DAMAGED');
    const [row] = await owner.rows("SELECT actor_id FROM audit_log WHERE action = 'ITEM_CONDITION_CHECK' AND entity_id = $1", [desk.id]);
    expect(row.actor_id).toBe(t.a.users.CLERK.id);
    const page = await clerk.get(res.headers.location);
    expect(page.text).toContain(`บันทึก &quot;ตรวจสภาพ&quot; ของ ${desk.code} แล้ว`);
  });

  it('a form with a missing field is shown again with the message next to it, and nothing is written', async () => {
    const before = await events(desk.id);
    const res = await clerk.post(`/counter/items/${desk.id}/events`, { type: 'SEND_OUT', destination: 'COURT', recipient: 'ศาลจังหวัด' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-documentRef"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('กรุณากรอกช่องนี้');
    expect(res.text).toContain('value="ศาลจังหวัด"');
    expect(await events(desk.id)).toBe(before);
  });

  it('a HIGH item asks for the witness and the blind seal and weight, without showing the recorded ones', async () => {
    const form = await clerk.get(`/counter?code=${drugs.code}&action=SEND_OUT`);
    expect(form.text).toContain('ของสำคัญสูง');
    expect(form.text).toContain('name="witnessUsername"');
    expect(form.text).toMatch(/name="sealNumber" type="text" value=""/);
    expect(form.text).toMatch(/name="weightGrams" type="text" value=""/);
    expect(form.text.split('S-0001').length - 1).toBe(1); // only in the card's facts, not in the form

    const before = await events(drugs.id);
    const noWitness = await clerk.post(`/counter/items/${drugs.id}/events`, { type: 'SEND_OUT', destination: 'LAB', recipient: 'กองพิสูจน์หลักฐาน', documentRef: 'ตช 1/2569', sealNumber: 'S-0001', weightGrams: '20.5' });
    expect(noWitness.status).toBe(422);
    expect(noWitness.text).toContain('ต้องมีพยานยืนยันตัวตน');
    expect(await events(drugs.id)).toBe(before);

    const sent = await clerk.post(`/counter/items/${drugs.id}/events`, { type: 'SEND_OUT', destination: 'LAB', recipient: 'กองพิสูจน์หลักฐาน', documentRef: 'ตช 1/2569', sealNumber: 'S-0001', weightGrams: '20.4', ...W() });
    expect(sent.status).toBe(303);
    expect((await item(drugs.id)).status).toBe('SENT_OUT');
    const back = await clerk.post(`/counter/items/${drugs.id}/events`, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, sealNumber: 'S-9999', weightGrams: '20.5', ...W() });
    expect(back.status).toBe(303);
    // The seal seen differs from the record: an incident is opened and the flash says so.
    expect(back.headers.location).toContain('found=1');
    expect((await clerk.get(back.headers.location)).text).toContain('พบความไม่ตรงกัน 1 รายการ');
  });

  it('scanning a location starts move mode; the next scans move items there, a HIGH one after its witness signs', async () => {
    const shelf = await t.http().post('/api/locations').set(auth(t.a.tokens.CLERK)).send({ code: 'R9-S1', name: 'ชั้นวางทดสอบ', kind: 'SHELF', parentId: t.a.room.id });
    expectOk(shelf, 201);
    const scanned = await clerk.get('/counter?code=r9-s1');
    expect(scanned.status).toBe(303);
    expect(scanned.headers.location).toBe(`/counter?to=${shelf.body.id}`);
    const mode = await clerk.get(scanned.headers.location);
    expect(mode.text).toContain('โหมดย้ายของ: ไปที่ R9-S1 ชั้นวางทดสอบ');
    expect(mode.text).toMatch(/<form class="scan-form" method="post" action="\/counter\/move"/);

    const moved = await clerk.post('/counter/move', { to: shelf.body.id, code: desk.code });
    expect(moved.status).toBe(303);
    expect((await item(desk.id)).locationId).toBe(shelf.body.id);
    expect((await clerk.get(moved.headers.location)).text).toContain(`ย้าย ${desk.code} ไปที่ R9-S1 ชั้นวางทดสอบ แล้ว`);

    // A HIGH item: the witness form first; the shelf is not secure, so the move is refused with the reason.
    const asks = await clerk.post('/counter/move', { to: shelf.body.id, code: drugs.code });
    expect(asks.status).toBe(200);
    expect(asks.text).toContain('การย้ายต้องมีพยาน');
    const refused = await clerk.post('/counter/move', { to: shelf.body.id, code: drugs.code, ...W() });
    expect(refused.status).toBe(422);
    expect((await item(drugs.id)).locationId).toBe(t.a.safe.id);
  });

  it('another station\'s item is not found, and officers and investigators may not use the counter', async () => {
    const theirs = pageClient(t, t.b.tokens.CLERK);
    expect((await theirs.get(`/counter?code=${desk.code}`)).status).toBe(404);
    expect((await theirs.post(`/counter/items/${desk.id}/events`, { type: 'CONDITION_CHECK', condition: 'GOOD' })).status).toBe(404);
    for (const role of ['OFFICER', 'INVESTIGATOR', 'AUDITOR'] as const) {
      expect((await pageClient(t, t.a.tokens[role]).get('/counter')).status).toBe(403);
    }
  });
});
