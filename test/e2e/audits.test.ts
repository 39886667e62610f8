/**
 * Counts and incidents (DESIGN §2 Audit session, §3 rule 1, §7 audits and incidents; DOMAIN-TH §2 ข้อ 213):
 * a full evidence count with one of every planted problem and the incident each opens, blind counts,
 * reproducible samples, the annual inspection committee (service and trigger), closed items scanned in a
 * count, and the incidents' lists, counts and resolution by the commander only. The daily arms count is
 * covered by shifts.test.ts and not repeated here. Everything goes through HTTP on the real database;
 * refused requests are shown to write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { auth, expectError, type Json, OwnerDb, type Res, THAI } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const DAY = 86_400_000;

type Body = Record<string, unknown>;

/** One owner (superuser) session for the file's checks of the database. */
const owner = new OwnerDb();
const { rows: ownerRows, inRollback } = owner;

const W = (username = 'sta.supervisor', password = TEST_PASSWORD) => ({ username, password });
const sorted = <T>(xs: T[]) => [...xs].sort();

/** The documented sample rule (audits.repository.ts SAMPLE_RULE), recomputed independently of the server. */
function drawn(seed: string, itemId: string, percent: number): boolean {
  const first32 = parseInt(createHash('md5').update(`${seed}${itemId}`).digest('hex').slice(0, 8), 16);
  return first32 < (percent * 2 ** 32) / 100;
}


/** The answer had this status; else the body is shown. */
function expectStatus(res: Res, status: number): Json {
  expect(res.status === status ? status : `${res.status} ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

/** Every table a count or an incident writes to, and the chain heads: what a refused request must leave as it was. */
async function state() {
  const digest = (table: string) => `(SELECT md5(coalesce(string_agg(row_to_json(x)::text, ',' ORDER BY x.id::text), '')) FROM ${table} x)`;
  const [row] = await ownerRows(
    `SELECT (SELECT count(*) FROM audit_sessions)::int AS audit_sessions,
            (SELECT count(*) FROM audit_committee_members)::int AS committee,
            (SELECT count(*) FROM audit_scans)::int AS audit_scans,
            (SELECT count(*) FROM audit_findings)::int AS audit_findings,
            (SELECT count(*) FROM discrepancies)::int AS discrepancies,
            (SELECT count(*) FROM audit_log)::int AS audit_log,
            (SELECT count(*) FROM custody_events)::int AS custody_events,
            ${digest('audit_sessions')} AS audits_digest,
            ${digest('discrepancies')} AS discrepancies_digest,
            ${digest('items')} AS items_digest,
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

describe('counts and incidents (e2e)', () => {
  let t: TestApp;
  const loc: Record<'r2' | 'r3' | 'r4' | 'safe4' | 'r5' | 'r6', Json> = {} as never;
  let clerkSup: Json;
  let seal = 0;
  const nextSeal = (prefix = 'AS') => `${prefix}-${String(++seal).padStart(4, '0')}`;

  const post = (url: string, body: Body, token: string) => t.http().post(url).set(auth(token)).send(body);
  const get = (url: string, token: string) => t.http().get(url).set(auth(token));
  const tok = () => t.a.tokens;
  const id = (role: 'CLERK' | 'SUPERVISOR' | 'COMMANDER' | 'AUDITOR' | 'OFFICER' | 'INVESTIGATOR') => (t.a.users as Record<string, { id: string }>)[role].id;

  // ---- items, registered through POST /api/items ------------------------------------------------
  async function register(body: Body, token = tok().CLERK): Promise<Json> {
    return expectStatus(await post('/api/items', body, token), 201);
  }
  const ev = (caseNumber = '401/2569') => ({ caseNumber, seizedFrom: 'นายทดสอบ ตรวจนับ' });
  const doc = (locationId: string, description = 'สมุดบัญชีเงินฝากของกลาง') => register({ category: 'EVIDENCE', kind: 'document', description, locationId, evidence: ev() });
  const valuables = (locationId: string, over: Body = {}) =>
    register({ category: 'EVIDENCE', kind: 'valuables', description: 'สร้อยคอทองคำ หนัก 1 บาท', locationId, sealNumber: nextSeal('V'), evidence: ev(), witness: W(), ...over });
  const drugs = (locationId: string, over: Body = {}) =>
    register({ category: 'EVIDENCE', kind: 'drugs', description: 'ยาบ้า 10 เม็ด บรรจุถุงพลาสติกใส', quantity: 10, unit: 'เม็ด', locationId, sealNumber: nextSeal('D'), weightGrams: 1.25, evidence: ev(), witness: W(), ...over });
  const furniture = (locationId: string, description: string, over: Body = {}) => register({ category: 'PROPERTY', kind: 'furniture', description, locationId, ...over });

  // ---- counts ---------------------------------------------------------------------------------------
  const start = (body: Body, token = tok().CLERK) => post('/api/audits', body, token);
  const startOk = async (body: Body, token = tok().CLERK) => expectStatus(await start(body, token), 201);
  const scan = (auditId: string, body: Body, token = tok().CLERK) => post(`/api/audits/${auditId}/scans`, body, token);
  const scanOk = async (auditId: string, body: Body, token = tok().CLERK) => expectStatus(await scan(auditId, body, token), 201);
  const closeOk = async (auditId: string, body: Body, token = tok().CLERK) => expectStatus(await post(`/api/audits/${auditId}/close`, body, token), 200);
  const typesByCode = (findings: Json[]) => sorted(findings.map((f) => `${f.code}:${f.type}`));
  const incidentsOf = async (auditId: string) => expectStatus(await get(`/api/incidents?auditId=${auditId}&pageSize=200`, tok().COMMANDER), 200);

  async function newUser(username: string, roles: string[], stationId = t.a.station.id): Promise<Json> {
    return expectStatus(await post('/api/users', { username, password: TEST_PASSWORD, displayName: `เจ้าหน้าที่ ${username}`, rank: 'ร.ต.ท.', roles, stationId }, t.adminToken), 201);
  }
  async function newLocation(code: string, kind: string, parentId?: string): Promise<Json> {
    const body: Body = { code, name: `ที่เก็บทดสอบ ${code}`, kind, stationId: t.a.station.id, ...(kind === 'SAFE' ? { secure: true } : {}), ...(parentId ? { parentId } : {}) };
    return expectStatus(await post('/api/locations', body, t.adminToken), 201);
  }

  /** An evidence document closed through a disposal: requested by the clerk, approved by the commander, executed with a witness. */
  async function disposedDocument(locationId: string): Promise<Json> {
    const item = await doc(locationId, 'เอกสารของกลางที่ศาลสั่งให้ทำลาย');
    const disposal = expectStatus(await post('/api/disposals', { method: 'DESTROY', items: [{ itemId: item.id }], legalBasis: 'COURT_ORDER', documentRef: 'คำพิพากษาศาลจังหวัด คดีหมายเลขแดงที่ 77/2569' }, tok().CLERK), 201);
    expectStatus(await post(`/api/disposals/${disposal.id}/approve`, { note: 'อนุมัติให้ทำลาย' }, tok().COMMANDER), 200);
    expect(expectStatus(await post(`/api/disposals/${disposal.id}/execute`, { witness: W() }, tok().CLERK), 200).status).toBe('EXECUTED');
    const closed = expectStatus(await get(`/api/items/${item.id}`, tok().CLERK), 200);
    expect(closed.status).toBe('DISPOSED');
    return closed;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await owner.open(t.db.ownerUrl);
    loc.r2 = await newLocation('R2', 'ROOM');
    loc.r3 = await newLocation('R3', 'ROOM');
    loc.r4 = await newLocation('R4', 'ROOM');
    loc.safe4 = await newLocation('SAFE4', 'SAFE', loc.r4.id);
    expect(loc.safe4.secure).toBe(true);
    loc.r5 = await newLocation('R5', 'ROOM');
    loc.r6 = await newLocation('R6', 'ROOM');
    clerkSup = await newUser('sta.clerksup', ['CLERK', 'SUPERVISOR']);
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  // =================================================================================================
  // Runs first: the only evidence in R1 and SAFE1 is what it plants, so its findings are exact.
  describe('a full evidence count with planted problems', () => {
    const e: Record<'roomA' | 'roomB' | 'roomC' | 'highFound' | 'missing' | 'misplaced' | 'sealed' | 'twice' | 'onLoan' | 'outside' | 'property', Json> = {} as never;
    let loan: Json;
    let count: Json;
    let closed: Json;

    beforeAll(async () => {
      e.roomA = await doc(t.a.room.id);
      e.roomB = await doc(t.a.room.id);
      e.roomC = await doc(t.a.room.id);
      e.highFound = await valuables(t.a.safe.id);
      e.missing = await doc(t.a.room.id, 'ซองเอกสารที่ไม่มีผู้สแกน');
      e.misplaced = await doc(t.a.room.id, 'แฟ้มเอกสารที่ถูกวางผิดที่');
      e.sealed = await drugs(t.a.safe.id);
      e.twice = await doc(t.a.room.id, 'สมุดที่ถูกสแกนสองครั้ง');
      e.onLoan = await drugs(t.a.safe.id);
      e.outside = await doc(loc.r2.id, 'เอกสารในห้อง R2 นอกขอบเขต');
      e.property = await furniture(t.a.room.id, 'ตู้เหล็กเก็บเอกสาร (ไม่ใช่ของกลาง)');
      expect([e.highFound.riskClass, e.sealed.riskClass, e.onLoan.riskClass, e.roomA.riskClass]).toEqual(['HIGH', 'HIGH', 'HIGH', 'NORMAL']);

      // The loan: an investigator asks, the supervisor approves, the clerk issues with a witness and the blind values.
      loan = expectStatus(
        await post('/api/loans', { items: [{ itemId: e.onLoan.id }], purposeType: 'COURT', purpose: 'นำส่งศาลจังหวัดประกอบการพิจารณาคดี', offPremises: false, dueAt: new Date(Date.now() + 2 * DAY).toISOString() }, tok().INVESTIGATOR),
        201,
      );
      expectStatus(await post(`/api/loans/${loan.id}/approve`, { note: 'อนุมัติ' }, tok().SUPERVISOR), 200);
      const issued = expectStatus(await post(`/api/loans/${loan.id}/issue`, { items: [{ code: e.onLoan.code, sealNumber: e.onLoan.sealNumber, weightGrams: e.onLoan.weightGrams }], witness: W('sta.commander') }, tok().CLERK), 200);
      expect(issued.status).toBe('ISSUED');
      expect(issued.discrepancies).toEqual([]);
      expect(expectStatus(await get(`/api/items/${e.onLoan.id}`, tok().CLERK), 200).status).toBe('ON_LOAN');
    });

    it('a MONTHLY_EVIDENCE count with samplePercent 100 is a full count: no sample; the tally expects what is in R1 and its safe', async () => {
      count = await startOk({ kind: 'MONTHLY_EVIDENCE', scope: { locationId: t.a.room.id }, samplePercent: 100 });
      expect(count).toMatchObject({ kind: 'MONTHLY_EVIDENCE', status: 'OPEN', blind: false, sample: null, scope: { category: 'EVIDENCE', locationId: t.a.room.id }, committee: [], startedBy: { id: id('CLERK') } });
      // Eight evidence items in storage in R1 and SAFE1; the one on loan and the property item are not expected.
      expect(count.tally).toEqual({ expected: 8, counted: 0, scanned: 0, scans: 0, duplicates: 0 });
      const [row] = await ownerRows(`SELECT sample_percent, sample_seed FROM audit_sessions WHERE id = $1`, [count.id]);
      expect(row).toEqual({ sample_percent: null, sample_seed: null });
      const expected = expectStatus(await get(`/api/audits/${count.id}/expected`, tok().AUDITOR), 200);
      expect(expected).toMatchObject({ auditId: count.id, sample: null, total: 8 });
      expect(sorted(expected.items.map((i: Json) => i.itemId))).toEqual(sorted([e.roomA, e.roomB, e.roomC, e.highFound, e.missing, e.misplaced, e.sealed, e.twice].map((i) => i.id)));
      const where = Object.fromEntries(expected.items.map((i: Json) => [i.itemId, i.location.code]));
      expect([where[e.roomA.id], where[e.highFound.id], where[e.sealed.id]]).toEqual(['R1', 'SAFE1', 'SAFE1']);
    });

    it('each scan answers at once: COUNTED, DUPLICATE, OUT_OF_SCOPE', async () => {
      const answers: Json[] = [];
      answers.push(await scanOk(count.id, { code: e.roomA.code, locationCode: 'STA-LOC-R1' }));
      answers.push(await scanOk(count.id, { code: e.roomB.code.toLowerCase(), locationCode: 'R1' }));
      answers.push(await scanOk(count.id, { code: e.roomC.code }, tok().SUPERVISOR));
      // The record's seal, typed in lower case with spaces: the same seal.
      answers.push(await scanOk(count.id, { code: e.highFound.code, locationCode: 'STA-LOC-SAFE1', sealNumber: ` ${e.highFound.sealNumber.toLowerCase()} ` }));
      answers.push(await scanOk(count.id, { code: e.misplaced.code, locationCode: 'STA-LOC-SAFE1' }));
      answers.push(await scanOk(count.id, { code: e.sealed.code, locationCode: 'SAFE1', sealNumber: 'D-9999' }, tok().SUPERVISOR));
      answers.push(await scanOk(count.id, { code: e.twice.code, locationCode: 'R1' }));
      answers.push(await scanOk(count.id, { code: e.twice.code, locationCode: 'R1' }, tok().SUPERVISOR));
      answers.push(await scanOk(count.id, { code: e.outside.code, locationCode: 'STA-LOC-R1' }));

      expect(answers.map((a) => a.outcome)).toEqual(['COUNTED', 'COUNTED', 'COUNTED', 'COUNTED', 'COUNTED', 'COUNTED', 'COUNTED', 'DUPLICATE', 'OUT_OF_SCOPE']);
      expect(answers.map((a) => a.duplicate)).toEqual([false, false, false, false, false, false, false, true, false]);
      expect(answers.map((a) => a.tally.counted)).toEqual([1, 2, 3, 4, 5, 6, 7, 7, 7]);
      expect(answers.map((a) => a.tally.scanned)).toEqual([1, 2, 3, 4, 5, 6, 7, 7, 8]);
      expect(answers.at(-1)!.tally).toEqual({ expected: 8, counted: 7, scanned: 8, scans: 9, duplicates: 1 });
      expect(answers[0].item).toEqual({ id: e.roomA.id, code: e.roomA.code, description: e.roomA.description, status: 'IN_STORAGE' });
      expect(answers[7].messageTh).toContain('สแกนซ้ำ');
      expect(answers[8].messageTh).toMatch(THAI);
      for (const a of answers) expect(a.messageTh).toMatch(THAI);
    });

    it('closing (countersigned by someone who did not scan) finds exactly the planted problems', async () => {
      closed = await closeOk(count.id, { witness: W('sta.commander'), note: 'ตรวจนับของกลางประจำเดือน' });
      expect(closed).toMatchObject({ status: 'CLOSED', closedBy: { id: id('CLERK') }, countersignedBy: { id: id('COMMANDER') }, note: 'ตรวจนับของกลางประจำเดือน' });
      expect(sorted(closed.counters.map((c: Json) => c.id))).toEqual(sorted([id('CLERK'), id('SUPERVISOR')]));
      expect(typesByCode(closed.findings)).toEqual(
        sorted([
          `${e.roomA.code}:FOUND`,
          `${e.roomB.code}:FOUND`,
          `${e.roomC.code}:FOUND`,
          `${e.highFound.code}:FOUND`,
          `${e.misplaced.code}:FOUND`,
          `${e.misplaced.code}:MISPLACED`,
          `${e.sealed.code}:FOUND`,
          `${e.sealed.code}:SEAL_MISMATCH`,
          `${e.twice.code}:FOUND`,
          `${e.twice.code}:DUPLICATE_SCAN`,
          `${e.missing.code}:MISSING`,
          `${e.onLoan.code}:AWAY`,
          `${e.outside.code}:UNEXPECTED`,
        ]),
      );
      expect(closed.summary).toEqual({ expected: 8, counted: 7, byType: { FOUND: 7, AWAY: 1, MISSING: 1, MISPLACED: 1, UNEXPECTED: 1, SEAL_MISMATCH: 1, DUPLICATE_SCAN: 1 } });
      const finding = (type: string) => closed.findings.find((f: Json) => f.type === type);
      expect(finding('SEAL_MISMATCH').detail).toContain(e.sealed.sealNumber);
      expect(finding('SEAL_MISMATCH').detail).toContain('D-9999');
      expect(finding('AWAY').detail).toContain(loan.id);
      expect(finding('AWAY').detail).toContain(t.a.users.INVESTIGATOR.displayName);
      expect(finding('DUPLICATE_SCAN').detail).toContain('2');
      // The property item in R1 and the untouched items elsewhere are not in the findings.
      expect(closed.findings.map((f: Json) => f.itemId)).not.toContain(e.property.id);
      // GET answers the same.
      const read = expectStatus(await get(`/api/audits/${count.id}`, tok().INVESTIGATOR), 200);
      expect(typesByCode(read.findings)).toEqual(typesByCode(closed.findings));
      expect(read.summary).toEqual(closed.summary);
    });

    it('each finding that is not FOUND or AWAY opens exactly one incident (GET /api/incidents?auditId=)', async () => {
      const list = await incidentsOf(count.id);
      expect(list.total).toBe(5);
      expect(sorted(list.items.map((d: Json) => `${d.itemId}:${d.kind}`))).toEqual(
        sorted([`${e.missing.id}:MISSING`, `${e.misplaced.id}:MISPLACED`, `${e.outside.id}:UNEXPECTED`, `${e.sealed.id}:SEAL_MISMATCH`, `${e.twice.id}:DUPLICATE_SCAN`]),
      );
      for (const d of list.items) {
        expect(d).toMatchObject({ status: 'OPEN', auditId: count.id, stationId: t.a.station.id, reportedBy: { id: id('CLERK') }, resolvedBy: null, resolvedAt: null, resolutionNote: null });
        expect(d.item).toMatchObject({ id: d.itemId });
        expect(d.note).toMatch(THAI);
      }
      const rows = await ownerRows(`SELECT kind, count(*)::int AS n FROM discrepancies WHERE audit_id = $1 GROUP BY kind ORDER BY kind`, [count.id]);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      expect(rows).toHaveLength(5);
      // Nothing on the items' own record changed.
      expect(expectStatus(await get(`/api/items/${e.misplaced.id}`, tok().CLERK), 200)).toMatchObject({ locationId: t.a.room.id, status: 'IN_STORAGE' });
      expect(expectStatus(await get(`/api/items/${e.sealed.id}`, tok().CLERK), 200)).toMatchObject({ sealNumber: e.sealed.sealNumber });
    });
  });

  // =================================================================================================
  describe('a blind count', () => {
    const b: Record<'one' | 'two' | 'unscanned' | 'outside', Json> = {} as never;
    let gone: Json;
    let count: Json;

    beforeAll(async () => {
      b.one = await doc(loc.r3.id);
      b.two = await doc(loc.r3.id);
      b.unscanned = await doc(loc.r3.id);
      b.outside = await doc(loc.r2.id);
      gone = await disposedDocument(loc.r3.id);
    });

    it('starts blind: the tally withholds expected and counted, for every reader and in the list', async () => {
      count = await startOk({ kind: 'MONTHLY_EVIDENCE', scope: { locationId: loc.r3.id }, samplePercent: 100, blind: true }, tok().SUPERVISOR);
      expect(count).toMatchObject({ blind: true, status: 'OPEN', sample: null });
      expect(count.tally).toEqual({ expected: null, counted: null, scanned: 0, scans: 0, duplicates: 0 });
      for (const role of ['CLERK', 'SUPERVISOR', 'COMMANDER', 'AUDITOR', 'OFFICER', 'INVESTIGATOR'] as const) {
        const read = expectStatus(await get(`/api/audits/${count.id}`, tok()[role]), 200);
        expect(read.tally).toMatchObject({ expected: null, counted: null });
        expect(read.findings).toBeUndefined();
      }
      const list = expectStatus(await get('/api/audits?status=OPEN', tok().CLERK), 200);
      expect(list.items.find((a: Json) => a.id === count.id).tally).toMatchObject({ expected: null, counted: null });
    });

    it('GET /api/audits/:id/expected → 409 EXPECTED_LIST_HIDDEN while open, for every role (the commander too)', async () => {
      for (const token of [...Object.values(tok()), t.adminToken]) expectError(await get(`/api/audits/${count.id}/expected`, token), 409, 'EXPECTED_LIST_HIDDEN');
      // Another station's commander does not learn the count exists.
      expectError(await get(`/api/audits/${count.id}/expected`, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      expectError(await get(`/api/audits/${count.id}`, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
    });

    it('scans answer RECORDED or DUPLICATE only: never the item’s status, never the expected figures', async () => {
      const answers = [
        await scanOk(count.id, { code: b.one.code, locationCode: 'STA-LOC-R3' }),
        await scanOk(count.id, { code: b.one.code }, tok().AUDITOR),
        await scanOk(count.id, { code: b.two.code }, tok().AUDITOR),
        await scanOk(count.id, { code: b.outside.code }),
        await scanOk(count.id, { code: gone.code }),
      ];
      expect(answers.map((a) => a.outcome)).toEqual(['RECORDED', 'DUPLICATE', 'RECORDED', 'RECORDED', 'RECORDED']);
      for (const a of answers) {
        expect(Object.keys(a.item).sort()).toEqual(['code', 'description', 'id']);
        expect(a.tally).toMatchObject({ expected: null, counted: null });
        expect(a.messageTh).toMatch(THAI);
      }
      expect(answers.map((a) => [a.tally.scanned, a.tally.scans, a.tally.duplicates])).toEqual([[1, 1, 0], [1, 2, 1], [2, 3, 1], [3, 4, 1], [4, 5, 1]]);
      expect(answers[4].item).toEqual({ id: gone.id, code: gone.code, description: gone.description });
      expectError(await get(`/api/audits/${count.id}/expected`, tok().COMMANDER), 409, 'EXPECTED_LIST_HIDDEN');
    });

    it('after close, the expected list is shown and the findings are computed as in an open count', async () => {
      const closed = await closeOk(count.id, { witness: W('sta.commander') }, tok().SUPERVISOR);
      expect(typesByCode(closed.findings)).toEqual(
        sorted([`${b.one.code}:FOUND`, `${b.one.code}:DUPLICATE_SCAN`, `${b.two.code}:FOUND`, `${b.unscanned.code}:MISSING`, `${b.outside.code}:UNEXPECTED`, `${gone.code}:UNEXPECTED`]),
      );
      expect(closed.summary).toEqual({ expected: 3, counted: 2, byType: { FOUND: 2, DUPLICATE_SCAN: 1, MISSING: 1, UNEXPECTED: 2 } });
      const read = expectStatus(await get(`/api/audits/${count.id}`, tok().CLERK), 200);
      expect(read.tally).toMatchObject({ expected: 3, counted: 2, scanned: 4, scans: 5, duplicates: 1 });
      const expected = expectStatus(await get(`/api/audits/${count.id}/expected`, tok().CLERK), 200);
      expect(expected.total).toBe(3);
      expect(sorted(expected.items.map((i: Json) => i.itemId))).toEqual(sorted([b.one.id, b.two.id, b.unscanned.id]));
      const incidents = await incidentsOf(count.id);
      expect(sorted(incidents.items.map((d: Json) => `${d.itemId}:${d.kind}`))).toEqual(
        sorted([`${b.one.id}:DUPLICATE_SCAN`, `${b.unscanned.id}:MISSING`, `${b.outside.id}:UNEXPECTED`, `${gone.id}:UNEXPECTED`]),
      );
    });
  });

  // =================================================================================================
  describe('a sample: every HIGH item and a reproducible share of the rest', () => {
    const normal: Json[] = [];
    const high: Json[] = [];
    const ids = () => [...normal, ...high];
    /** The items the documented rule draws for this seed and percent. */
    const sampleOf = (seed: string, percent: number) => sorted(ids().filter((i) => i.riskClass === 'HIGH' || drawn(seed, i.id, percent)).map((i) => i.id));
    let first: Json;

    beforeAll(async () => {
      for (let i = 0; i < 40; i++) normal.push(await doc(loc.r4.id, `เอกสารของกลางชุดตัวอย่าง ลำดับ ${i + 1}`));
      for (let i = 0; i < 5; i++) high.push(await valuables(loc.safe4.id, { description: `ทรัพย์มีค่าชุดตัวอย่าง ลำดับ ${i + 1}` }));
      expect(normal.every((i) => i.riskClass === 'NORMAL')).toBe(true);
      expect(high.every((i) => i.riskClass === 'HIGH')).toBe(true);
    });

    it('a SPOT count at 30% stores its seed; the expected list is exactly the documented rule over that seed, every HIGH item in it', async () => {
      first = await startOk({ kind: 'SPOT', scope: { category: 'EVIDENCE', locationId: loc.r4.id }, samplePercent: 30 });
      expect(first.sample).toEqual({ percent: 30, seed: expect.stringMatching(/^[0-9a-f]{16}$/) });
      const [row] = await ownerRows(`SELECT sample_percent::float8 AS percent, sample_seed AS seed FROM audit_sessions WHERE id = $1`, [first.id]);
      expect(row).toEqual({ percent: 30, seed: first.sample.seed });

      const expected = expectStatus(await get(`/api/audits/${first.id}/expected`, tok().AUDITOR), 200);
      const listed = sorted(expected.items.map((i: Json) => i.itemId));
      expect(listed).toEqual(sampleOf(first.sample.seed, 30));
      for (const h of high) expect(listed).toContain(h.id);
      expect(expected.items.filter((i: Json) => i.riskClass === 'HIGH')).toHaveLength(5);
      expect(expected).toMatchObject({ sample: first.sample, total: listed.length });
      expect(first.tally.expected).toBe(listed.length);
      // A share, not all and not none, of the 40 NORMAL items (the chance of either at 30% is below 1e-6).
      const drawnNormal = listed.length - 5;
      expect(drawnNormal).toBeGreaterThan(0);
      expect(drawnNormal).toBeLessThan(40);
    });

    it('a NORMAL item outside the sample is OUT_OF_SCOPE when scanned; one inside is COUNTED', async () => {
      const seed = first.sample.seed as string;
      const outOfSample = normal.find((i) => !drawn(seed, i.id, 30))!;
      const inSample = normal.find((i) => drawn(seed, i.id, 30))!;
      expect((await scanOk(first.id, { code: outOfSample.code })).outcome).toBe('OUT_OF_SCOPE');
      expect((await scanOk(first.id, { code: inSample.code })).outcome).toBe('COUNTED');
      expect((await scanOk(first.id, { code: high[0].code })).outcome).toBe('COUNTED');
    });

    it('a second count gets a different seed, and its own list follows the rule', async () => {
      const second = await startOk({ kind: 'SPOT', scope: { locationId: loc.r4.id }, samplePercent: 30 }, tok().AUDITOR);
      expect(second.sample.percent).toBe(30);
      expect(second.sample.seed).not.toBe(first.sample.seed);
      const expected = expectStatus(await get(`/api/audits/${second.id}/expected`, tok().CLERK), 200);
      expect(sorted(expected.items.map((i: Json) => i.itemId))).toEqual(sampleOf(second.sample.seed, 30));
      // The first count's list is unchanged: reproducible from its stored seed.
      const again = expectStatus(await get(`/api/audits/${first.id}/expected`, tok().CLERK), 200);
      expect(sorted(again.items.map((i: Json) => i.itemId))).toEqual(sampleOf(first.sample.seed, 30));
    });

    it('a SPOT count without samplePercent counts everything in scope', async () => {
      const full = await startOk({ kind: 'SPOT', scope: { locationId: loc.r4.id } });
      expect(full.sample).toBeNull();
      expect(full.tally.expected).toBe(45);
    });

    it('MONTHLY_EVIDENCE without samplePercent takes the station setting samplingPercent (default 20, then as set by the admin)', async () => {
      const byDefault = await startOk({ kind: 'MONTHLY_EVIDENCE', scope: { locationId: loc.r4.id } });
      expect(byDefault.sample).toEqual({ percent: 20, seed: expect.stringMatching(/^[0-9a-f]{16}$/) });
      const patched = expectStatus(await t.http().patch(`/api/stations/${t.a.station.id}/settings`).set(auth(t.adminToken)).send({ settings: { samplingPercent: 35 } }), 200);
      expect(patched.settings.samplingPercent).toBe(35);
      const bySetting = await startOk({ kind: 'MONTHLY_EVIDENCE', scope: { locationId: loc.r4.id } }, tok().SUPERVISOR);
      expect(bySetting.sample).toEqual({ percent: 35, seed: expect.stringMatching(/^[0-9a-f]{16}$/) });
      const expected = expectStatus(await get(`/api/audits/${bySetting.id}/expected`, tok().CLERK), 200);
      expect(sorted(expected.items.map((i: Json) => i.itemId))).toEqual(sampleOf(bySetting.sample.seed, 35));
      // Station B keeps its own default.
      const theirs = expectStatus(await start({ kind: 'MONTHLY_EVIDENCE' }, t.b.tokens.CLERK), 201);
      expect(theirs.sample.percent).toBe(20);
    });

    it('DAILY_ARMS and ANNUAL_PROPERTY with samplePercent < 100 → 422 FULL_COUNT_ONLY; nothing written', async () => {
      await refused(() => start({ kind: 'DAILY_ARMS', samplePercent: 30 }), 422, 'FULL_COUNT_ONLY');
      await refused(() => start({ kind: 'DAILY_ARMS', samplePercent: 99.5 }), 422, 'FULL_COUNT_ONLY');
      await refused(() => start({ kind: 'ANNUAL_PROPERTY', samplePercent: 30, committee: [id('SUPERVISOR'), id('AUDITOR')] }, tok().SUPERVISOR), 422, 'FULL_COUNT_ONLY');
      await refused(() => start({ kind: 'ANNUAL_PROPERTY', samplePercent: 0, committee: [id('SUPERVISOR'), id('AUDITOR')] }, tok().SUPERVISOR), 422, 'FULL_COUNT_ONLY');
    });
  });

  // =================================================================================================
  describe('the annual property inspection committee (ข้อ 213)', () => {
    const p: Record<'good' | 'damaged' | 'deteriorated' | 'notNeeded' | 'stillDamaged' | 'lost', Json> = {} as never;
    let annual: Json;
    let clerkSupToken: string;
    const committee = () => [id('SUPERVISOR'), id('AUDITOR')];

    beforeAll(async () => {
      clerkSupToken = await t.token(clerkSup as never);
      p.good = await furniture(loc.r5.id, 'โต๊ะทำงานไม้ ขนาด 120 ซม.');
      p.damaged = await furniture(loc.r5.id, 'เก้าอี้สำนักงาน');
      p.deteriorated = await furniture(loc.r5.id, 'ตู้เอกสารเหล็ก 4 ลิ้นชัก');
      p.notNeeded = await furniture(loc.r5.id, 'ชั้นวางแฟ้มรุ่นเก่า');
      p.stillDamaged = await furniture(loc.r5.id, 'โซฟารับแขก', { condition: 'DAMAGED' });
      p.lost = await furniture(loc.r5.id, 'พัดลมตั้งพื้น');
      expect(p.stillDamaged.condition).toBe('DAMAGED');
      expect(p.good.condition).toBe('GOOD');
    });

    it('without a committee → 422 COMMITTEE_REQUIRED; nothing written', async () => {
      await refused(() => start({ kind: 'ANNUAL_PROPERTY', scope: { locationId: loc.r5.id } }, tok().SUPERVISOR), 422, 'COMMITTEE_REQUIRED');
      await refused(() => start({ kind: 'ANNUAL_PROPERTY', scope: { locationId: loc.r5.id }, committee: [] }, tok().SUPERVISOR), 422, 'COMMITTEE_REQUIRED');
    });

    it('with a CLERK member (the clerk, or a CLERK who is also SUPERVISOR) → 422 COMMITTEE_HAS_CLERK; nothing written', async () => {
      const res = await refused(() => start({ kind: 'ANNUAL_PROPERTY', scope: { locationId: loc.r5.id }, committee: [id('SUPERVISOR'), id('CLERK')] }, tok().SUPERVISOR), 422, 'COMMITTEE_HAS_CLERK');
      expect(res.body.details).toEqual({ clerks: [id('CLERK')] });
      const both = await refused(() => start({ kind: 'ANNUAL_PROPERTY', scope: { locationId: loc.r5.id }, committee: [clerkSup.id, id('AUDITOR')] }, tok().COMMANDER), 422, 'COMMITTEE_HAS_CLERK');
      expect(both.body.details).toEqual({ clerks: [clerkSup.id] });
    });

    it('with another station’s user or an unknown id → 422 COMMITTEE_MEMBER_NOT_FOUND; nothing written', async () => {
      const res = await refused(() => start({ kind: 'ANNUAL_PROPERTY', scope: { locationId: loc.r5.id }, committee: [id('SUPERVISOR'), t.b.users.AUDITOR.id] }, tok().SUPERVISOR), 422, 'COMMITTEE_MEMBER_NOT_FOUND');
      expect(res.body.details).toEqual({ unknown: [t.b.users.AUDITOR.id] });
      await refused(() => start({ kind: 'ANNUAL_PROPERTY', scope: { locationId: loc.r5.id }, committee: [id('AUDITOR'), NO_SUCH_ID] }, tok().SUPERVISOR), 422, 'COMMITTEE_MEMBER_NOT_FOUND');
      await refused(() => start({ kind: 'SPOT', committee: [t.b.users.CLERK.id] }, tok().SUPERVISOR), 422, 'COMMITTEE_MEMBER_NOT_FOUND');
    });

    it('with a committee of non-clerks it starts, covering PROPERTY by default', async () => {
      annual = await startOk({ kind: 'ANNUAL_PROPERTY', scope: { locationId: loc.r5.id }, committee: committee() }, tok().SUPERVISOR);
      expect(annual).toMatchObject({ kind: 'ANNUAL_PROPERTY', status: 'OPEN', sample: null, scope: { category: 'PROPERTY', locationId: loc.r5.id } });
      expect(sorted(annual.committee.map((m: Json) => m.id))).toEqual(sorted(committee()));
      expect(annual.tally.expected).toBe(6);
      const rows = await ownerRows(`SELECT user_id FROM audit_committee_members WHERE audit_id = $1`, [annual.id]);
      expect(sorted(rows.map((r) => r.user_id))).toEqual(sorted(committee()));
    });

    it('the database refuses a clerk on an annual committee (trigger ck_audit_committee_no_clerk), but not on a spot count’s', async () => {
      // Control through the API: outside the annual inspection a clerk may sit on a committee.
      const spot = await startOk({ kind: 'SPOT', scope: { locationId: loc.r5.id }, committee: [id('CLERK')] }, tok().SUPERVISOR);
      expect(spot.committee.map((m: Json) => m.id)).toEqual([id('CLERK')]);
      const before = await state();
      const insert = (auditId: string, userId: string, asApp = false) =>
        inRollback(`INSERT INTO audit_committee_members (audit_id, user_id, station_id) VALUES ($1, $2, $3)`, [auditId, userId, t.a.station.id], asApp);
      for (const clerk of [id('CLERK'), clerkSup.id]) {
        await expect(insert(annual.id, clerk)).rejects.toMatchObject({ code: '23514', constraint: 'ck_audit_committee_no_clerk' });
        await expect(insert(annual.id, clerk, true)).rejects.toMatchObject({ code: '23514', constraint: 'ck_audit_committee_no_clerk' });
      }
      // An UPDATE that swaps a member for the clerk is refused too.
      await expect(inRollback(`UPDATE audit_committee_members SET user_id = $2 WHERE audit_id = $1 AND user_id = $3`, [annual.id, id('CLERK'), id('AUDITOR')])).rejects.toMatchObject({
        code: '23514',
        constraint: 'ck_audit_committee_no_clerk',
      });
      // Controls (rolled back): the commander may join the annual committee; a second clerk may join the spot count's.
      await expect(insert(annual.id, id('COMMANDER'))).resolves.toBeUndefined();
      await expect(insert(spot.id, clerkSup.id)).resolves.toBeUndefined();
      expect(await state()).toEqual(before);
    });

    it('only committee members scan (others → 403 NOT_ON_COMMITTEE), and each annual scan records a condition (422 CONDITION_REQUIRED)', async () => {
      for (const role of ['COMMANDER', 'CLERK'] as const) {
        const res = await refused(() => scan(annual.id, { code: p.good.code, condition: 'GOOD' }, tok()[role]), 403, 'NOT_ON_COMMITTEE');
        expect(res.body.messageTh).toMatch(THAI);
      }
      await refused(() => scan(annual.id, { code: p.good.code, condition: 'GOOD' }, clerkSupToken), 403, 'NOT_ON_COMMITTEE');
      await refused(() => scan(annual.id, { code: p.good.code }, tok().SUPERVISOR), 422, 'CONDITION_REQUIRED');
      await refused(() => scan(annual.id, { code: p.good.code, locationCode: 'R5' }, tok().AUDITOR), 422, 'CONDITION_REQUIRED');
    });

    it('the closed inspection lists each item with its assessment: FOUND with conditionSeen, CONDITION_CHANGED where it differs, MISSING if not seen', async () => {
      const answers = [
        await scanOk(annual.id, { code: p.good.code, locationCode: 'STA-LOC-R5', condition: 'GOOD' }, tok().SUPERVISOR),
        await scanOk(annual.id, { code: p.damaged.code, condition: 'DAMAGED' }, tok().AUDITOR),
        await scanOk(annual.id, { code: p.deteriorated.code, condition: 'DETERIORATED' }, tok().AUDITOR),
        await scanOk(annual.id, { code: p.notNeeded.code, condition: 'NOT_NEEDED' }, tok().SUPERVISOR),
        await scanOk(annual.id, { code: p.stillDamaged.code, condition: 'DAMAGED' }, tok().AUDITOR),
      ];
      expect(answers.map((a) => a.outcome)).toEqual(['COUNTED', 'COUNTED', 'COUNTED', 'COUNTED', 'COUNTED']);
      // The countersigner (the commander) did not count.
      const closed = await closeOk(annual.id, { witness: W('sta.commander'), note: 'คณะกรรมการตรวจสอบพัสดุประจำปี' }, tok().SUPERVISOR);
      expect(typesByCode(closed.findings)).toEqual(
        sorted([
          `${p.good.code}:FOUND`,
          `${p.damaged.code}:FOUND`,
          `${p.damaged.code}:CONDITION_CHANGED`,
          `${p.deteriorated.code}:FOUND`,
          `${p.deteriorated.code}:CONDITION_CHANGED`,
          `${p.notNeeded.code}:FOUND`,
          `${p.notNeeded.code}:CONDITION_CHANGED`,
          `${p.stillDamaged.code}:FOUND`,
          `${p.lost.code}:MISSING`,
        ]),
      );
      const seen = Object.fromEntries(closed.findings.filter((f: Json) => f.type === 'FOUND').map((f: Json) => [f.itemId, f.conditionSeen]));
      expect(seen).toEqual({ [p.good.id]: 'GOOD', [p.damaged.id]: 'DAMAGED', [p.deteriorated.id]: 'DETERIORATED', [p.notNeeded.id]: 'NOT_NEEDED', [p.stillDamaged.id]: 'DAMAGED' });
      const changed = closed.findings.find((f: Json) => f.type === 'CONDITION_CHANGED' && f.itemId === p.deteriorated.id);
      expect(changed.detail).toBe('ทะเบียน ใช้การได้ พบ เสื่อมสภาพ');
      expect(closed.summary).toEqual({ expected: 6, counted: 5, byType: { FOUND: 5, CONDITION_CHANGED: 3, MISSING: 1 } });
      const incidents = await incidentsOf(annual.id);
      expect(sorted(incidents.items.map((d: Json) => `${d.itemId}:${d.kind}`))).toEqual(
        sorted([`${p.damaged.id}:CONDITION_CHANGED`, `${p.deteriorated.id}:CONDITION_CHANGED`, `${p.notNeeded.id}:CONDITION_CHANGED`, `${p.lost.id}:MISSING`]),
      );
      // The assessment is the committee's finding; the register's condition is not changed by a count.
      expect(expectStatus(await get(`/api/items/${p.deteriorated.id}`, tok().CLERK), 200).condition).toBe('GOOD');
    });
  });

  // =================================================================================================
  describe('closed (disposed) items in a count', () => {
    let kept: Json;
    let gone: Json;
    let count: Json;

    beforeAll(async () => {
      kept = await doc(loc.r6.id);
      gone = await disposedDocument(loc.r6.id);
    });

    it('a disposed item scanned → CLOSED_ITEM at once; at the close it is UNEXPECTED and opens an incident', async () => {
      count = await startOk({ kind: 'SPOT', scope: { category: 'EVIDENCE', locationId: loc.r6.id } });
      expect(count.tally.expected).toBe(1);
      const expected = expectStatus(await get(`/api/audits/${count.id}/expected`, tok().CLERK), 200);
      expect(expected.items.map((i: Json) => i.itemId)).toEqual([kept.id]);
      expect((await scanOk(count.id, { code: kept.code, locationCode: 'R6' })).outcome).toBe('COUNTED');
      const closedItem = await scanOk(count.id, { code: gone.code, locationCode: 'R6' });
      expect(closedItem).toMatchObject({ outcome: 'CLOSED_ITEM', duplicate: false, item: { id: gone.id, status: 'DISPOSED' } });
      expect(closedItem.messageTh).toContain('จำหน่ายแล้ว');
      expect(closedItem.tally).toMatchObject({ expected: 1, counted: 1, scanned: 2 });

      const closed = await closeOk(count.id, { witness: W('sta.auditor') });
      expect(typesByCode(closed.findings)).toEqual(sorted([`${kept.code}:FOUND`, `${gone.code}:UNEXPECTED`]));
      expect(closed.findings.find((f: Json) => f.itemId === gone.id).detail).toContain('จำหน่ายแล้ว');
      const incidents = await incidentsOf(count.id);
      expect(incidents.items.map((d: Json) => `${d.itemId}:${d.kind}`)).toEqual([`${gone.id}:UNEXPECTED`]);
      // The closed item stays closed.
      expect(expectStatus(await get(`/api/items/${gone.id}`, tok().CLERK), 200)).toMatchObject({ status: 'DISPOSED', locationId: null });
    });
  });

  // =================================================================================================
  describe('GET /api/audits', () => {
    it('lists the station’s counts, newest first, filtered by kind and status, and pages like every list', async () => {
      const rows = await ownerRows<{ id: string; kind: string; status: string }>(`SELECT id, kind, status FROM audit_sessions WHERE station_id = $1 ORDER BY started_at DESC, id`, [t.a.station.id]);
      expect(rows.length).toBe(10);
      const all = expectStatus(await get('/api/audits?pageSize=200', tok().OFFICER), 200);
      expect(all.total).toBe(rows.length);
      expect(all.items.map((a: Json) => a.id)).toEqual(rows.map((r) => r.id));
      for (const [query, want] of [
        ['kind=ANNUAL_PROPERTY', rows.filter((r) => r.kind === 'ANNUAL_PROPERTY')],
        ['kind=SPOT&status=OPEN', rows.filter((r) => r.kind === 'SPOT' && r.status === 'OPEN')],
        ['status=CLOSED', rows.filter((r) => r.status === 'CLOSED')],
      ] as const) {
        const list = expectStatus(await get(`/api/audits?${query}&pageSize=200`, tok().AUDITOR), 200);
        expect(list.items.map((a: Json) => a.id)).toEqual(want.map((r) => r.id));
        expect(list.total).toBe(want.length);
      }
      const p2 = expectStatus(await get('/api/audits?page=2&pageSize=3', tok().CLERK), 200);
      expect(p2).toMatchObject({ total: rows.length, page: 2, pageSize: 3 });
      expect(p2.items.map((a: Json) => a.id)).toEqual(rows.slice(3, 6).map((r) => r.id));
      const past = expectStatus(await get('/api/audits?page=1000&pageSize=50', tok().CLERK), 200);
      expect(past).toEqual({ items: [], total: rows.length, page: 1000, pageSize: 50 });
      // Station B sees only its own (one monthly count, started in the sample tests).
      const theirs = expectStatus(await get('/api/audits', t.b.tokens.COMMANDER), 200);
      expect(theirs.items.map((a: Json) => a.stationId)).toEqual([t.b.station.id]);
    });
  });

  // =================================================================================================
  describe('incidents', () => {
    let all: Json[];
    let target: Json;

    /** The station's incidents, counted in the database. */
    async function dbCounts() {
      const rows = await ownerRows<{ status: string; kind: string; n: number }>(`SELECT status, kind, count(*)::int AS n FROM discrepancies WHERE station_id = $1 GROUP BY status, kind`, [t.a.station.id]);
      const openByKind: Record<string, number> = {};
      let open = 0;
      let resolved = 0;
      for (const r of rows) {
        if (r.status === 'OPEN') {
          open += r.n;
          openByKind[r.kind] = r.n;
        } else resolved += r.n;
      }
      return { open, resolved, openByKind };
    }

    beforeAll(async () => {
      all = expectStatus(await get('/api/incidents?pageSize=200', tok().COMMANDER), 200).items;
    });

    it('GET /api/incidents lists the station’s incidents, for the commander, supervisor, auditor and clerk (officer, investigator → 403)', async () => {
      const [{ n }] = await ownerRows(`SELECT count(*)::int AS n FROM discrepancies WHERE station_id = $1`, [t.a.station.id]);
      // Planted 5, blind 4, annual 4, closed item 1.
      expect(n).toBe(14);
      expect(all).toHaveLength(n);
      for (const role of ['SUPERVISOR', 'AUDITOR', 'CLERK'] as const) {
        const list = expectStatus(await get('/api/incidents?pageSize=200', tok()[role]), 200);
        expect(list.total).toBe(n);
        expect(list.items.map((d: Json) => d.id)).toEqual(all.map((d) => d.id));
      }
      for (const role of ['OFFICER', 'INVESTIGATOR'] as const) expectError(await get('/api/incidents', tok()[role]), 403, 'FORBIDDEN');
      // Station B sees none of A's.
      const theirs = expectStatus(await get('/api/incidents?pageSize=200', t.b.tokens.COMMANDER), 200);
      expect(theirs.items.filter((d: Json) => d.stationId === t.a.station.id)).toEqual([]);
    });

    it('filters: status, kind, itemId, auditId', async () => {
      for (const kind of ['MISSING', 'UNEXPECTED', 'CONDITION_CHANGED', 'DUPLICATE_SCAN', 'SEAL_MISMATCH', 'MISPLACED']) {
        const list = expectStatus(await get(`/api/incidents?kind=${kind}&pageSize=200`, tok().COMMANDER), 200);
        expect(list.total).toBe(all.filter((d) => d.kind === kind).length);
        expect(list.total).toBeGreaterThan(0);
        expect(list.items.every((d: Json) => d.kind === kind)).toBe(true);
      }
      const open = expectStatus(await get('/api/incidents?status=OPEN&pageSize=200', tok().COMMANDER), 200);
      expect(open.total).toBe(all.length);
      expect(expectStatus(await get('/api/incidents?status=RESOLVED', tok().COMMANDER), 200)).toMatchObject({ total: 0, items: [] });
      const one = all.find((d) => d.kind === 'SEAL_MISMATCH')!;
      const byItem = expectStatus(await get(`/api/incidents?itemId=${one.itemId}`, tok().COMMANDER), 200);
      expect(byItem.items.map((d: Json) => d.id)).toEqual(all.filter((d) => d.itemId === one.itemId).map((d) => d.id));
      const both = expectStatus(await get(`/api/incidents?auditId=${one.auditId}&kind=SEAL_MISMATCH`, tok().COMMANDER), 200);
      expect(both.items.map((d: Json) => d.id)).toEqual([one.id]);
      expect(expectStatus(await get(`/api/incidents?auditId=${NO_SUCH_ID}`, tok().COMMANDER), 200)).toMatchObject({ total: 0, items: [] });
      expectError(await get('/api/incidents?kind=LATE', tok().COMMANDER), 400, 'VALIDATION_FAILED');
      expectError(await get('/api/incidents?auditId=abc', tok().COMMANDER), 400, 'VALIDATION_FAILED');
    });

    it('paging: {items,total,page,pageSize}, consecutive pages do not overlap, past the end is empty with the same total', async () => {
      const total = all.length;
      const pages: Json[] = [];
      for (const page of [1, 2, 3]) {
        const res = expectStatus(await get(`/api/incidents?page=${page}&pageSize=4`, tok().COMMANDER), 200);
        expect(Object.keys(res).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
        expect(res).toMatchObject({ total, page, pageSize: 4 });
        expect(res.items).toHaveLength(4);
        pages.push(...res.items);
      }
      expect(pages.map((d) => d.id)).toEqual(all.slice(0, 12).map((d) => d.id));
      const dflt = expectStatus(await get('/api/incidents', tok().COMMANDER), 200);
      expect(dflt).toMatchObject({ page: 1, pageSize: 50, total });
      const past = expectStatus(await get('/api/incidents?page=1000&pageSize=50', tok().COMMANDER), 200);
      expect(past).toEqual({ items: [], total, page: 1000, pageSize: 50 });
    });

    it('GET /api/incidents/counts answers {open, resolved, openByKind}, as the database counts them', async () => {
      const counts = expectStatus(await get('/api/incidents/counts', tok().AUDITOR), 200);
      expect(counts).toEqual(await dbCounts());
      expect(counts.resolved).toBe(0);
      expect(counts.open).toBe(all.length);
      expect(counts.openByKind.MISSING).toBe(all.filter((d) => d.kind === 'MISSING').length);
    });

    it('GET /api/incidents/:id answers the incident; another station’s or an unknown id → 404', async () => {
      target = all.find((d) => d.kind === 'MISSING')!;
      const read = expectStatus(await get(`/api/incidents/${target.id}`, tok().CLERK), 200);
      expect(read).toEqual(target);
      expectError(await get(`/api/incidents/${target.id}`, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      expectError(await get(`/api/incidents/${NO_SUCH_ID}`, tok().COMMANDER), 404, 'NOT_FOUND');
      expectError(await get('/api/incidents/not-a-uuid', tok().COMMANDER), 400, 'INVALID_ID');
    });

    it('only the COMMANDER resolves (SUPERVISOR, CLERK, AUDITOR, ADMIN, OFFICER, INVESTIGATOR → 403); nothing written', async () => {
      for (const role of ['SUPERVISOR', 'CLERK', 'AUDITOR', 'OFFICER', 'INVESTIGATOR'] as const) {
        await refused(() => post(`/api/incidents/${target.id}/resolve`, { note: 'ตรวจสอบแล้ว' }, tok()[role]), 403, 'FORBIDDEN');
      }
      await refused(() => post(`/api/incidents/${target.id}/resolve`, { note: 'ตรวจสอบแล้ว' }, t.adminToken), 403, 'FORBIDDEN');
    });

    it('a resolution needs a note (400); another station’s commander → 404; nothing written', async () => {
      await refused(() => post(`/api/incidents/${target.id}/resolve`, {}, tok().COMMANDER), 400, 'VALIDATION_FAILED');
      await refused(() => post(`/api/incidents/${target.id}/resolve`, { note: '   ' }, tok().COMMANDER), 400, 'VALIDATION_FAILED');
      await refused(() => post(`/api/incidents/${target.id}/resolve`, { note: 'ตรวจสอบแล้ว', status: 'RESOLVED' }, tok().COMMANDER), 400, 'VALIDATION_FAILED');
      await refused(() => post(`/api/incidents/${target.id}/resolve`, { note: 'ตรวจสอบแล้ว' }, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      await refused(() => post(`/api/incidents/${NO_SUCH_ID}/resolve`, { note: 'ตรวจสอบแล้ว' }, tok().COMMANDER), 404, 'NOT_FOUND');
    });

    it('the commander resolves with a note: resolvedBy, resolvedAt, resolutionNote recorded, audit-logged, and the counts move', async () => {
      const before = await dbCounts();
      const note = 'ตรวจสอบข้อเท็จจริงแล้ว พบว่าส่งตรวจพิสูจน์โดยไม่ได้บันทึก ได้ลงบันทึกเพิ่มเติมตาม ปจว. ข้อ 9';
      const startedAt = Date.now();
      const resolved = expectStatus(await post(`/api/incidents/${target.id}/resolve`, { note }, tok().COMMANDER), 200);
      expect(resolved).toMatchObject({ id: target.id, status: 'RESOLVED', kind: 'MISSING', resolvedBy: { id: id('COMMANDER'), displayName: t.a.users.COMMANDER.displayName }, resolutionNote: note });
      expect(Math.abs(new Date(resolved.resolvedAt).getTime() - startedAt)).toBeLessThan(60_000);
      expect(resolved).toMatchObject({ itemId: target.itemId, auditId: target.auditId, reportedBy: target.reportedBy, createdAt: target.createdAt });
      expect(expectStatus(await get(`/api/incidents/${target.id}`, tok().SUPERVISOR), 200)).toEqual(resolved);

      const counts = expectStatus(await get('/api/incidents/counts', tok().COMMANDER), 200);
      expect(counts).toEqual(await dbCounts());
      expect(counts.open).toBe(before.open - 1);
      expect(counts.resolved).toBe(before.resolved + 1);
      expect(counts.openByKind.MISSING ?? 0).toBe(before.openByKind.MISSING - 1);
      const list = expectStatus(await get('/api/incidents?status=RESOLVED', tok().COMMANDER), 200);
      expect(list.items.map((d: Json) => d.id)).toEqual([target.id]);
      expect(expectStatus(await get('/api/incidents?status=OPEN&pageSize=200', tok().COMMANDER), 200).items.map((d: Json) => d.id)).not.toContain(target.id);

      const [row] = await ownerRows(`SELECT status, resolved_by, resolution_note FROM discrepancies WHERE id = $1`, [target.id]);
      expect(row).toEqual({ status: 'RESOLVED', resolved_by: id('COMMANDER'), resolution_note: note });
      const [audit] = await ownerRows(`SELECT action, actor_id, before, after FROM audit_log WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [target.id]);
      expect(audit).toMatchObject({ action: 'INCIDENT_RESOLVED', actor_id: id('COMMANDER'), before: { status: 'OPEN' }, after: { status: 'RESOLVED', kind: 'MISSING', itemId: target.itemId, note } });
    });

    it('resolving twice → 409 INCIDENT_RESOLVED; nothing written', async () => {
      await refused(() => post(`/api/incidents/${target.id}/resolve`, { note: 'แก้ไขซ้ำ' }, tok().COMMANDER), 409, 'INCIDENT_RESOLVED');
      expect((await ownerRows(`SELECT resolution_note FROM discrepancies WHERE id = $1`, [target.id]))[0].resolution_note).not.toBe('แก้ไขซ้ำ');
    });

    it('the database refuses a RESOLVED row without resolved_by (or note) — ck_discrepancies_resolved — and the app role cannot DELETE', async () => {
      const open = all.find((d) => d.id !== target.id && d.status === 'OPEN')!;
      const before = await state();
      await expect(inRollback(`UPDATE discrepancies SET status = 'RESOLVED', resolved_at = now(), resolution_note = 'x' WHERE id = $1`, [open.id])).rejects.toMatchObject({ code: '23514', constraint: 'ck_discrepancies_resolved' });
      await expect(inRollback(`UPDATE discrepancies SET status = 'RESOLVED', resolved_by = $2, resolved_at = now() WHERE id = $1`, [open.id, id('COMMANDER')])).rejects.toMatchObject({ code: '23514', constraint: 'ck_discrepancies_resolved' });
      await expect(inRollback(`UPDATE discrepancies SET status = 'OPEN' WHERE id = $1`, [target.id])).rejects.toMatchObject({ code: '23514', constraint: 'ck_discrepancies_resolved' });
      await expect(
        inRollback(`INSERT INTO discrepancies (station_id, item_id, kind, status, reported_by, resolved_at, resolution_note) VALUES ($1, $2, 'MISSING', 'RESOLVED', $3, now(), 'x')`, [t.a.station.id, open.itemId, id('CLERK')]),
      ).rejects.toMatchObject({ code: '23514', constraint: 'ck_discrepancies_resolved' });
      // Control: a complete resolution is accepted (and rolled back).
      await expect(inRollback(`UPDATE discrepancies SET status = 'RESOLVED', resolved_by = $2, resolved_at = now(), resolution_note = 'x' WHERE id = $1`, [open.id, id('COMMANDER')])).resolves.toBeUndefined();
      // The server's role may not delete an incident.
      await expect(inRollback('DELETE FROM discrepancies WHERE id = $1', [open.id], true)).rejects.toThrow(/permission denied/);
      await expect(t.dataSource.query('DELETE FROM discrepancies WHERE id = $1', [open.id])).rejects.toThrow(/permission denied/);
      await expect(t.dataSource.query('TRUNCATE discrepancies')).rejects.toThrow(/permission denied/);
      expect(await state()).toEqual(before);
    });

    it('the station’s audit chain verifies at the end', async () => {
      const verify = expectStatus(await get('/api/audit-log/verify', tok().COMMANDER), 200);
      expect(verify).toMatchObject({ ok: true, firstBadSeq: null });
      expect(verify.entries).toBeGreaterThan(100);
      const actions = await ownerRows(`SELECT action, count(*)::int AS n FROM audit_log WHERE station_id = $1 AND action IN ('AUDIT_STARTED', 'AUDIT_SCAN', 'AUDIT_CLOSED', 'INCIDENT_RESOLVED') GROUP BY action ORDER BY action`, [t.a.station.id]);
      expect(Object.fromEntries(actions.map((r) => [r.action, r.n]))).toMatchObject({ AUDIT_CLOSED: 4, INCIDENT_RESOLVED: 1 });
      const theirs = expectStatus(await get('/api/audit-log/verify', t.b.tokens.COMMANDER), 200);
      expect(theirs.ok).toBe(true);
    });
  });
});
