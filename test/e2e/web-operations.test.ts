/**
 * The operations pages (DESIGN §8 shift arms book, audit count screen, incidents; §2 Shift arms issue and
 * Audit session): a shift day through the pages, a daily arms count with its running tally, duplicate
 * warning and findings, an annual inspection's committee, incidents resolved by the commander only, another
 * station's ids, roles without access, and no English left in what a user reads. Every form is posted as a
 * browser would (session cookie, CSRF token); refused posts are shown to write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auth, type Json, OwnerDb, type Res } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { pageClient, type PageClient, visibleText } from '../helpers/web.js';

type Role = 'CLERK' | 'SUPERVISOR' | 'COMMANDER' | 'OFFICER' | 'INVESTIGATOR' | 'AUDITOR';

const owner = new OwnerDb();
const { rows: ownerRows } = owner;

const FORBIDDEN_TH = 'สิทธิ์ของท่านไม่อนุญาตให้เข้าหน้านี้';
/** Extra weapons nobody scans: more MISSING findings than the count's page shows of one type. */
const BULK = 55;


/**
 * English words left in a page, once the data the test itself typed is taken out: item and location
 * codes, usernames, and the seeded users' names ("ผู้ใช้ CLERK STA").
 */
function englishIn(page: string): string[] {
  const text = visibleText(page)
    .replace(/\b[A-Z]{2,5}-[A-Z]{2}\d{2}-\d{6}\b/g, ' ')
    .replace(/\b[A-Z]{2,5}-LOC-[A-Z0-9._-]+\b/g, ' ')
    .replace(/\bst[ab]\.[a-z0-9.]+\b/g, ' ')
    .replace(/ผู้ใช้ [A-Z]+ ST[AB]/g, ' ')
    .replace(/\b(SAFE1|R1)\b/g, ' ');
  return text.match(/[A-Za-z]{2,}/g) ?? [];
}

/** The rows of one finding type on a closed count's page: from its heading to the next one. */
function section(page: string, type: string): string {
  const from = page.indexOf(`<h3 id="finding-${type}"`);
  if (from < 0) return '';
  const next = page.indexOf('<h3 id="finding-', from + 1);
  return page.slice(from, next < 0 ? undefined : next);
}

/** A page answered with this status; else its visible text is shown. */
function expectPage(res: Res, status: number): string {
  expect(res.status === status ? status : `${res.status} ${res.headers.location ?? visibleText(res.text ?? '').slice(0, 600)}`).toBe(status);
  return res.text;
}

/** A post answered by a redirect to a page matching `to`; the page's path and query. */
function expectSeeOther(res: Res, to: RegExp): string {
  expect(res.status === 303 ? 303 : `${res.status} ${visibleText(res.text ?? '').slice(0, 600)}`).toBe(303);
  expect(res.headers.location).toMatch(to);
  return res.headers.location;
}

describe('operations pages (e2e)', () => {
  let t: TestApp;
  const as = {} as Record<Role, PageClient>;
  let otherClerk: PageClient;
  let serial = 0;

  async function register(body: Json): Promise<Json> {
    const res = await t.http().post('/api/items').set(auth(t.a.tokens.CLERK)).send({ witness: { username: 'sta.supervisor', password: TEST_PASSWORD }, ...body });
    expect(res.status === 201 ? 201 : `${res.status} ${JSON.stringify(res.body)}`).toBe(201);
    return res.body;
  }
  const firearm = (n: number) =>
    register({ category: 'WEAPON', kind: 'firearm', description: `ปืนพกสั้น ขนาด 9 มม. กระบอกที่ ${n}`, locationId: t.a.safe.id, serialNumber: `WEB-${String(++serial).padStart(5, '0')}`, weapon: { make: 'กล็อก', model: '19', calibre: '9 มม.' } });
  const ammunition = (rounds: number) =>
    register({ category: 'WEAPON', kind: 'ammunition', description: `กระสุนปืน 9 มม. ${rounds} นัด`, quantity: rounds, unit: 'นัด', locationId: t.a.safe.id, weapon: { calibre: '9 มม.' } });

  /** Row counts of what the operations pages write, and the chain heads: a refused post leaves them all. */
  async function written() {
    const [row] = await ownerRows(
      `SELECT (SELECT count(*) FROM shifts)::int AS shifts, (SELECT count(*) FROM loan_items)::int AS lines,
              (SELECT md5(coalesce(string_agg(row_to_json(x)::text, ',' ORDER BY x.id), '')) FROM loan_items x) AS lines_digest,
              (SELECT count(*) FROM custody_events)::int AS events, (SELECT count(*) FROM audit_sessions)::int AS audits,
              (SELECT count(*) FROM audit_scans)::int AS scans, (SELECT count(*) FROM audit_findings)::int AS findings,
              (SELECT count(*) FROM discrepancies)::int AS discrepancies, (SELECT count(*) FILTER (WHERE status = 'RESOLVED') FROM discrepancies)::int AS resolved,
              (SELECT count(*) FROM audit_log)::int AS log,
              (SELECT json_agg(json_build_object('chain', chain_key, 'seq', seq) ORDER BY chain_key) FROM audit_chain_heads) AS heads`,
    );
    return row;
  }
  async function writesNothing(send: () => Promise<Res>): Promise<Res> {
    const before = await written();
    const res = await send();
    expect(await written()).toEqual(before);
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await owner.open(t.db.ownerUrl);
    for (const role of ['CLERK', 'SUPERVISOR', 'COMMANDER', 'OFFICER', 'INVESTIGATOR', 'AUDITOR'] as Role[]) as[role] = pageClient(t, t.a.tokens[role]);
    otherClerk = pageClient(t, t.b.tokens.CLERK);
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  const officerName = () => `ร.ต.อ. ${t.a.users.OFFICER.displayName}`;
  let shiftId: string;
  let gun: Json;
  let ammo: Json;

  describe('the shift arms book', () => {
    beforeAll(async () => {
      gun = await firearm(1);
      ammo = await ammunition(50);
    });

    it('the supervisor opens a shift from the list page; an empty name is asked for again', async () => {
      const list = expectPage(await as.SUPERVISOR.get('/shifts'), 200);
      expect(list).toContain('เปิดผลัดใหม่');
      expect(list).toContain('ไม่มีผลัดที่เปิดอยู่');

      const empty = await writesNothing(() => as.SUPERVISOR.post('/shifts', { name: '  ' }));
      expect(expectPage(empty, 422)).toContain('กรุณากรอกช่องนี้');

      const at = expectSeeOther(await as.SUPERVISOR.post('/shifts', { name: 'ผลัด 08.00–16.00 น. วันที่ 25 พ.ย. 2569' }), /^\/shifts\/[0-9a-f-]{36}\?done=opened$/);
      shiftId = at.split('/')[2].split('?')[0];
      const page = expectPage(await as.SUPERVISOR.get(at), 200);
      expect(page).toContain('เปิดผลัดแล้ว');
      expect(page).toContain('ผลัด 08.00–16.00 น. วันที่ 25 พ.ย. 2569');
      expect(page).toContain('ยังไม่มีการจ่ายอาวุธในผลัดนี้');
      const [row] = await ownerRows(`SELECT status, opened_by FROM shifts WHERE id = $1`, [shiftId]);
      expect(row).toEqual({ status: 'OPEN', opened_by: t.a.users.SUPERVISOR.id });

      // The list shows it among the open shifts.
      expect(expectPage(await as.CLERK.get('/shifts'), 200)).toContain(`href="/shifts/${shiftId}"`);
    });

    it('the clerk issues a weapon to an officer named by badge code, the officer co-signing', async () => {
      const page = expectPage(await as.CLERK.get(`/shifts/${shiftId}`), 200);
      expect(page).toMatch(/<input id="f-officerCode" name="officerCode"[^>]* autofocus/);
      expect(page).toContain(`<option value="${t.a.users.OFFICER.id}">`);
      expect(page).not.toContain('action="/shifts/' + shiftId + '/close'); // the clerk does not close shifts

      const at = expectSeeOther(
        await as.CLERK.post(`/shifts/${shiftId}/issue`, { officerCode: 'sta.officer', issueCode: gun.code.toLowerCase(), issueWitnessUsername: 'sta.officer', issueWitnessPassword: TEST_PASSWORD }),
        new RegExp(`^/shifts/${shiftId}\\?done=issued&code=${gun.code}$`),
      );
      const book = expectPage(await as.CLERK.get(at), 200);
      expect(visibleText(book)).toContain(`จ่าย ${gun.code} ให้ ${officerName()} แล้ว`);
      expect(visibleText(book)).toContain('ยังไม่คืน');
      const lines = await ownerRows(`SELECT holder_id, open, witness_id FROM loan_items WHERE shift_id = $1`, [shiftId]);
      expect(lines).toEqual([{ holder_id: t.a.users.OFFICER.id, open: true, witness_id: t.a.users.OFFICER.id }]);

      // Ammunition by quantity, the officer chosen from the list.
      expectSeeOther(
        await as.CLERK.post(`/shifts/${shiftId}/issue`, { officerId: t.a.users.OFFICER.id, issueCode: ammo.code, issueQuantity: '20', issueWitnessUsername: 'sta.officer', issueWitnessPassword: TEST_PASSWORD }),
        /done=issued/,
      );
      const [line] = await ownerRows(`SELECT quantity FROM loan_items WHERE shift_id = $1 AND item_id = $2`, [shiftId, ammo.id]);
      expect(Number(line.quantity)).toBe(20);
    });

    it('a refused issue shows the reason next to its field, keeps what was typed, and writes nothing', async () => {
      const other = await firearm(2);
      const noWitness = await writesNothing(() => as.CLERK.post(`/shifts/${shiftId}/issue`, { officerCode: 'sta.officer', issueCode: other.code }));
      const page = expectPage(noWitness, 422);
      expect(page).toContain('ต้องมีพยานยืนยันตัวตน');
      expect(page).toContain('value="sta.officer"');
      expect(page).toMatch(/<input id="f-issueWitnessUsername"[^>]* autofocus/);

      const unknown = await writesNothing(() => as.CLERK.post(`/shifts/${shiftId}/issue`, { officerCode: 'sta.officer', issueCode: 'STA-WP69-999999', issueWitnessUsername: 'sta.officer', issueWitnessPassword: TEST_PASSWORD }));
      expect(visibleText(expectPage(unknown, 404))).toContain('ไม่พบของในคลัง: STA-WP69-999999');

      const nobody = await writesNothing(() => as.CLERK.post(`/shifts/${shiftId}/issue`, { officerCode: 'sta.nobody', issueCode: other.code, issueWitnessUsername: 'sta.officer', issueWitnessPassword: TEST_PASSWORD }));
      expect(expectPage(nobody, 422)).toContain('ไม่พบเจ้าหน้าที่ผู้นี้ในสถานี');
    });

    it('ammunition comes back with spent rounds and their reason', async () => {
      const noReason = await writesNothing(() =>
        as.CLERK.post(`/shifts/${shiftId}/return`, { returnCode: ammo.code, spentQuantity: '5', condition: 'GOOD', returnWitnessUsername: 'sta.officer', returnWitnessPassword: TEST_PASSWORD }),
      );
      expect(expectPage(noReason, 422)).toContain('กรุณาระบุเหตุผลที่ใช้กระสุน');

      expectSeeOther(
        await as.CLERK.post(`/shifts/${shiftId}/return`, { returnCode: ammo.code, spentQuantity: '5', spentReason: 'ฝึกยิงปืนประจำเดือน', condition: 'GOOD', returnWitnessUsername: 'sta.officer', returnWitnessPassword: TEST_PASSWORD }),
        new RegExp(`^/shifts/${shiftId}\\?done=returned&code=${ammo.code}&incidents=0$`),
      );
      const [line] = await ownerRows(`SELECT open, returned_quantity, spent_quantity FROM loan_items WHERE shift_id = $1 AND item_id = $2`, [shiftId, ammo.id]);
      expect({ open: line.open, returned: Number(line.returned_quantity), spent: Number(line.spent_quantity) }).toEqual({ open: false, returned: 15, spent: 5 });
      const [item] = await ownerRows(`SELECT quantity, status FROM items WHERE id = $1`, [ammo.id]);
      expect({ quantity: Number(item.quantity), status: item.status }).toEqual({ quantity: 45, status: 'IN_STORAGE' });

      const book = visibleText(expectPage(await as.CLERK.get(`/shifts/${shiftId}?done=returned&code=${ammo.code}`), 200));
      expect(book).toContain(`รับคืน ${ammo.code} แล้ว`);
      // Issued 20, back 15, spent 5, nothing outstanding.
      expect(book).toContain(`${ammo.code} กระสุนปืน 9 มม. 50 นัด ${officerName()}`);
      expect(book).toMatch(/20 นัด 15 นัด 5 นัด - คืนแล้ว/);
    });

    it('closing with a weapon still out is refused and names it; with a reason it closes and opens an incident', async () => {
      const refused = await writesNothing(() => as.SUPERVISOR.post(`/shifts/${shiftId}/close`, {}));
      const page = expectPage(refused, 409);
      expect(visibleText(page)).toContain(`ยังปิดผลัดไม่ได้ ต้องระบุเหตุผลของรายการที่ค้างคืน: ${gun.code}`);
      expect(page).toMatch(new RegExp(`<textarea id="f-reason-${gun.code}" name="reason-${gun.code}"[^>]* autofocus[^>]* aria-invalid="true"`));

      const reason = 'เจ้าหน้าที่นำติดตัวไปราชการต่างจังหวัด ตามคำสั่งที่ 45/2569';
      expectSeeOther(await as.SUPERVISOR.post(`/shifts/${shiftId}/close`, { [`reason-${gun.code}`]: reason }), new RegExp(`^/shifts/${shiftId}\\?done=closed&incidents=1$`));
      const [shift] = await ownerRows(`SELECT status, closed_by FROM shifts WHERE id = $1`, [shiftId]);
      expect(shift).toEqual({ status: 'CLOSED', closed_by: t.a.users.SUPERVISOR.id });
      const incidents = await ownerRows(`SELECT kind, status, note FROM discrepancies WHERE item_id = $1`, [gun.id]);
      expect(incidents).toEqual([{ kind: 'NOT_RETURNED', status: 'OPEN', note: reason }]);

      const closed = expectPage(await as.SUPERVISOR.get(`/shifts/${shiftId}?done=closed&incidents=1`), 200);
      expect(visibleText(closed)).toContain('ปิดผลัดแล้ว รายการที่ค้างคืน 1 รายการ เปิดเป็นเหตุผิดปกติ');
      expect(visibleText(closed)).toContain(reason);
      expect(closed).not.toContain(`action="/shifts/${shiftId}/issue`);
      expect(closed).not.toContain(`action="/shifts/${shiftId}/close`);
      // What is still out can come back after the close.
      expect(closed).toContain(`action="/shifts/${shiftId}/return`);

      const list = visibleText(expectPage(await as.COMMANDER.get('/incidents?kind=NOT_RETURNED'), 200));
      expect(list).toContain('ไม่คืนเมื่อปิดผลัด');
      expect(list).toContain(gun.code);
    });

    it('roles: an officer reads the book without forms, and is refused every post with the 403 page', async () => {
      const page = expectPage(await as.OFFICER.get(`/shifts/${shiftId}`), 200);
      expect(page).not.toContain('<form method="post" action="/shifts/');
      for (const [client, path] of [
        [as.OFFICER, '/shifts'],
        [as.OFFICER, `/shifts/${shiftId}/issue`],
        [as.CLERK, `/shifts/${shiftId}/close`],
        [as.CLERK, '/shifts'],
        [as.INVESTIGATOR, `/shifts/${shiftId}/return`],
      ] as const) {
        const res = await writesNothing(() => client.post(path, { name: 'ผลัด', returnCode: gun.code }));
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.text).toContain(FORBIDDEN_TH);
      }
    });
  });

  describe('the daily arms count screen', () => {
    let auditId: string;
    const guns: Json[] = [];
    let bulk: Json[] = [];
    let expected: number;

    const screen = async (query = '', client = as.CLERK) => expectPage(await client.get(`/audits/${auditId}${query}`), 200);
    const tallyOf = (page: string) => /นับแล้ว (\d+) จาก (\d+)/.exec(visibleText(page))?.slice(1).map(Number);

    beforeAll(async () => {
      for (let n = 11; n <= 13; n++) guns.push(await firearm(n));
      bulk = [];
      for (let n = 0; n < BULK; n++) bulk.push(await firearm(100 + n));
    });

    it('a clerk starts a DAILY_ARMS count; the screen waits with the scan box focused and "นับแล้ว 0 จาก n"', async () => {
      const list = expectPage(await as.CLERK.get('/audits'), 200);
      expect(list).toContain('เริ่มการตรวจนับ');
      const at = expectSeeOther(await as.CLERK.post('/audits', { kind: 'DAILY_ARMS' }), /^\/audits\/[0-9a-f-]{36}$/);
      auditId = at.split('/')[2];
      const [{ n }] = await ownerRows(`SELECT count(*)::int AS n FROM items WHERE station_id = $1 AND category = 'WEAPON' AND status = 'IN_STORAGE'`, [t.a.station.id]);
      expected = n;
      const page = await screen();
      expect(tallyOf(page)).toEqual([0, expected]);
      expect(page).toMatch(/<input id="f-code" name="code"[^>]* autofocus data-keep-focus/);
      expect(page).toContain('ยังไม่มีการสแกน');
    });

    it('each scan redirects back with its outcome; the tally goes up, a duplicate is a red warning at once', async () => {
      const first = expectSeeOther(await as.CLERK.post(`/audits/${auditId}/scans`, { code: guns[0].code }), new RegExp(`^/audits/${auditId}\\?scan=\\d+&outcome=COUNTED$`));
      let page = await screen(first.slice(first.indexOf('?')));
      expect(tallyOf(page)).toEqual([1, expected]);
      expect(page).toMatch(/class="outcome outcome-ok" role="status" data-outcome="COUNTED"/);
      expect(visibleText(page)).toContain(`นับแล้ว ${guns[0].code}`);
      expect(page).toMatch(/<input id="f-code" name="code"[^>]* autofocus/);

      const second = expectSeeOther(await as.CLERK.post(`/audits/${auditId}/scans`, { code: guns[1].code }), /outcome=COUNTED/);
      expect(tallyOf(await screen(second.slice(second.indexOf('?'))))).toEqual([2, expected]);

      const again = expectSeeOther(await as.CLERK.post(`/audits/${auditId}/scans`, { code: guns[0].code }), /outcome=DUPLICATE$/);
      page = await screen(again.slice(again.indexOf('?')));
      expect(page).toMatch(/class="outcome outcome-duplicate" role="alert" data-outcome="DUPLICATE"/);
      expect(visibleText(page)).toContain(`สแกนซ้ำ! ของชิ้นนี้นับไปแล้ว ไม่นับเพิ่ม ${guns[0].code}`);
      expect(tallyOf(page)).toEqual([2, expected]);
      expect(visibleText(page)).toContain('สแกนทั้งหมด 3 ครั้ง · สแกนซ้ำ 1 ครั้ง');
      // The last scans, newest first, the duplicate marked.
      const recent = visibleText(page.slice(page.indexOf('รายการที่สแกนล่าสุด')));
      expect(recent.indexOf(guns[0].code)).toBeLessThan(recent.indexOf(guns[1].code));
      expect(recent).toContain('สแกนซ้ำ');

      // An address claiming a duplicate for a scan that was not one shows no outcome.
      const counted = /scan=(\d+)/.exec(second)![1];
      expect(await screen(`?scan=${counted}&outcome=DUPLICATE`)).not.toContain('data-outcome=');
    });

    it('an unknown code shows a Thai error where the outcome goes, and writes nothing', async () => {
      const res = await writesNothing(() => as.CLERK.post(`/audits/${auditId}/scans`, { code: 'STA-WP69-999999' }));
      const page = expectPage(res, 404);
      expect(page).toMatch(/class="outcome outcome-bad" role="alert"/);
      expect(visibleText(page)).toContain('ไม่พบของในคลัง: STA-WP69-999999');
      expect(tallyOf(page)).toEqual([2, expected]);
      expect(page).toMatch(/<input id="f-code" name="code"[^>]* autofocus/);

      const empty = await writesNothing(() => as.CLERK.post(`/audits/${auditId}/scans`, { code: '' }));
      expect(expectPage(empty, 422)).toContain('กรุณากรอกช่องนี้');
    });

    it('a location label scanned into the box becomes the place of the next scans', async () => {
      const set = expectSeeOther(await as.CLERK.post(`/audits/${auditId}/scans`, { code: 'sta-loc-safe1' }), new RegExp(`^/audits/${auditId}\\?loc=sta-loc-safe1&set=1$`));
      const page = await screen(set.slice(set.indexOf('?')));
      expect(visibleText(page)).toContain('สถานที่ปัจจุบัน: sta-loc-safe1');
      expect(page).toContain('name="locationCode" type="text" autocomplete="off" maxlength="80" value="sta-loc-safe1"');

      const unknown = await writesNothing(() => as.CLERK.post(`/audits/${auditId}/scans`, { code: '', locationCode: 'NOWHERE' }));
      expect(visibleText(expectPage(unknown, 422))).toContain('ไม่พบสถานที่เก็บ NOWHERE ในสถานี');

      expectSeeOther(await as.CLERK.post(`/audits/${auditId}/scans`, { code: guns[2].code, locationCode: 'sta-loc-safe1' }), /outcome=COUNTED&loc=sta-loc-safe1$/);
      const [scan] = await ownerRows(`SELECT location_id FROM audit_scans WHERE audit_id = $1 ORDER BY id DESC LIMIT 1`, [auditId]);
      expect(scan.location_id).toBe(t.a.safe.id);
    });

    it('closing needs a countersigner who re-authenticates and did not count', async () => {
      const none = await writesNothing(() => as.CLERK.post(`/audits/${auditId}/close`, { note: 'ตรวจนับประจำวัน' }));
      const page = expectPage(none, 422);
      expect(page).toContain('กรุณาให้ผู้ลงนามรับรองกรอกชื่อผู้ใช้และรหัสผ่านของตนเอง');
      expect(page).toMatch(/<details open>/);
      const self = await writesNothing(() => as.CLERK.post(`/audits/${auditId}/close`, { signerUsername: 'sta.clerk', signerPassword: TEST_PASSWORD }));
      expect(expectPage(self, 422)).toContain('พยานต้องเป็นบุคคลอื่น');
      const wrong = await writesNothing(() => as.CLERK.post(`/audits/${auditId}/close`, { signerUsername: 'sta.commander', signerPassword: 'wrong-password' }));
      expect(expectPage(wrong, 422)).toContain('ชื่อผู้ใช้หรือรหัสผ่านของพยานไม่ถูกต้อง');

      expectSeeOther(await as.CLERK.post(`/audits/${auditId}/close`, { signerUsername: 'sta.commander', signerPassword: TEST_PASSWORD, note: 'ตรวจนับประจำวัน' }), new RegExp(`^/audits/${auditId}\\?done=closed$`));
      const [row] = await ownerRows(`SELECT status, closed_by, countersigned_by FROM audit_sessions WHERE id = $1`, [auditId]);
      expect(row).toEqual({ status: 'CLOSED', closed_by: t.a.users.CLERK.id, countersigned_by: t.a.users.COMMANDER.id });
    });

    it('the closed count shows its findings by type with the codes, and who counted, closed and countersigned', async () => {
      const page = await screen('?done=closed', as.AUDITOR);
      const text = visibleText(page);
      expect(text).toContain('ปิดการตรวจนับแล้ว');
      expect(page).not.toContain('id="f-code"');
      for (const type of ['พบตามทะเบียน', 'ไม่พบ', 'สแกนซ้ำ']) expect(text).toContain(type);
      for (const g of guns) expect(section(page, 'FOUND')).toContain(g.code);
      expect(section(page, 'DUPLICATE_SCAN')).toContain(guns[0].code);
      expect(section(page, 'DUPLICATE_SCAN')).not.toContain(guns[1].code);
      // The weapon left out on the closed shift is MISSING (the count has it first, among 50 of them).
      expect(section(page, 'MISSING')).toContain(gun.code);
      expect(text).toContain(`ผู้ตรวจนับ ร.ต.อ. ${t.a.users.CLERK.displayName}`);
      expect(text).toContain(`ผู้ปิดการตรวจนับ ร.ต.อ. ${t.a.users.CLERK.displayName}`);
      expect(text).toContain(`ผู้ลงนามรับรอง ร.ต.อ. ${t.a.users.COMMANDER.displayName}`);
      expect(page).toContain(`href="/incidents?auditId=${auditId}"`);

      // More MISSING than the page shows of one type: capped, with a page of that type alone.
      const [{ n: missing }] = await ownerRows(`SELECT count(*)::int AS n FROM audit_findings WHERE audit_id = $1 AND type = 'MISSING'`, [auditId]);
      expect(missing).toBeGreaterThan(50);
      expect(text).toContain(`แสดง 50 จาก ${missing} รายการ`);
      expect(section(page, 'MISSING').match(/<th scope="row" class="code">/g)).toHaveLength(50);
      const all = await screen('?type=MISSING');
      for (const b of bulk) expect(all).toContain(b.code);
      expect(all).not.toContain('id="finding-FOUND"');
    });
  });

  describe('the annual inspection and its committee', () => {
    it('needs a committee without clerks; then only its members count', async () => {
      const none = await writesNothing(() => as.SUPERVISOR.post('/audits', { kind: 'ANNUAL_PROPERTY' }));
      expect(expectPage(none, 422)).toContain('การตรวจสอบพัสดุประจำปีต้องมีคณะกรรมการที่ระบุชื่อ');
      const clerk = await writesNothing(() => as.SUPERVISOR.post('/audits', { kind: 'ANNUAL_PROPERTY', committee: [t.a.users.CLERK.id, t.a.users.AUDITOR.id] }));
      const page = expectPage(clerk, 422);
      expect(page).toContain('ต้องไม่ใช่เจ้าหน้าที่พัสดุ (ข้อ 213)');
      expect(page).toMatch(new RegExp(`value="${t.a.users.AUDITOR.id}" checked`));

      const at = expectSeeOther(await as.SUPERVISOR.post('/audits', { kind: 'ANNUAL_PROPERTY', committee: [t.a.users.AUDITOR.id, t.a.users.COMMANDER.id] }), /^\/audits\/[0-9a-f-]{36}$/);
      const members = await ownerRows(`SELECT user_id FROM audit_committee_members WHERE audit_id = $1 ORDER BY user_id`, [at.split('/')[2]]);
      expect(members.map((m) => m.user_id).sort()).toEqual([t.a.users.AUDITOR.id, t.a.users.COMMANDER.id].sort());
      const auditor = expectPage(await as.AUDITOR.get(at), 200);
      expect(auditor).toContain('id="f-code"');
      expect(auditor).toMatch(/<select id="f-condition" name="condition">/);
      const clerkView = expectPage(await as.CLERK.get(at), 200);
      expect(clerkView).not.toContain('id="f-code"');
      expect(clerkView).toContain('เฉพาะกรรมการที่ได้รับแต่งตั้งเท่านั้นที่ตรวจนับการตรวจนับนี้ได้');
      const refused = await writesNothing(() => as.CLERK.post(`${at}/scans`, { code: 'STA-WP69-000001' }));
      expect(refused.status).toBe(403);
    });
  });

  describe('incidents', () => {
    let incidentId: string;

    it('a clerk sees the list, open ones first, but no resolve form, and the post is refused', async () => {
      const list = expectPage(await as.CLERK.get('/incidents'), 200);
      expect(list).toContain('เหตุผิดปกติ');
      const [row] = await ownerRows(`SELECT id FROM discrepancies WHERE item_id = $1 AND kind = 'NOT_RETURNED'`, [gun.id]);
      incidentId = row.id;
      const page = expectPage(await as.CLERK.get(`/incidents/${incidentId}`), 200);
      expect(visibleText(page)).toContain('ไม่คืนเมื่อปิดผลัด');
      expect(visibleText(page)).toContain('ตามคำสั่งที่ 45/2569');
      expect(page).not.toContain(`action="/incidents/${incidentId}/resolve"`);
      expect(page).toContain('เฉพาะผู้บังคับบัญชาเท่านั้นที่ยุติเหตุผิดปกติได้');
      const res = await writesNothing(() => as.CLERK.post(`/incidents/${incidentId}/resolve`, { note: 'ตรวจแล้ว' }));
      expect(res.status).toBe(403);
      expect(res.text).toContain(FORBIDDEN_TH);
    });

    it('the commander resolves with a note, which is required', async () => {
      const page = expectPage(await as.COMMANDER.get(`/incidents/${incidentId}`), 200);
      expect(page).toContain(`action="/incidents/${incidentId}/resolve"`);
      const empty = await writesNothing(() => as.COMMANDER.post(`/incidents/${incidentId}/resolve`, { note: ' ' }));
      expect(expectPage(empty, 422)).toContain('กรุณากรอกช่องนี้');

      const note = 'ตรวจสอบคำสั่งไปราชการแล้ว ให้ส่งคืนเมื่อกลับถึงสถานี';
      expectSeeOther(await as.COMMANDER.post(`/incidents/${incidentId}/resolve`, { note }), new RegExp(`^/incidents/${incidentId}\\?done=resolved$`));
      const [row] = await ownerRows(`SELECT status, resolved_by, resolution_note FROM discrepancies WHERE id = $1`, [incidentId]);
      expect(row).toEqual({ status: 'RESOLVED', resolved_by: t.a.users.COMMANDER.id, resolution_note: note });
      const done = visibleText(expectPage(await as.COMMANDER.get(`/incidents/${incidentId}?done=resolved`), 200));
      expect(done).toContain('บันทึกการยุติแล้ว');
      expect(done).toContain(note);
      expect(done).toContain(`ผู้ยุติ ร.ต.อ. ${t.a.users.COMMANDER.displayName}`);

      const again = await writesNothing(() => as.COMMANDER.post(`/incidents/${incidentId}/resolve`, { note }));
      expect(expectPage(again, 409)).toContain('เหตุผิดปกตินี้ได้รับการแก้ไขแล้ว');
    });

    it('the list pages through open incidents first, then resolved ones; filters by status and kind', async () => {
      const all = await ownerRows<{ id: string; status: string }>(`SELECT id, status FROM discrepancies WHERE station_id = $1`, [t.a.station.id]);
      expect(all.length).toBeGreaterThan(50);
      const seen: string[] = [];
      for (let n = 1; n <= 10; n++) {
        const page = expectPage(await as.SUPERVISOR.get(`/incidents?page=${n}`), 200);
        const ids = [...page.matchAll(/<th scope="row"><a href="\/incidents\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
        if (!ids.length) break;
        seen.push(...ids);
      }
      expect([...seen].sort()).toEqual(all.map((r) => r.id).sort());
      const status = new Map(all.map((r) => [r.id, r.status]));
      const firstResolved = seen.findIndex((id) => status.get(id) === 'RESOLVED');
      expect(firstResolved).toBe(seen.length - all.filter((r) => r.status === 'RESOLVED').length);

      const resolved = expectPage(await as.SUPERVISOR.get('/incidents?status=RESOLVED'), 200);
      expect([...resolved.matchAll(/<th scope="row"><a href="\/incidents\/([0-9a-f-]{36})">/g)].map((m) => m[1])).toEqual([incidentId]);
      const dup = expectPage(await as.SUPERVISOR.get('/incidents?kind=DUPLICATE_SCAN&status=OPEN'), 200);
      const rows = visibleText(dup.slice(dup.indexOf('id="list"')));
      expect(rows).toContain('สแกนซ้ำในการตรวจนับ');
      expect(rows).not.toContain('ตรวจนับไม่พบ');
      expect(dup).toContain('<option value="DUPLICATE_SCAN" selected>');
      // A value the list does not know is dropped, not an error.
      expect(expectPage(await as.SUPERVISOR.get('/incidents?status=NOPE&kind=NOPE&page=x'), 200)).toContain('ทั้งหมด (ที่ยังไม่ยุติก่อน)');
    });

    it('an investigator may not read incidents', async () => {
      const res = await as.INVESTIGATOR.get('/incidents');
      expect(res.status).toBe(403);
      expect(res.text).toContain(FORBIDDEN_TH);
    });
  });

  describe('another station and bad ids', () => {
    it("another station's shift, count and incident answer the Thai 404 page, and its posts write nothing", async () => {
      const [audit] = await ownerRows(`SELECT id FROM audit_sessions WHERE station_id = $1 LIMIT 1`, [t.a.station.id]);
      const [incident] = await ownerRows(`SELECT id FROM discrepancies WHERE station_id = $1 LIMIT 1`, [t.a.station.id]);
      for (const [path, text] of [
        [`/shifts/${shiftId}`, 'ไม่พบผลัด'],
        [`/audits/${audit.id}`, 'ไม่พบการตรวจนับ'],
        [`/incidents/${incident.id}`, 'ไม่พบเหตุผิดปกติ'],
        ['/shifts/not-an-id', 'ไม่พบหน้าที่ต้องการ'],
      ]) {
        const res = await otherClerk.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.text).toContain(text);
      }
      const res = await writesNothing(() => otherClerk.post(`/audits/${audit.id}/scans`, { code: gun.code }));
      expect(res.status).toBe(404);
      const issue = await writesNothing(() => otherClerk.post(`/shifts/${shiftId}/return`, { returnCode: gun.code }));
      expect(issue.status).toBe(404);
      // Their own lists do not show station A's rows.
      expect(expectPage(await otherClerk.get('/shifts'), 200)).not.toContain(shiftId);
    });
  });

  describe('the system administrator', () => {
    it('reads the lists and pages of every station, without forms', async () => {
      const admin = pageClient(t, t.adminToken);
      const [audit] = await ownerRows(`SELECT id FROM audit_sessions WHERE station_id = $1 AND status = 'CLOSED' LIMIT 1`, [t.a.station.id]);
      const [incident] = await ownerRows(`SELECT id FROM discrepancies WHERE station_id = $1 LIMIT 1`, [t.a.station.id]);
      for (const path of ['/shifts', `/shifts/${shiftId}`, '/audits', `/audits/${audit.id}`, '/incidents', `/incidents/${incident.id}`]) {
        const page = expectPage(await admin.get(path), 200);
        expect({ path, form: /<form method="post" action="\/(shifts|audits|incidents)/.test(page) }).toEqual({ path, form: false });
      }
    });
  });

  describe('no English leftovers', () => {
    it('every operations page, and its error answers, reads in Thai', async () => {
      const [audit] = await ownerRows(`SELECT id FROM audit_sessions WHERE station_id = $1 AND status = 'CLOSED' LIMIT 1`, [t.a.station.id]);
      const [open] = await ownerRows(`SELECT id FROM audit_sessions WHERE station_id = $1 AND status = 'OPEN' LIMIT 1`, [t.a.station.id]);
      const [incident] = await ownerRows(`SELECT id FROM discrepancies WHERE station_id = $1 AND status = 'OPEN' LIMIT 1`, [t.a.station.id]);
      const pages: [string, Res][] = [
        ['shifts', await as.SUPERVISOR.get('/shifts')],
        ['shift', await as.SUPERVISOR.get(`/shifts/${shiftId}`)],
        ['audits', await as.SUPERVISOR.get('/audits')],
        ['closed count', await as.SUPERVISOR.get(`/audits/${audit.id}`)],
        ['open count', await as.AUDITOR.get(`/audits/${open.id}`)],
        ['incidents', await as.COMMANDER.get('/incidents')],
        ['incident', await as.COMMANDER.get(`/incidents/${incident.id}`)],
        ['refused return', await as.CLERK.post(`/shifts/${shiftId}/return`, { returnCode: 'STA-WP69-999999' })],
        ['refused scan', await as.AUDITOR.post(`/audits/${open.id}/scans`, { code: 'STA-WP69-999999' })],
        ['refused start', await as.CLERK.post('/audits', { kind: 'DAILY_ARMS', samplePercent: 'ห้าสิบ' })],
        ['refused resolve', await as.COMMANDER.post(`/incidents/${incident.id}/resolve`, {})],
      ];
      for (const [name, res] of pages) expect({ name, english: englishIn(res.text) }).toEqual({ name, english: [] });
    });
  });
});
