/**
 * The daily weapons book and the daily arms count (DESIGN §2 Shift arms issue and Audit session, §3 rules
 * 1, 3 and 4, §7 shifts and audits; DOMAIN-TH §4): a shift day of issues and returns to named officers,
 * closing with a reason for what stayed out, the rules of the book, the count that reconciles the armory
 * (in the armory + on issue + on loan + sent out = register), append-only scans and findings, one open
 * line per item across loans and shifts in the database, and concurrent issues of one weapon.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/common/clock.js';
import { auth, expectError, type Json, OwnerDb, type Res, THAI } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

type Body = Record<string, unknown>;

/** One owner (superuser) session for the file's checks of the database. */
const owner = new OwnerDb();
const { rows: ownerRows } = owner;

const W = (username = 'sta.supervisor', password = TEST_PASSWORD) => ({ username, password });


/** The answer had this status; else the body is shown. */
function expectStatus(res: Res, status: number): Json {
  expect(res.status === status ? status : `${res.status} ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

describe('shifts and the daily arms count (e2e)', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2026-11-25T08:00:00+07:00'));
  let safe2: Json;
  let officer2: Json;
  let gone: Json;
  let serial = 0;

  const post = (url: string, body: Body, token: string) => t.http().post(url).set(auth(token)).send(body);
  const get = (url: string, token: string) => t.http().get(url).set(auth(token));
  const tok = () => t.a.tokens;

  /** Every table a shift or a count writes to, and the chain heads: what a refused request must leave as it was. */
  async function state() {
    const digest = (table: string) => `(SELECT md5(coalesce(string_agg(row_to_json(x)::text, ',' ORDER BY x.id::text), '')) FROM ${table} x)`;
    const [row] = await ownerRows(
      `SELECT (SELECT count(*) FROM loan_items)::int AS loan_items,
              (SELECT count(*) FROM custody_events)::int AS custody_events,
              (SELECT count(*) FROM audit_log)::int AS audit_log,
              (SELECT count(*) FROM discrepancies)::int AS discrepancies,
              (SELECT count(*) FROM shifts)::int AS shifts,
              (SELECT count(*) FROM audit_sessions)::int AS audit_sessions,
              (SELECT count(*) FROM audit_scans)::int AS audit_scans,
              (SELECT count(*) FROM audit_findings)::int AS audit_findings,
              ${digest('items')} AS items_digest,
              ${digest('loan_items')} AS lines_digest,
              ${digest('shifts')} AS shifts_digest,
              ${digest('audit_sessions')} AS audits_digest,
              ${digest('loans')} AS loans_digest,
              (SELECT json_agg(json_build_object('chain', chain_key, 'seq', seq, 'hash', hash) ORDER BY chain_key) FROM audit_chain_heads) AS heads`,
    );
    return row;
  }

  /** A refused request: the status and code, a Thai message, and nothing written anywhere. */
  async function refused(send: () => Promise<Res>, status: number, code: string): Promise<Res> {
    const before = await state();
    const res = await send();
    expectError(res, status, code);
    expect(await state()).toEqual(before);
    return res;
  }

  async function register(body: Body, token = tok().CLERK): Promise<Json> {
    return expectStatus(await post('/api/items', body, token), 201);
  }
  const firearm = (over: Body = {}) =>
    register({ category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้น ขนาด 9 มม.', locationId: t.a.safe.id, serialNumber: `SN-${String(++serial).padStart(5, '0')}`, weapon: { make: 'Glock', model: '19', calibre: '9 มม.' }, witness: W(), ...over });
  const ammunition = (rounds: number, over: Body = {}) =>
    register({ category: 'WEAPON', kind: 'ammunition', description: `กระสุนปืน 9 มม. ${rounds} นัด`, quantity: rounds, unit: 'นัด', locationId: t.a.safe.id, weapon: { calibre: '9 มม.' }, witness: W(), ...over });
  const document = () => register({ category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชีเงินฝาก', locationId: t.a.room.id, evidence: { caseNumber: '310/2569' } });

  const openShift = async (name: string, token = tok().SUPERVISOR) => expectStatus(await post('/api/shifts', { name }, token), 201);
  const issue = (shiftId: string, body: Body, token = tok().CLERK) => post(`/api/shifts/${shiftId}/issue`, body, token);
  const giveBack = (shiftId: string, body: Body, token = tok().CLERK) => post(`/api/shifts/${shiftId}/return`, body, token);
  const closeShift = (shiftId: string, body: Body = {}, token = tok().SUPERVISOR) => post(`/api/shifts/${shiftId}/close`, body, token);
  const issueOk = async (shiftId: string, body: Body, token = tok().CLERK) => expectStatus(await issue(shiftId, body, token), 200);
  const returnOk = async (shiftId: string, body: Body, token = tok().CLERK) => expectStatus(await giveBack(shiftId, body, token), 200);
  const item = async (id: string) => expectStatus(await get(`/api/items/${id}`, tok().CLERK), 200);
  const lineOf = (shift: Json, code: string) => shift.issues.find((i: Json) => i.code === code);

  async function newUser(username: string, roles: string[] = ['OFFICER'], rank = 'ส.ต.อ.'): Promise<Json> {
    const res = await post('/api/users', { username, password: TEST_PASSWORD, displayName: `เจ้าหน้าที่ ${username}`, rank, roles, stationId: t.a.station.id }, t.adminToken);
    return expectStatus(res, 201);
  }

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await owner.open(t.db.ownerUrl);
    safe2 = expectStatus(await post('/api/locations', { code: 'SAFE2', name: 'ตู้นิรภัยอาวุธปืน 2', kind: 'SAFE', secure: true, stationId: t.a.station.id }, t.adminToken), 201);
    expect(safe2.secure).toBe(true);
    officer2 = await newUser('sta.officer2');
    gone = await newUser('sta.gone');
    expectStatus(await post(`/api/users/${gone.id}/deactivate`, {}, t.adminToken), 200);
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  // The count runs first, on a station whose only weapons are its own, so its findings are exact.
  describe('the daily arms count (POST /api/audits kind DAILY_ARMS)', () => {
    const w: Record<'found' | 'onShift' | 'onLoan' | 'sentOut' | 'leftOut' | 'unscanned', Json> = {} as never;
    let nightShift: Json;
    let lateShift: Json;
    let loan: Json;
    let doc: Json;
    let damaged: Json;
    let first: Json;
    let second: Json;

    const startCount = async (token = tok().CLERK, body: Body = { kind: 'DAILY_ARMS' }) => expectStatus(await post('/api/audits', body, token), 201);
    const scan = (auditId: string, body: Body, token = tok().CLERK) => post(`/api/audits/${auditId}/scans`, body, token);
    const scanOk = async (auditId: string, body: Body, token = tok().CLERK) => expectStatus(await scan(auditId, body, token), 201);
    const closeCount = (auditId: string, body: Body, token = tok().CLERK) => post(`/api/audits/${auditId}/close`, body, token);
    const typesByCode = (findings: Json[]) => findings.map((f) => `${f.code}:${f.type}`).sort();

    beforeAll(async () => {
      w.found = await firearm();
      w.onShift = await firearm();
      w.onLoan = await firearm();
      w.sentOut = await firearm({ sealNumber: 'WS-0004' });
      w.leftOut = await firearm();
      w.unscanned = await firearm();
      doc = await document();

      nightShift = await openShift('ผลัดกลางคืน 00.00–08.00 น.');
      await issueOk(nightShift.id, { officerId: t.a.users.OFFICER.id, code: w.onShift.code, witness: W('sta.officer') });

      lateShift = await openShift('ผลัดบ่าย 16.00–24.00 น.');
      await issueOk(lateShift.id, { officerCode: 'sta.officer2', code: w.leftOut.code, witness: W('sta.officer2') });
      expectStatus(await closeShift(lateShift.id, { unreturned: [{ code: w.leftOut.code, reason: 'เจ้าหน้าที่นำติดตัวไปราชการต่างจังหวัด' }] }), 200);

      loan = expectStatus(await post('/api/loans', { items: [{ itemId: w.onLoan.id }], purposeType: 'DUTY', purpose: 'ตั้งด่านตรวจ', offPremises: false, dueAt: '2026-11-26T08:00:00+07:00' }, tok().OFFICER), 201);
      expectStatus(await post(`/api/loans/${loan.id}/approve`, { note: 'อนุมัติ' }, tok().SUPERVISOR), 200);
      expect(expectStatus(await post(`/api/loans/${loan.id}/issue`, { items: [{ code: w.onLoan.code }], witness: W('sta.officer') }, tok().CLERK), 200).status).toBe('ISSUED');

      const out = expectStatus(
        await post(`/api/items/${w.sentOut.id}/events`, { type: 'SEND_OUT', recipient: 'กองสรรพาวุธ สำนักงานส่งกำลังบำรุง', destination: 'REPAIR', documentRef: 'ตช 0011.23/456', sealNumber: 'WS-0004', witness: W() }, tok().CLERK),
        201,
      );
      expect(out.item.status).toBe('SENT_OUT');
    });

    it('a count starts OPEN; its tally expects the weapons the record places in the store', async () => {
      first = await startCount();
      expect(first).toMatchObject({ kind: 'DAILY_ARMS', status: 'OPEN', scope: { category: 'WEAPON', locationId: null }, startedBy: { id: t.a.users.CLERK.id }, closedBy: null, countersignedBy: null });
      expect(first.tally).toEqual({ expected: 2, counted: 0, scanned: 0, scans: 0, duplicates: 0 });
      const read = expectStatus(await get(`/api/audits/${first.id}`, tok().OFFICER), 200);
      expect(read.findings).toBeUndefined();
      const [row] = await ownerRows(`SELECT action, after FROM audit_log WHERE entity_id = $1`, [first.id]);
      expect(row).toMatchObject({ action: 'AUDIT_STARTED', after: { kind: 'DAILY_ARMS', expected: 2 } });
    });

    it('closing reconciles: FOUND in the armory, AWAY on an open shift / an issued loan / sent out, MISSING left out on a closed shift or not scanned', async () => {
      const counted = await scanOk(first.id, { code: w.found.code, locationCode: 'STA-LOC-SAFE1' });
      expect(counted).toMatchObject({ outcome: 'COUNTED', duplicate: false, item: { id: w.found.id, code: w.found.code, status: 'IN_STORAGE' }, tally: { expected: 2, counted: 1, scans: 1, duplicates: 0 } });
      expect(counted.messageTh).toMatch(THAI);

      const closed = expectStatus(await closeCount(first.id, { witness: W('sta.commander'), note: 'ตรวจนับประจำวัน' }), 200);
      expect(closed).toMatchObject({
        status: 'CLOSED',
        closedBy: { id: t.a.users.CLERK.id },
        countersignedBy: { id: t.a.users.COMMANDER.id, displayName: t.a.users.COMMANDER.displayName },
        note: 'ตรวจนับประจำวัน',
        summary: { expected: 2, counted: 1, byType: { FOUND: 1, AWAY: 3, MISSING: 2 } },
      });
      expect(typesByCode(closed.findings)).toEqual(
        [`${w.found.code}:FOUND`, `${w.onShift.code}:AWAY`, `${w.onLoan.code}:AWAY`, `${w.sentOut.code}:AWAY`, `${w.leftOut.code}:MISSING`, `${w.unscanned.code}:MISSING`].sort(),
      );
      const detail = (code: string) => closed.findings.find((f: Json) => f.code === code).detail as string;
      expect(detail(w.onShift.code)).toContain(nightShift.name);
      expect(detail(w.onShift.code)).toContain(t.a.users.OFFICER.displayName);
      expect(detail(w.onLoan.code)).toContain(loan.id);
      expect(detail(w.sentOut.code)).toContain('กองสรรพาวุธ');
      expect(detail(w.leftOut.code)).toContain(lateShift.name);
      expect(detail(w.leftOut.code)).toContain('ราชการต่างจังหวัด');

      // GET answers the same findings once closed.
      const read = expectStatus(await get(`/api/audits/${first.id}`, tok().AUDITOR), 200);
      expect(typesByCode(read.findings)).toEqual(typesByCode(closed.findings));
      expect(read.summary).toEqual(closed.summary);

      // Each MISSING opens a discrepancy of the count; FOUND and AWAY open none.
      const rows = await ownerRows(`SELECT item_id, kind, status FROM discrepancies WHERE audit_id = $1 ORDER BY kind, item_id`, [first.id]);
      expect(rows.map((r) => `${r.item_id}:${r.kind}:${r.status}`).sort()).toEqual([`${w.leftOut.id}:MISSING:OPEN`, `${w.unscanned.id}:MISSING:OPEN`].sort());
      for (const missing of [w.leftOut, w.unscanned]) {
        const list = expectStatus(await get(`/api/incidents?itemId=${missing.id}`, tok().SUPERVISOR), 200);
        const fromCount = list.items.filter((d: Json) => d.auditId === first.id);
        expect(fromCount).toHaveLength(1);
        expect(fromCount[0]).toMatchObject({ kind: 'MISSING', itemId: missing.id, status: 'OPEN' });
      }
      // The weapon left out on the closed shift also carries the shift's NOT_RETURNED discrepancy.
      const left = expectStatus(await get(`/api/incidents?itemId=${w.leftOut.id}`, tok().SUPERVISOR), 200);
      expect(left.items.map((d: Json) => d.kind).sort()).toEqual(['MISSING', 'NOT_RETURNED']);
      const [audit] = await ownerRows(`SELECT action, after FROM audit_log WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [first.id]);
      expect(audit.action).toBe('AUDIT_CLOSED');
      expect(audit.after).toMatchObject({ status: 'CLOSED', countersignedBy: t.a.users.COMMANDER.id });
      expect(audit.after.incidents).toBe(2);
      // The log binds the findings by digest: SHA-256 of the sorted "itemId type" lines of the closed count.
      const shown = expectStatus(await get(`/api/audits/${first.id}`, tok().COMMANDER), 200);
      const lines = shown.findings.map((f: Json) => `${f.itemId} ${f.type}`).sort().join('\n');
      expect(audit.after.findingsSha256).toBe(createHash('sha256').update(lines).digest('hex'));
    });

    it('each scan answers at once: COUNTED, DUPLICATE, OUT_OF_SCOPE, RECORDED_AWAY, with the running tally', async () => {
      damaged = await firearm();
      second = await startCount();
      // In the store now: found, unscanned, damaged.
      expect(second.tally).toEqual({ expected: 3, counted: 0, scanned: 0, scans: 0, duplicates: 0 });

      const one = await scanOk(second.id, { code: w.found.code, locationCode: 'STA-LOC-SAFE1' });
      expect(one).toMatchObject({ outcome: 'COUNTED', duplicate: false, item: { code: w.found.code }, tally: { expected: 3, counted: 1, scans: 1, duplicates: 0 } });

      const again = await scanOk(second.id, { code: ` ${w.found.code.toLowerCase()} ` });
      expect(again).toMatchObject({ outcome: 'DUPLICATE', duplicate: true, item: { code: w.found.code }, tally: { expected: 3, counted: 1, scans: 2, duplicates: 1 } });
      expect(again.messageTh).toContain('สแกนซ้ำ');
      expect(again.scanId).toBeGreaterThan(one.scanId);

      const evidence = await scanOk(second.id, { code: doc.code });
      expect(evidence).toMatchObject({ outcome: 'OUT_OF_SCOPE', duplicate: false, item: { code: doc.code, status: 'IN_STORAGE' } });
      expect(evidence.tally).toMatchObject({ expected: 3, scans: 3, duplicates: 1 });
      expect(evidence.messageTh).toMatch(THAI);

      const away = await scanOk(second.id, { code: w.onShift.code });
      expect(away).toMatchObject({ outcome: 'RECORDED_AWAY', duplicate: false, item: { code: w.onShift.code, status: 'ON_LOAN' } });
      expect(away.tally).toMatchObject({ expected: 3, scans: 4, duplicates: 1 });
      expect(away.messageTh).toContain('ไม่อยู่ในคลัง');

      // The duty supervisor counts one in the other safe (misplaced); the clerk finds one damaged.
      const elsewhere = await scanOk(second.id, { code: w.unscanned.code, locationCode: 'STA-LOC-SAFE2' }, tok().SUPERVISOR);
      expect(elsewhere).toMatchObject({ outcome: 'COUNTED', duplicate: false, tally: { expected: 3, scans: 5, duplicates: 1 } });
      const worse = await scanOk(second.id, { code: damaged.code, locationCode: 'SAFE1', condition: 'DAMAGED' });
      expect(worse).toMatchObject({ outcome: 'COUNTED', duplicate: false, tally: { expected: 3, scans: 6, duplicates: 1 } });

      // `counted` is "x of expected": expected items scanned; `scanned` is every distinct item scanned.
      expect([one, again, evidence, away, elsewhere, worse].map((r) => r.tally.counted)).toEqual([1, 1, 1, 1, 2, 3]);
      expect([one, again, evidence, away, elsewhere, worse].map((r) => r.tally.scanned)).toEqual([1, 1, 2, 3, 4, 5]);

      const rows = await ownerRows(`SELECT item_id, location_id, condition, duplicate, scanned_by FROM audit_scans WHERE audit_id = $1 ORDER BY id`, [second.id]);
      expect(rows.map((r) => [r.item_id, r.location_id, r.condition, r.duplicate, r.scanned_by])).toEqual([
        [w.found.id, t.a.safe.id, null, false, t.a.users.CLERK.id],
        [w.found.id, null, null, true, t.a.users.CLERK.id],
        [doc.id, null, null, false, t.a.users.CLERK.id],
        [w.onShift.id, null, null, false, t.a.users.CLERK.id],
        [w.unscanned.id, safe2.id, null, false, t.a.users.SUPERVISOR.id],
        [damaged.id, t.a.safe.id, 'DAMAGED', false, t.a.users.CLERK.id],
      ]);
      expect((await ownerRows(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'AUDIT_SCAN'`, [second.id]))[0].n).toBe(6);
    });

    it('a scan of an unknown code → 404, of an unknown location → 422 LOCATION_NOT_FOUND, of another station’s item → 404; nothing written', async () => {
      await refused(() => scan(second.id, { code: 'STA-WP69-999999' }), 404, 'NOT_FOUND');
      await refused(() => scan(second.id, { code: damaged.code, locationCode: 'STA-LOC-NOPE' }), 422, 'LOCATION_NOT_FOUND');
      await refused(() => scan(second.id, { code: damaged.code, locationCode: 'STB-LOC-SAFE1' }), 422, 'LOCATION_NOT_FOUND');
      const theirs = await register({ category: 'WEAPON', kind: 'firearm', description: 'ปืนของสถานี B', locationId: t.b.safe.id, serialNumber: 'B-SN-1', witness: W('stb.supervisor') }, t.b.tokens.CLERK);
      await refused(() => scan(second.id, { code: theirs.code }), 404, 'NOT_FOUND');
      // Station B neither sees nor scans A's count.
      await refused(() => get(`/api/audits/${second.id}`, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      await refused(() => scan(second.id, { code: theirs.code }, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      await refused(() => closeCount(second.id, { witness: W('stb.commander') }, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      // Who counts: the clerk, the supervisor, the commander and the auditor.
      for (const role of ['OFFICER', 'INVESTIGATOR'] as const) {
        await refused(() => scan(second.id, { code: damaged.code }, tok()[role]), 403, 'FORBIDDEN');
        await refused(() => post('/api/audits', { kind: 'DAILY_ARMS' }, tok()[role]), 403, 'FORBIDDEN');
      }
    });

    it('closing needs a countersigner who did not count and is not the closer', async () => {
      await refused(() => closeCount(second.id, {}), 422, 'WITNESS_REQUIRED');
      const counted = await refused(() => closeCount(second.id, { witness: W('sta.supervisor') }), 422, 'COUNTERSIGNER_COUNTED');
      expect(counted.body.message).toMatch(/countersigner/i);
      await refused(() => closeCount(second.id, { witness: W('sta.clerk') }), 422, 'WITNESS_IS_ACTOR');
      await refused(() => closeCount(second.id, { witness: W('sta.commander', 'wrong-password') }), 422, 'WITNESS_INVALID');
    });

    it('closing answers every finding: DUPLICATE_SCAN and UNEXPECTED for those scans, MISPLACED and CONDITION_CHANGED', async () => {
      const closed = expectStatus(await closeCount(second.id, { witness: W('sta.auditor') }), 200);
      expect(closed).toMatchObject({ status: 'CLOSED', closedBy: { id: t.a.users.CLERK.id }, countersignedBy: { id: t.a.users.AUDITOR.id } });
      expect(typeof closed.closedAt).toBe('string');
      expect(typesByCode(closed.findings)).toEqual(
        [
          `${w.found.code}:FOUND`,
          `${w.found.code}:DUPLICATE_SCAN`,
          `${doc.code}:UNEXPECTED`,
          `${w.onShift.code}:UNEXPECTED`,
          `${w.onLoan.code}:AWAY`,
          `${w.sentOut.code}:AWAY`,
          `${w.leftOut.code}:MISSING`,
          `${w.unscanned.code}:FOUND`,
          `${w.unscanned.code}:MISPLACED`,
          `${damaged.code}:FOUND`,
          `${damaged.code}:CONDITION_CHANGED`,
        ].sort(),
      );
      expect(closed.summary).toEqual({ expected: 3, counted: 3, byType: { FOUND: 3, DUPLICATE_SCAN: 1, UNEXPECTED: 2, AWAY: 2, MISSING: 1, MISPLACED: 1, CONDITION_CHANGED: 1 } });
      const cond = closed.findings.find((f: Json) => f.type === 'CONDITION_CHANGED');
      expect(cond.detail).toBe('ทะเบียน ใช้การได้ พบ ชำรุด');
      // An incident for every finding that is not FOUND or AWAY (a duplicate scan too: it may be two items under one label).
      const rows = await ownerRows(`SELECT item_id, kind FROM discrepancies WHERE audit_id = $1`, [second.id]);
      expect(rows.map((r) => `${r.item_id}:${r.kind}`).sort()).toEqual(
        [`${w.leftOut.id}:MISSING`, `${doc.id}:UNEXPECTED`, `${w.onShift.id}:UNEXPECTED`, `${w.unscanned.id}:MISPLACED`, `${damaged.id}:CONDITION_CHANGED`, `${w.found.id}:DUPLICATE_SCAN`].sort(),
      );
      // Nothing on the record of the items themselves changed.
      expect(await item(damaged.id)).toMatchObject({ condition: 'GOOD', status: 'IN_STORAGE', locationId: t.a.safe.id });
      expect(await item(w.unscanned.id)).toMatchObject({ locationId: t.a.safe.id });
    });

    it('a closed count takes no second close and no scan (409 AUDIT_CLOSED)', async () => {
      await refused(() => closeCount(second.id, { witness: W('sta.commander') }), 409, 'AUDIT_CLOSED');
      await refused(() => scan(second.id, { code: damaged.code }), 409, 'AUDIT_CLOSED');
      await refused(() => scan(first.id, { code: w.unscanned.code }, tok().AUDITOR), 409, 'AUDIT_CLOSED');
    });

    it('a daily arms count counts every weapon: no other category, no sample (422)', async () => {
      await refused(() => post('/api/audits', { kind: 'DAILY_ARMS', scope: { category: 'EVIDENCE' } }, tok().CLERK), 422, 'SCOPE_NOT_FOR_KIND');
      await refused(() => post('/api/audits', { kind: 'DAILY_ARMS', samplePercent: 50 }, tok().CLERK), 422, 'FULL_COUNT_ONLY');
      await refused(() => post('/api/audits', { kind: 'DAILY_ARMS', scope: { locationId: t.b.safe.id } }, tok().CLERK), 422, 'LOCATION_NOT_FOUND');
    });

    it('a weapon left out on a closed shift with a long reason (as long as closing a shift accepts) is still reconciled as MISSING', async () => {
      // POST /api/shifts/:id/close takes a reason of up to 1000 characters; the count quotes it in the finding.
      const reason = `อาวุธปืนยังไม่ได้ส่งคืนเนื่องจากเจ้าหน้าที่ได้รับคำสั่งให้เดินทางไปราชการต่างจังหวัดเร่งด่วน ${'รายละเอียดตามบันทึกข้อความ '.repeat(30)}`.slice(0, 900);
      const gun = await firearm();
      const shift = await openShift('ผลัดพิเศษ ระหว่างเดินทางไปราชการ');
      await issueOk(shift.id, { officerId: officer2.id, code: gun.code, witness: W('sta.officer2') });
      expectStatus(await closeShift(shift.id, { unreturned: [{ code: gun.code, reason }] }), 200);
      const count = await startCount(tok().SUPERVISOR);
      const closed = expectStatus(await closeCount(count.id, { witness: W('sta.commander') }, tok().SUPERVISOR), 200);
      expect(closed.findings.filter((f: Json) => f.code === gun.code).map((f: Json) => f.type)).toEqual(['MISSING']);
      const rows = await ownerRows(`SELECT kind FROM discrepancies WHERE audit_id = $1 AND item_id = $2`, [count.id, gun.id]);
      expect(rows).toEqual([{ kind: 'MISSING' }]);
    });

    it('scans and findings are never changed or removed, even by the database owner', async () => {
      const attempts = [
        `UPDATE audit_scans SET duplicate = NOT duplicate WHERE audit_id = $1`,
        `DELETE FROM audit_scans WHERE audit_id = $1`,
        `UPDATE audit_findings SET detail = 'แก้ไข' WHERE audit_id = $1`,
        `DELETE FROM audit_findings WHERE audit_id = $1`,
      ];
      const before = await state();
      for (const sql of attempts) {
        await expect(owner.query(sql, [second.id])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/refused on audit_(scans|findings)/) });
      }
      for (const table of ['audit_scans', 'audit_findings']) {
        await expect(owner.query(`TRUNCATE ${table}`)).rejects.toMatchObject({ message: expect.stringContaining('refused') });
      }
      expect(await state()).toEqual(before);
      expect((await ownerRows(`SELECT count(*)::int AS n FROM audit_scans WHERE audit_id = $1`, [second.id]))[0].n).toBe(6);
      expect((await ownerRows(`SELECT count(*)::int AS n FROM audit_findings WHERE audit_id = $1`, [second.id]))[0].n).toBe(11);
    });
  });

  describe('a shift day', () => {
    const p: Json[] = [];
    let ammoA: Json;
    let ammoB: Json;
    let day: Json;
    let closedView: Json;
    const SPENT = 'ยิงปืนขึ้นฟ้าเตือนระหว่างระงับเหตุ ตาม ปจว. ข้อ 12';
    const REASON = 'ส่งซ่อมระหว่างเวร ตามบันทึกที่ 12/2569';

    beforeAll(async () => {
      for (let i = 0; i < 3; i++) p.push(await firearm({ description: `ปืนพกประจำกาย กระบอกที่ ${i + 1}` }));
      ammoA = await ammunition(50);
      ammoB = await ammunition(100);
      clock.set(new Date('2026-11-26T08:00:00+07:00'));
    });

    it('the SUPERVISOR opens the shift', async () => {
      day = await openShift('ผลัด 08.00–16.00 น. วันที่ 26 พ.ย. 2569');
      expect(day).toMatchObject({ status: 'OPEN', stationId: t.a.station.id, openedBy: { id: t.a.users.SUPERVISOR.id, displayName: t.a.users.SUPERVISOR.displayName }, closedBy: null, closedAt: null, outstanding: 0, issues: [] });
      expect(day.openedAt).toBe(new Date('2026-11-26T08:00:00+07:00').toISOString());
    });

    it('the clerk issues weapons and rounds to named officers (by id or badge), each co-signed by the receiving officer', async () => {
      const before = await state();
      await issueOk(day.id, { officerId: t.a.users.OFFICER.id, code: p[0].code, witness: W('sta.officer') });
      await issueOk(day.id, { officerCode: 'sta.officer', code: ammoA.code.toLowerCase(), quantity: 20, witness: W('sta.officer') });
      await issueOk(day.id, { officerCode: ' STA.OFFICER2 ', code: p[1].code, witness: W('sta.officer2') });
      const view = await issueOk(day.id, { officerId: officer2.id, code: ammoB.code, quantity: 30, witness: W('sta.officer2') });
      const after = await state();
      // Each issue: one line, one CHECKOUT, two audit rows (the movement and the book).
      expect({ lines: after.loan_items - before.loan_items, events: after.custody_events - before.custody_events, audit: after.audit_log - before.audit_log }).toEqual({ lines: 4, events: 4, audit: 8 });
      expect(view.outstanding).toBe(4);
      expect(view.issues).toHaveLength(4);
      const officer = { id: t.a.users.OFFICER.id, displayName: t.a.users.OFFICER.displayName, rank: t.a.users.OFFICER.rank };
      const other = { id: officer2.id, displayName: officer2.displayName, rank: 'ส.ต.อ.' };
      expect(lineOf(view, p[0].code)).toMatchObject({ officer, issuedBy: { id: t.a.users.CLERK.id }, kind: 'firearm', quantity: 1, returnedQuantity: 0, spentQuantity: 0, outstanding: 1, open: true, unreturnedReason: null });
      expect(lineOf(view, ammoA.code)).toMatchObject({ officer, kind: 'ammunition', unit: 'นัด', quantity: 20, outstanding: 20, open: true });
      expect(lineOf(view, p[1].code)).toMatchObject({ officer: other, quantity: 1, outstanding: 1 });
      expect(lineOf(view, ammoB.code)).toMatchObject({ officer: other, quantity: 30, outstanding: 30 });
      // The items are out, held by the officer; the witness on each line is the receiving officer.
      expect(await item(p[1].id)).toMatchObject({ status: 'ON_LOAN', locationId: null, holderId: officer2.id });
      expect(await item(ammoA.id)).toMatchObject({ status: 'ON_LOAN', quantity: 50, holderId: t.a.users.OFFICER.id });
      const lines = await ownerRows(`SELECT item_id, holder_id, witness_id, issued_by, from_location_id FROM loan_items WHERE shift_id = $1`, [day.id]);
      for (const l of lines) {
        expect(l.witness_id).toBe(l.holder_id);
        expect([l.issued_by, l.from_location_id]).toEqual([t.a.users.CLERK.id, t.a.safe.id]);
      }
      const [checkout] = await ownerRows(`SELECT type, quantity, witness_id, recipient FROM custody_events WHERE item_id = $1 AND type = 'CHECKOUT'`, [ammoA.id]);
      expect(checkout).toMatchObject({ quantity: '20.000', witness_id: t.a.users.OFFICER.id, recipient: `${t.a.users.OFFICER.rank} ${t.a.users.OFFICER.displayName}` });
    });

    it('GET /api/shifts/:id shows the book; GET /api/shifts?status=OPEN lists the open shifts', async () => {
      const read = expectStatus(await get(`/api/shifts/${day.id}`, tok().OFFICER), 200);
      expect(read.outstanding).toBe(4);
      expect(read.issues.map((i: Json) => [i.code, i.officer.displayName, i.quantity, i.outstanding]).sort()).toEqual(
        [
          [p[0].code, t.a.users.OFFICER.displayName, 1, 1],
          [ammoA.code, t.a.users.OFFICER.displayName, 20, 20],
          [p[1].code, officer2.displayName, 1, 1],
          [ammoB.code, officer2.displayName, 30, 30],
        ].sort(),
      );
      const open = expectStatus(await get('/api/shifts?status=OPEN', tok().COMMANDER), 200);
      const [{ n }] = await ownerRows(`SELECT count(*)::int AS n FROM shifts WHERE station_id = $1 AND status = 'OPEN'`, [t.a.station.id]);
      expect(open).toMatchObject({ total: n, page: 1 });
      expect(open.items.every((s: Json) => s.status === 'OPEN')).toBe(true);
      expect(open.items.map((s: Json) => s.id)).toContain(day.id);
      const closed = expectStatus(await get('/api/shifts?status=CLOSED', tok().COMMANDER), 200);
      expect(closed.items.map((s: Json) => s.id)).not.toContain(day.id);
      expect(closed.items.every((s: Json) => s.status === 'CLOSED')).toBe(true);
    });

    it('returns at shift end: a weapon back, rounds back with the spent ones and their reason', async () => {
      clock.set(new Date('2026-11-26T16:00:00+07:00'));
      const gun = await returnOk(day.id, { code: p[0].code, witness: W('sta.officer') });
      expect(gun.returned).toMatchObject({ code: p[0].code, returned: 1, spent: 0, closed: true });
      expect(gun.discrepancies).toEqual([]);
      expect(await item(p[0].id)).toMatchObject({ status: 'IN_STORAGE', locationId: t.a.safe.id, holderId: null });

      const rounds = await returnOk(day.id, { code: ammoA.code, spentQuantity: 5, spentReason: SPENT, witness: W('sta.officer') });
      expect(rounds.returned).toMatchObject({ returned: 15, spent: 5, closed: true });
      expect(lineOf(rounds, ammoA.code)).toMatchObject({ quantity: 20, returnedQuantity: 15, spentQuantity: 5, outstanding: 0, open: false });
      expect(await item(ammoA.id)).toMatchObject({ status: 'IN_STORAGE', quantity: 45, locationId: t.a.safe.id });
      const [ret] = await ownerRows(`SELECT quantity, reason, witness_id FROM custody_events WHERE item_id = $1 AND type = 'RETURN'`, [ammoA.id]);
      expect(ret).toMatchObject({ quantity: '15.000', witness_id: t.a.users.OFFICER.id });
      expect(ret.reason).toContain(SPENT);
      const [line] = await ownerRows(`SELECT spent_reason FROM loan_items WHERE shift_id = $1 AND item_id = $2`, [day.id, ammoA.id]);
      expect(line.spent_reason).toBe(SPENT);

      // Officer 2 brings the rounds back in two parts: all spent after all.
      const part = await returnOk(day.id, { code: ammoB.code, quantity: 20, witness: W('sta.officer2') });
      expect(part.returned).toMatchObject({ returned: 20, spent: 0, closed: false });
      expect(lineOf(part, ammoB.code)).toMatchObject({ outstanding: 10, open: true });
      expect((await item(ammoB.id)).status).toBe('ON_LOAN');
      const rest = await returnOk(day.id, { code: ammoB.code, spentQuantity: 10, spentReason: 'ฝึกยิงปืนประจำเดือน', witness: W('sta.officer2') });
      expect(rest.returned).toMatchObject({ returned: 0, spent: 10, closed: true });
      expect(await item(ammoB.id)).toMatchObject({ status: 'IN_STORAGE', quantity: 90 });
      expect(rest.outstanding).toBe(1);
    });

    it('closing with a weapon still out and no reason → 409 SHIFT_HAS_UNRETURNED naming it; nothing written', async () => {
      const res = await refused(() => closeShift(day.id, {}), 409, 'SHIFT_HAS_UNRETURNED');
      expect(res.body.details).toEqual({ codes: [p[1].code] });
      expect(res.body.message).toContain(p[1].code);
      expect(res.body.messageTh).toContain(p[1].code);
      // A reason for another code does not explain it; a reason for an item not out on the shift is refused.
      await refused(() => closeShift(day.id, { unreturned: [{ code: p[0].code, reason: 'x' }] }), 409, 'SHIFT_HAS_UNRETURNED');
      const stray = await refused(() => closeShift(day.id, { unreturned: [{ code: p[1].code, reason: REASON }, { code: p[2].code, reason: 'ไม่ได้เบิก' }] }), 422, 'NOT_OUT_ON_SHIFT');
      expect(stray.body.details).toEqual({ codes: [p[2].code] });
    });

    it('closing with the reason → 200: the line stays open with its reason, a NOT_RETURNED discrepancy, the officer still holds it', async () => {
      clock.set(new Date('2026-11-26T16:30:00+07:00'));
      closedView = expectStatus(await closeShift(day.id, { unreturned: [{ code: p[1].code.toLowerCase(), reason: REASON }] }), 200);
      expect(closedView).toMatchObject({ status: 'CLOSED', closedBy: { id: t.a.users.SUPERVISOR.id }, closedAt: new Date('2026-11-26T16:30:00+07:00').toISOString(), outstanding: 1 });
      expect(lineOf(closedView, p[1].code)).toMatchObject({ open: true, outstanding: 1, unreturnedReason: REASON, closedAt: null });
      expect(closedView.discrepancies).toHaveLength(1);
      expect(closedView.discrepancies[0]).toMatchObject({ kind: 'NOT_RETURNED', itemId: p[1].id, loanItemId: lineOf(closedView, p[1].code).lineId, note: REASON, status: 'OPEN' });

      const list = expectStatus(await get(`/api/incidents?itemId=${p[1].id}`, tok().SUPERVISOR), 200);
      expect(list.total).toBe(1);
      expect(list.items[0]).toMatchObject({ id: closedView.discrepancies[0].id, kind: 'NOT_RETURNED', note: REASON, auditId: null });
      expect(await item(p[1].id)).toMatchObject({ status: 'ON_LOAN', holderId: officer2.id, holder: { id: officer2.id } });

      const read = expectStatus(await get(`/api/shifts/${day.id}`, tok().CLERK), 200);
      expect(read).toMatchObject({ status: 'CLOSED', outstanding: 1 });
      const open = expectStatus(await get('/api/shifts?status=OPEN', tok().SUPERVISOR), 200);
      expect(open.items.map((s: Json) => s.id)).not.toContain(day.id);
      const closed = expectStatus(await get('/api/shifts?status=CLOSED', tok().SUPERVISOR), 200);
      expect(closed.items.map((s: Json) => s.id)).toContain(day.id);
      const [audit] = await ownerRows(`SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [day.id]);
      expect(audit).toMatchObject({ action: 'SHIFT_CLOSED', before: { status: 'OPEN' }, after: { status: 'CLOSED', unreturned: [{ code: p[1].code, reason: REASON }] } });
    });

    it('a closed shift takes no more issues and no second close (409 SHIFT_CLOSED); nothing written', async () => {
      await refused(() => issue(day.id, { officerId: t.a.users.OFFICER.id, code: p[2].code, witness: W('sta.officer') }), 409, 'SHIFT_CLOSED');
      await refused(() => issue(day.id, { officerId: t.a.users.OFFICER.id, code: ammoA.code, quantity: 5, witness: W('sta.officer') }, tok().SUPERVISOR), 409, 'SHIFT_CLOSED');
      await refused(() => closeShift(day.id, { unreturned: [{ code: p[1].code, reason: REASON }] }), 409, 'SHIFT_CLOSED');
    });

    it('the weapon left out is still returned later on the closed shift', async () => {
      clock.set(new Date('2026-11-27T09:00:00+07:00'));
      const back = await returnOk(day.id, { code: p[1].code, witness: W('sta.officer2'), note: 'รับคืนจากช่างซ่อม' });
      expect(back.returned).toMatchObject({ returned: 1, closed: true });
      expect(back).toMatchObject({ status: 'CLOSED', outstanding: 0 });
      expect(lineOf(back, p[1].code)).toMatchObject({ open: false, outstanding: 0, unreturnedReason: REASON, closedAt: new Date('2026-11-27T09:00:00+07:00').toISOString() });
      expect(await item(p[1].id)).toMatchObject({ status: 'IN_STORAGE', locationId: t.a.safe.id, holderId: null });
      await refused(() => giveBack(day.id, { code: p[1].code, witness: W('sta.officer2') }), 409, 'NOT_OUT_ON_SHIFT');
      // The book's audit trail, in order.
      const actions = await ownerRows(`SELECT action FROM audit_log WHERE entity_type = 'shift' AND entity_id = $1 ORDER BY seq`, [day.id]);
      expect(actions.map((a) => a.action)).toEqual(['SHIFT_OPENED', 'SHIFT_ISSUE', 'SHIFT_ISSUE', 'SHIFT_ISSUE', 'SHIFT_ISSUE', 'SHIFT_RETURN', 'SHIFT_RETURN', 'SHIFT_RETURN', 'SHIFT_RETURN', 'SHIFT_CLOSED', 'SHIFT_RETURN']);
    });
  });

  describe('the rules of the book', () => {
    let s2: Json;
    let s3: Json;
    let gun: Json;
    let spare: Json;
    let requested: Json;
    let rounds: Json;
    let doc: Json;
    let requestLoan: Json;

    beforeAll(async () => {
      s2 = await openShift('ผลัดตรวจกฎ 1');
      s3 = await openShift('ผลัดตรวจกฎ 2');
      gun = await firearm();
      spare = await firearm();
      requested = await firearm();
      rounds = await ammunition(40);
      doc = await document();
      await issueOk(s2.id, { officerId: t.a.users.OFFICER.id, code: gun.code, witness: W('sta.officer') });
      await issueOk(s2.id, { officerId: t.a.users.OFFICER.id, code: rounds.code, quantity: 10, witness: W('sta.officer') });
      requestLoan = expectStatus(await post('/api/loans', { items: [{ itemId: requested.id }], purposeType: 'TRAINING', purpose: 'ฝึกยิงปืน', offPremises: false, dueAt: '2026-11-28T17:00:00+07:00' }, tok().OFFICER), 201);
      expect(requestLoan.status).toBe('REQUESTED');
    });

    it('issuing what is not a weapon or ammunition (an evidence document) → 422 NOT_A_WEAPON', async () => {
      const res = await refused(() => issue(s2.id, { officerId: officer2.id, code: doc.code }), 422, 'NOT_A_WEAPON');
      expect(res.body.details).toEqual({ code: doc.code });
      await refused(() => issue(s2.id, { officerId: officer2.id, code: 'STA-WP69-999999', witness: W('sta.officer2') }), 404, 'NOT_FOUND');
    });

    it('the officer is named by exactly one of officerId and officerCode → else 422 OFFICER_REQUIRED', async () => {
      await refused(() => issue(s2.id, { code: spare.code, witness: W('sta.officer2') }), 422, 'OFFICER_REQUIRED');
      await refused(() => issue(s2.id, { officerId: officer2.id, officerCode: 'sta.officer2', code: spare.code, witness: W('sta.officer2') }), 422, 'OFFICER_REQUIRED');
    });

    it('an unknown, deactivated or other station’s officer → 422 OFFICER_NOT_FOUND', async () => {
      const bodies: Body[] = [
        { officerId: NO_SUCH_ID },
        { officerCode: 'no.such.officer' },
        { officerId: gone.id },
        { officerCode: 'sta.gone' },
        { officerId: t.b.users.OFFICER.id },
        { officerCode: 'stb.officer' },
        { officerId: t.admin.id },
      ];
      for (const body of bodies) await refused(() => issue(s2.id, { ...body, code: spare.code, witness: W() }), 422, 'OFFICER_NOT_FOUND');
    });

    it('nobody issues to themselves → 403 ISSUER_IS_HOLDER', async () => {
      await refused(() => issue(s2.id, { officerId: t.a.users.SUPERVISOR.id, code: spare.code, witness: W('sta.clerk') }, tok().SUPERVISOR), 403, 'ISSUER_IS_HOLDER');
      await refused(() => issue(s2.id, { officerCode: 'sta.clerk', code: spare.code, witness: W('sta.officer') }), 403, 'ISSUER_IS_HOLDER');
    });

    it('an item on an open shift issue or on an open loan (even only requested) → 409 ITEM_ON_OPEN_LOAN', async () => {
      const same = await refused(() => issue(s2.id, { officerId: officer2.id, code: gun.code, witness: W('sta.officer2') }), 409, 'ITEM_ON_OPEN_LOAN');
      expect(same.body.details).toMatchObject({ code: gun.code, shiftId: s2.id, loanId: null });
      await refused(() => issue(s3.id, { officerId: officer2.id, code: gun.code, witness: W('sta.officer2') }), 409, 'ITEM_ON_OPEN_LOAN');
      await refused(() => issue(s3.id, { officerId: officer2.id, code: rounds.code, quantity: 5, witness: W('sta.officer2') }), 409, 'ITEM_ON_OPEN_LOAN');
      const onLoan = await refused(() => issue(s3.id, { officerId: officer2.id, code: requested.code, witness: W('sta.officer2') }), 409, 'ITEM_ON_OPEN_LOAN');
      expect(onLoan.body.details).toMatchObject({ code: requested.code, loanId: requestLoan.id, shiftId: null });
      // And the other way round: a loan request for a weapon out on a shift.
      await refused(() => post('/api/loans', { items: [{ itemId: gun.id }], purposeType: 'DUTY', purpose: 'x', offPremises: false, dueAt: '2026-11-28T17:00:00+07:00' }, tok().INVESTIGATOR), 409, 'ITEM_ON_OPEN_LOAN');
    });

    it('a HIGH item without a witness → 422 WITNESS_REQUIRED (issue and return)', async () => {
      await refused(() => issue(s2.id, { officerId: officer2.id, code: spare.code }), 422, 'WITNESS_REQUIRED');
      await refused(() => issue(s2.id, { officerId: officer2.id, code: spare.code, witness: W('sta.clerk') }), 422, 'WITNESS_IS_ACTOR');
      await refused(() => giveBack(s2.id, { code: gun.code }), 422, 'WITNESS_REQUIRED');
    });

    it('returning what is not out on that shift → 409 NOT_OUT_ON_SHIFT', async () => {
      const res = await refused(() => giveBack(s2.id, { code: spare.code, witness: W('sta.officer') }), 409, 'NOT_OUT_ON_SHIFT');
      expect(res.body.details).toEqual({ code: spare.code });
      await refused(() => giveBack(s3.id, { code: gun.code, witness: W('sta.officer') }), 409, 'NOT_OUT_ON_SHIFT');
      await refused(() => giveBack(s2.id, { code: requested.code, witness: W('sta.officer') }), 409, 'NOT_OUT_ON_SHIFT');
    });

    it('returns are checked: spent rounds need a reason, only ammunition is spent, no more back than is out', async () => {
      await refused(() => giveBack(s2.id, { code: rounds.code, spentQuantity: 3, witness: W('sta.officer') }), 422, 'SPENT_REASON_REQUIRED');
      await refused(() => giveBack(s2.id, { code: gun.code, spentQuantity: 1, spentReason: 'x', witness: W('sta.officer') }), 422, 'SPENT_NOT_AMMUNITION');
      await refused(() => giveBack(s2.id, { code: rounds.code, quantity: 8, spentQuantity: 3, spentReason: 'ยิง', witness: W('sta.officer') }), 422, 'RETURN_EXCEEDS_OUTSTANDING');
      const small = await ammunition(10);
      await refused(() => issue(s3.id, { officerId: officer2.id, code: small.code, quantity: 11, witness: W('sta.officer2') }), 409, 'QUANTITY_EXCEEDS_ITEM');
    });

    it('the holder does not take back their own weapon → 403 RECEIVER_IS_HOLDER', async () => {
      const clerksGun = await firearm();
      await issueOk(s3.id, { officerCode: 'sta.clerk', code: clerksGun.code, witness: W('sta.clerk') }, tok().SUPERVISOR);
      await refused(() => giveBack(s3.id, { code: clerksGun.code, witness: W('sta.supervisor') }), 403, 'RECEIVER_IS_HOLDER');
      await returnOk(s3.id, { code: clerksGun.code, witness: W('sta.clerk') }, tok().SUPERVISOR);
    });

    it('only the SUPERVISOR opens and closes; OFFICER, INVESTIGATOR, AUDITOR (and COMMANDER) cannot issue or take back (403)', async () => {
      for (const role of ['CLERK', 'COMMANDER', 'OFFICER', 'INVESTIGATOR', 'AUDITOR'] as const) {
        await refused(() => post('/api/shifts', { name: 'ผลัดที่ไม่ควรเปิดได้' }, tok()[role]), 403, 'FORBIDDEN');
        await refused(() => closeShift(s3.id, {}, tok()[role]), 403, 'FORBIDDEN');
      }
      for (const role of ['COMMANDER', 'OFFICER', 'INVESTIGATOR', 'AUDITOR'] as const) {
        await refused(() => issue(s3.id, { officerId: officer2.id, code: spare.code, witness: W('sta.officer2') }, tok()[role]), 403, 'FORBIDDEN');
        await refused(() => giveBack(s2.id, { code: gun.code, witness: W('sta.officer2') }, tok()[role]), 403, 'FORBIDDEN');
      }
      await refused(() => post('/api/shifts', { name: 'ผลัดของผู้ดูแลระบบ' }, t.adminToken), 403, 'FORBIDDEN');
      // Everyone of the station reads the book.
      for (const role of ['OFFICER', 'INVESTIGATOR', 'AUDITOR'] as const) expectStatus(await get(`/api/shifts/${s2.id}`, tok()[role]), 200);
    });

    it('station B: another station’s shift is 404 to read, issue, return or close; nothing written', async () => {
      await refused(() => get(`/api/shifts/${s2.id}`, t.b.tokens.SUPERVISOR), 404, 'NOT_FOUND');
      await refused(() => get(`/api/shifts/${NO_SUCH_ID}`, tok().SUPERVISOR), 404, 'NOT_FOUND');
      const theirs = await register({ category: 'WEAPON', kind: 'firearm', description: 'ปืนของสถานี B', locationId: t.b.safe.id, serialNumber: 'B-SN-2', witness: W('stb.supervisor') }, t.b.tokens.CLERK);
      // B's clerk with B's own weapon and officer on A's shift: the shift is not found.
      await refused(() => issue(s2.id, { officerCode: 'stb.officer', code: theirs.code, witness: W('stb.officer') }, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      // With A's weapon code: not found either.
      await refused(() => issue(s2.id, { officerCode: 'stb.officer', code: spare.code, witness: W('stb.officer') }, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      await refused(() => giveBack(s2.id, { code: gun.code, witness: W('stb.officer') }, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      await refused(() => closeShift(s2.id, { unreturned: [{ code: gun.code, reason: 'x' }] }, t.b.tokens.SUPERVISOR), 404, 'NOT_FOUND');
      const list = expectStatus(await get('/api/shifts', t.b.tokens.SUPERVISOR), 200);
      expect(list).toMatchObject({ total: 0, items: [] });
      // A's clerk on A's shift with B's weapon: not found.
      await refused(() => issue(s2.id, { officerId: officer2.id, code: theirs.code, witness: W('sta.officer2') }), 404, 'NOT_FOUND');
    });
  });

  describe('one open line per item across loans and shifts, in the database', () => {
    let shift: Json;
    let gun: Json;
    let free: Json;

    beforeAll(async () => {
      shift = await openShift('ผลัดตรวจฐานข้อมูล');
      gun = await firearm();
      free = await firearm();
      await issueOk(shift.id, { officerId: t.a.users.OFFICER.id, code: gun.code, witness: W('sta.officer') });
    });

    it('a second open line (shift or loan) for an item on an open shift issue → uq_loan_items_open_item', async () => {
      const before = await state();
      await expect(
        owner.query(
          `INSERT INTO loan_items (station_id, shift_id, item_id, holder_id, quantity, issued_by, issued_at, open) VALUES ($1, $2, $3, $4, 1, $5, now(), true)`,
          [t.a.station.id, shift.id, gun.id, officer2.id, t.a.users.CLERK.id],
        ),
      ).rejects.toMatchObject({ code: '23505', constraint: 'uq_loan_items_open_item' });
      const [loan] = await ownerRows(`SELECT id FROM loans WHERE station_id = $1 LIMIT 1`, [t.a.station.id]);
      await expect(
        owner.query(`INSERT INTO loan_items (station_id, loan_id, item_id, holder_id, quantity) VALUES ($1, $2, $3, $4, 1)`, [t.a.station.id, loan.id, gun.id, officer2.id]),
      ).rejects.toMatchObject({ code: '23505', constraint: 'uq_loan_items_open_item' });
      expect(await state()).toEqual(before);
    });

    it('a line with neither or both of loan_id and shift_id → ck_loan_items_one_parent', async () => {
      const before = await state();
      await expect(
        owner.query(`INSERT INTO loan_items (station_id, item_id, holder_id, quantity, open) VALUES ($1, $2, $3, 1, true)`, [t.a.station.id, free.id, officer2.id]),
      ).rejects.toMatchObject({ code: '23514', constraint: 'ck_loan_items_one_parent' });
      const [loan] = await ownerRows(`SELECT id FROM loans WHERE station_id = $1 LIMIT 1`, [t.a.station.id]);
      await expect(
        owner.query(`INSERT INTO loan_items (station_id, loan_id, shift_id, item_id, holder_id, quantity, issued_by, issued_at, open) VALUES ($1, $2, $3, $4, $5, 1, $6, now(), true)`, [
          t.a.station.id,
          loan.id,
          shift.id,
          free.id,
          officer2.id,
          t.a.users.CLERK.id,
        ]),
      ).rejects.toMatchObject({ code: '23514', constraint: 'ck_loan_items_one_parent' });
      expect(await state()).toEqual(before);
    });
  });

  describe('concurrency', () => {
    it('20 concurrent issues of one weapon to 20 officers, on four open shifts: exactly one 200, the rest 409', async () => {
      const officers = await Promise.all(Array.from({ length: 20 }, (_, i) => newUser(`sta.duty${String(i + 1).padStart(2, '0')}`)));
      const shifts: Json[] = [];
      for (let i = 0; i < 4; i++) shifts.push(await openShift(`ผลัดพร้อมกัน ${i + 1}`));
      const gun = await firearm();
      const before = await state();
      const answers = await Promise.all(
        officers.map((o, i) => issue(shifts[i % shifts.length].id, { officerId: o.id, code: gun.code, witness: W(o.username) })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      for (const r of answers.filter((a) => a.status === 409)) {
        expect(['ITEM_ON_OPEN_LOAN', 'ITEM_NOT_IN_STORAGE']).toContain(r.body.code);
        expect(r.body.messageTh).toMatch(THAI);
      }
      const winnerIndex = statuses.indexOf(200);
      const winner = officers[winnerIndex];
      expect(lineOf(answers[winnerIndex].body, gun.code)).toMatchObject({ officer: { id: winner.id }, open: true });
      const after = await state();
      expect({ lines: after.loan_items - before.loan_items, events: after.custody_events - before.custody_events, audit: after.audit_log - before.audit_log, discrepancies: after.discrepancies - before.discrepancies }).toEqual({
        lines: 1,
        events: 1,
        audit: 2,
        discrepancies: 0,
      });
      const lines = await ownerRows(`SELECT shift_id, holder_id FROM loan_items WHERE item_id = $1 AND open`, [gun.id]);
      expect(lines).toEqual([{ shift_id: shifts[winnerIndex % shifts.length].id, holder_id: winner.id }]);
      expect(await item(gun.id)).toMatchObject({ status: 'ON_LOAN', holderId: winner.id });
    });
  });

  describe('at the end', () => {
    it('the audit chain of station A verifies after all of it (GET /api/audit-log/verify as COMMANDER)', async () => {
      const verify = expectStatus(await get('/api/audit-log/verify', tok().COMMANDER), 200);
      expect(verify).toMatchObject({ ok: true, firstBadSeq: null });
      const [{ n }] = await ownerRows(`SELECT count(*)::int AS n FROM audit_log WHERE station_id = $1`, [t.a.station.id]);
      expect(verify.entries).toBe(n);
      const b = expectStatus(await get('/api/audit-log/verify', t.b.tokens.COMMANDER), 200);
      expect(b.ok).toBe(true);
    });
  });
});
