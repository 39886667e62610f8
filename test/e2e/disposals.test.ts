/**
 * Disposals, donations and the evidence timers (DESIGN §2 Disposal, §3 rules 1, 4, 6 and 7, §7;
 * DOMAIN-TH §2 ข้อ 215–218, §3 ข้อ 47 and 53, §4). Disposals: who may ask, approve and carry out, the
 * separation of duties in the service and in the database, the witness and the blind check at execution
 * (drugs re-weighed, a difference is an incident), the state machine, and the closed item that nothing can
 * touch again (not even the database owner). Donations: pending until the commander decides, the gap-free
 * receipt number per station and Buddhist year, the register, and the donor named on the station's
 * evidence (No Gift Policy). Evidence timers on a manual clock: the due-for-disposition list (review date,
 * the 1-year and 5-year rules of ข้อ 47) and the evidence firearms not checked since 1 October (ข้อ 53).
 * Everything goes through HTTP on the real database; refused requests are shown to write nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/common/clock.js';
import { auth, expectError, expectOk, type Json, OwnerDb, type Res, THAI } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const HOUR = 3_600_000;
/** The clock most tests run on: 1 Dec 2569 BE (2026 CE), 09:00 in Bangkok. */
const BASE = new Date('2026-12-01T09:00:00+07:00');

type Body = Record<string, unknown>;
type DisposalState = 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'EXECUTED';

/** One owner (superuser) session for the file's checks of the database. */
const owner = new OwnerDb();
const { rows: ownerRows, inRollback, lastAuditId, auditSince } = owner;


const W = (username = 'sta.supervisor', password = TEST_PASSWORD) => ({ username, password });



/** Every table these actions write to, and the audit chain heads: what a refused request must leave as it was. */
async function snapshot() {
  const digest = (table: string, order = 'x.id::text') => `(SELECT md5(coalesce(string_agg(row_to_json(x)::text, '|' ORDER BY ${order}), '')) FROM ${table} x)`;
  const [row] = await ownerRows(`SELECT
      (SELECT count(*) FROM audit_log)::int AS audit_log,
      (SELECT count(*) FROM custody_events)::int AS custody_events,
      (SELECT count(*) FROM discrepancies)::int AS discrepancies,
      ${digest('items')} AS items,
      ${digest('disposals')} AS disposals,
      ${digest('disposal_items')} AS disposal_items,
      ${digest('donation_acceptances', 'x.item_id::text')} AS donation_acceptances,
      ${digest('item_code_counters', 'x.station_id::text, x.category_code, x.year_be')} AS counters,
      ${digest('loans')} AS loans,
      ${digest('loan_items')} AS loan_items,
      ${digest('audit_sessions')} AS audit_sessions,
      (SELECT coalesce(json_agg(json_build_object('chain', chain_key, 'seq', seq, 'hash', hash) ORDER BY chain_key), '[]') FROM audit_chain_heads) AS heads`);
  return row;
}

/** Runs a request that must be refused: the status and code, a Thai message, and nothing written anywhere. */
async function refused(call: () => Promise<Res>, status: number, code: string): Promise<Res> {
  const before = await snapshot();
  const res = await call();
  expectError(res, status, code);
  expect(await snapshot()).toEqual(before);
  return res;
}


// ---- Thai days (UTC+7) ---------------------------------------------------------------------------
/** The day in Bangkok of a moment, YYYY-MM-DD. */
const bangkokDay = (at: Date | string) => new Date(new Date(at).getTime() + 7 * HOUR).toISOString().slice(0, 10);
/** A moment of a Bangkok day. */
const thai = (day: string, time = '00:00:00') => new Date(`${day}T${time}+07:00`);
function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
/** PostgreSQL's `date + interval 'n months'`: the same day n months on, or the last day of a shorter month. */
function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = m - 1 + months;
  const year = y + Math.floor(index / 12);
  const month = ((index % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
const addYears = (day: string, years: number) => addMonths(day, 12 * years);
/** The Thai fiscal year a day falls in: 1 October – 30 September. */
function fiscalYear(day: string): { since: string; deadline: string } {
  const [y, m] = day.split('-').map(Number);
  const start = m >= 10 ? y : y - 1;
  return { since: `${start}-10-01`, deadline: `${start + 1}-09-30` };
}

describe('disposals, donations and evidence timers (e2e)', () => {
  let t: TestApp;
  const clock = new ManualClock(BASE);
  /** SUPERVISOR + COMMANDER: may ask for a disposal and approve one (not their own). */
  let supCmd: Json;
  let supCmdToken: string;
  /** CLERK + COMMANDER: may approve a disposal and carry one out (not one they approved). */
  let clerkCmd: Json;
  let clerkCmdToken: string;
  let seq = 0;
  const next = (prefix: string) => `${prefix}-${String(++seq).padStart(4, '0')}`;

  const post = (url: string, body: Body, token: string) => t.http().post(url).set(auth(token)).send(body);
  const get = (url: string, token: string) => t.http().get(url).set(auth(token));
  const tok = () => t.a.tokens;

  // ---- items, created through POST /api/items ---------------------------------------------------
  async function register(body: Body, token = tok().CLERK): Promise<Json> {
    const res = await post('/api/items', body, token);
    expectOk(res, 201);
    return res.body;
  }
  const ev = (over: Body = {}): Body => ({ caseNumber: '400/2569', seizedFrom: 'นายผู้ต้องหา ทดสอบจำหน่าย', ...over });
  const ITEMS = {
    document: (evidence: Body = {}, token = tok().CLERK) =>
      register({ category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชีเงินฝากของกลาง', locationId: t.a.room.id, evidence: ev(evidence) }, token),
    drugs: (weightGrams = 20.5) =>
      register({
        category: 'EVIDENCE',
        kind: 'drugs',
        description: 'ยาบ้า บรรจุถุงพลาสติกใส',
        quantity: 100,
        unit: 'เม็ด',
        locationId: t.a.safe.id,
        sealNumber: next('DS'),
        weightGrams,
        evidence: ev({ offence: 'มียาเสพติดให้โทษประเภท 1 ไว้ในครอบครอง' }),
        witness: W(),
      }),
    evidenceFirearm: (over: Body = {}, evidence: Body = {}) =>
      register({ category: 'EVIDENCE', kind: 'firearm', description: 'ปืนพกลูกโม่ของกลาง', locationId: t.a.safe.id, serialNumber: next('EF'), evidence: ev(evidence), witness: W(), ...over }),
    evidenceCash: () =>
      register({ category: 'EVIDENCE', kind: 'cash', description: 'ธนบัตรของกลาง', locationId: t.a.safe.id, amount: 1500, denominations: { '500': 3 }, evidence: ev(), witness: W() }),
    equipment: () => register({ category: 'PROPERTY', kind: 'equipment', description: 'เครื่องพิมพ์เอกสาร ชำรุด', locationId: t.a.room.id, property: { assetNumber: next('7430-001'), unitPrice: 8000 } }),
    weaponFirearm: () =>
      register({ category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้นกึ่งอัตโนมัติ', locationId: t.a.safe.id, serialNumber: next('WF'), weapon: { make: 'Glock', model: '19', calibre: '9 มม.' }, witness: W() }),
  };
  const getItem = async (id: string, token = tok().CLERK): Promise<Json> => {
    const res = await get(`/api/items/${id}`, token);
    expectOk(res);
    return res.body;
  };
  const timeline = async (id: string): Promise<Json[]> => {
    const res = await get(`/api/items/${id}/custody`, tok().AUDITOR);
    expectOk(res);
    return res.body.events;
  };
  const incidentsOf = async (itemId: string): Promise<Json[]> => {
    const res = await t.http().get('/api/incidents').query({ itemId }).set(auth(tok().COMMANDER));
    expectOk(res);
    return res.body.items;
  };
  const event = (itemId: string, body: Body, token = tok().CLERK) => post(`/api/items/${itemId}/events`, body, token);

  // ---- loans --------------------------------------------------------------------------------------
  const loanBody = (items: Json[]): Body => ({
    items: items.map((i) => ({ itemId: i.id })),
    purposeType: 'COURT',
    purpose: 'นำส่งศาลจังหวัดทดสอบ',
    offPremises: false,
    dueAt: new Date(clock.now().getTime() + 48 * HOUR).toISOString(),
  });
  const requestLoan = (items: Json[], token = tok().OFFICER) => post('/api/loans', loanBody(items), token);

  // ---- disposals ----------------------------------------------------------------------------------
  const DOC_REF = 'คำพิพากษาศาลจังหวัดทดสอบ คดีหมายเลขแดงที่ 456/2569';
  const disposalBody = (items: Json[], over: Body = {}): Body => ({ method: 'DESTROY', items: items.map((i) => ({ itemId: i.id })), legalBasis: 'COURT_ORDER', documentRef: DOC_REF, ...over });
  const requestDisposal = (body: Body, token = tok().CLERK) => post('/api/disposals', body, token);
  async function requestOk(items: Json[], over: Body = {}, token = tok().CLERK): Promise<Json> {
    const res = await requestDisposal(disposalBody(items, over), token);
    expectOk(res, 201);
    expect(res.body.status).toBe('REQUESTED');
    return res.body;
  }
  const approve = (id: string, token = tok().COMMANDER, note?: string) => post(`/api/disposals/${id}/approve`, note === undefined ? {} : { note }, token);
  const reject = (id: string, token = tok().COMMANDER, note: string | null = 'ไม่อนุมัติ ยังไม่มีคำพิพากษาถึงที่สุด') => post(`/api/disposals/${id}/reject`, note === null ? {} : { note }, token);
  const execute = (id: string, body: Body, token = tok().CLERK) => post(`/api/disposals/${id}/execute`, body, token);
  /** The blind values of an item as on record (what a careful clerk finds). */
  const blindOf = (item: Json): Body => ({
    ...(item.sealNumber ? { sealNumber: item.sealNumber } : {}),
    ...(item.weightGrams !== null && item.weightGrams !== undefined ? { weightGrams: item.weightGrams } : {}),
    ...(item.amount !== null && item.amount !== undefined ? { amount: item.amount } : {}),
  });
  const executeBody = (items: Json[], witness: Body | null = W()): Body => ({ ...(witness ? { witness } : {}), items: items.map((i) => ({ itemId: i.id, ...blindOf(i) })) });
  const getDisposal = async (id: string, token = tok().CLERK): Promise<Json> => {
    const res = await get(`/api/disposals/${id}`, token);
    expectOk(res);
    return res.body;
  };

  /** A disposal of the given items (a new document by default), driven to a state by the right hands. */
  async function disposalIn(state: DisposalState, items?: Json[], over: Body = {}): Promise<{ disposal: Json; items: Json[] }> {
    items ??= [await ITEMS.document()];
    let disposal = await requestOk(items, over);
    if (state !== 'REQUESTED') {
      const res = state === 'REJECTED' ? await reject(disposal.id) : await approve(disposal.id);
      expectOk(res);
      disposal = res.body;
    }
    if (state === 'EXECUTED') {
      const res = await execute(disposal.id, executeBody(items));
      expectOk(res);
      disposal = res.body;
    }
    expect(disposal.status).toBe(state);
    return { disposal, items };
  }
  async function disposeOf(item: Json): Promise<Json> {
    return (await disposalIn('EXECUTED', [item])).disposal;
  }

  // ---- donations ----------------------------------------------------------------------------------
  const donationBody = (donation: Body = {}, over: Body = {}): Body => ({
    category: 'DONATION',
    kind: 'furniture',
    description: 'โต๊ะประชุมไม้สัก',
    quantity: 1,
    unit: 'ตัว',
    locationId: t.a.room.id,
    donation: { donorName: 'มูลนิธิทดสอบ ใจบุญ', receivedAt: '2026-11-20', purpose: 'ใช้ในห้องประชุมของสถานี', ...donation },
    ...over,
  });
  const donate = (donation: Body = {}, over: Body = {}, token = tok().CLERK) => register(donationBody(donation, over), token);
  const accept = (itemId: string, body: Body = {}, token = tok().COMMANDER) => post(`/api/donations/${itemId}/accept`, body, token);
  const decline = (itemId: string, body: Body = { note: 'ผู้บริจาคไม่แสดงเอกสารกรรมสิทธิ์' }, token = tok().COMMANDER) => post(`/api/donations/${itemId}/decline`, body, token);
  const getDonation = async (itemId: string, token = tok().CLERK): Promise<Json> => {
    const res = await get(`/api/donations/${itemId}`, token);
    expectOk(res);
    return res.body;
  };
  const donationIds = async (query: string, token = tok().CLERK): Promise<string[]> => {
    const res = await get(`/api/donations?pageSize=200${query}`, token);
    expectOk(res);
    return res.body.items.map((d: Json) => d.itemId);
  };

  // ---- the evidence lists ---------------------------------------------------------------------------
  /** Every page of a list, with the list's own fields (asOf, since, deadline). */
  async function allPages(url: string, token = tok().CLERK): Promise<Json> {
    const items: Json[] = [];
    let first: Json | undefined;
    for (let page = 1; ; page++) {
      const res = await get(`${url}?pageSize=200&page=${page}`, token);
      expectOk(res);
      first ??= res.body;
      items.push(...res.body.items);
      if (items.length >= res.body.total || !res.body.items.length) break;
    }
    return { ...first, items };
  }
  const dueList = (token = tok().CLERK) => allPages('/api/evidence/due-for-disposition', token);
  const dueOf = async (item: Json, token = tok().CLERK): Promise<Json | undefined> => (await dueList(token)).items.find((e: Json) => e.itemId === item.id);
  const firearmsList = (token = tok().CLERK) => allPages('/api/evidence/firearms-unchecked', token);
  const uncheckedIds = async (token = tok().CLERK): Promise<string[]> => (await firearmsList(token)).items.map((f: Json) => f.itemId);

  const settings = (body: Body) => t.http().patch(`/api/stations/${t.a.station.id}/settings`).set(auth(t.adminToken)).send({ settings: body });

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await owner.open(t.db.ownerUrl);
    const user = async (username: string, roles: string[]) => {
      const res = await post('/api/users', { username, password: TEST_PASSWORD, displayName: `ผู้ใช้ ${username}`, rank: 'พ.ต.ท.', roles, stationId: t.a.station.id }, t.adminToken);
      expectOk(res, 201);
      const login = await t.http().post('/api/auth/login').send({ username, password: TEST_PASSWORD });
      expectOk(login);
      return { user: res.body as Json, token: login.body.accessToken as string };
    };
    ({ user: supCmd, token: supCmdToken } = await user('sta.supcmd', ['SUPERVISOR', 'COMMANDER']));
    ({ user: clerkCmd, token: clerkCmdToken } = await user('sta.clerkcmd', ['CLERK', 'COMMANDER']));
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });
  beforeEach(() => {
    clock.set(BASE);
  });

  // =================================================================================================
  // Donations run first: no donation of station A has been accepted before, so receipts start at 000001.
  describe('donations', () => {
    let pending: Json;

    beforeAll(async () => {
      clock.set(BASE);
      pending = await donate({ donorContact: '02-111-2222', estimatedValue: 15000 });
    });

    it('a registered donation is PENDING in the register (donor, date, value, purpose, where it is) and cannot be lent → 409 DONATION_NOT_ACCEPTED', async () => {
      expect(pending).toMatchObject({ category: 'DONATION', status: 'IN_STORAGE', riskClass: 'NORMAL' });
      const res = await get('/api/donations?status=PENDING&pageSize=200', tok().AUDITOR);
      expectOk(res);
      const row = res.body.items.find((d: Json) => d.itemId === pending.id);
      expect(row).toEqual({
        itemId: pending.id,
        code: pending.code,
        kind: 'furniture',
        description: 'โต๊ะประชุมไม้สัก',
        donorName: 'มูลนิธิทดสอบ ใจบุญ',
        donorContact: '02-111-2222',
        receivedAt: '2026-11-20',
        estimatedValue: 15000,
        purpose: 'ใช้ในห้องประชุมของสถานี',
        donorReceiptRef: null,
        status: 'PENDING',
        receiptNumber: null,
        decidedBy: null,
        decidedAt: null,
        note: null,
        current: { status: 'IN_STORAGE', location: { id: t.a.room.id, code: t.a.room.code, name: t.a.room.name }, holder: null },
        donorMatches: [],
        conflictAcknowledged: false,
      });
      expect(res.body.items.every((d: Json) => d.status === 'PENDING')).toBe(true);
      expect(await getDonation(pending.id)).toEqual(row);
      expect(await donationIds('&status=ACCEPTED')).not.toContain(pending.id);
      expect(await donationIds('&status=DECLINED')).not.toContain(pending.id);
      const loan = await refused(() => requestLoan([pending]), 409, 'DONATION_NOT_ACCEPTED');
      expect(loan.body.details).toEqual({ code: pending.code });
    });

    it('only the COMMANDER accepts or declines: 403 for every other role, nothing written', async () => {
      for (const role of ['CLERK', 'SUPERVISOR', 'INVESTIGATOR', 'OFFICER', 'AUDITOR'] as const) {
        await refused(() => accept(pending.id, {}, tok()[role]), 403, 'FORBIDDEN');
        await refused(() => decline(pending.id, undefined, tok()[role]), 403, 'FORBIDDEN');
      }
      await refused(() => accept(pending.id, {}, t.adminToken), 403, 'FORBIDDEN');
      expect((await getDonation(pending.id)).status).toBe('PENDING');
    });

    it('acceptance gives a gap-free receipt per station and Buddhist year: STA-RC69-000001, 000002, …; a decline takes no number; the year turns at midnight in Bangkok', async () => {
      const before = await lastAuditId();
      let res = await accept(pending.id, { note: 'รับไว้ใช้ในราชการตามวัตถุประสงค์ของผู้บริจาค' });
      expectOk(res);
      expect(res.body).toMatchObject({
        itemId: pending.id,
        status: 'ACCEPTED',
        receiptNumber: 'STA-RC69-000001',
        decidedBy: { id: t.a.users.COMMANDER.id, displayName: t.a.users.COMMANDER.displayName },
        note: 'รับไว้ใช้ในราชการตามวัตถุประสงค์ของผู้บริจาค',
        donorMatches: [],
        conflictAcknowledged: false,
      });
      expect(new Date(res.body.decidedAt).getTime()).toBe(BASE.getTime());
      expect(await getDonation(pending.id)).toEqual(res.body);
      const rows = await auditSince(before);
      expect(rows.map((r) => [r.action, r.entity_id, r.actor_id])).toEqual([['DONATION_ACCEPTED', pending.id, t.a.users.COMMANDER.id]]);
      expect(rows[0].after).toMatchObject({ status: 'ACCEPTED', receiptNumber: 'STA-RC69-000001' });

      const second = await donate({ donorName: 'บริษัท ทดสอบการค้า จำกัด', estimatedValue: 3200 });
      res = await accept(second.id);
      expectOk(res);
      expect(res.body.receiptNumber).toBe('STA-RC69-000002');

      const declined = await donate({ donorName: 'ห้างหุ้นส่วน ทดลอง' });
      res = await decline(declined.id);
      expectOk(res);
      expect(res.body).toMatchObject({ status: 'DECLINED', receiptNumber: null });
      const third = await donate({ donorName: 'สมาคมผู้ปกครอง ทดสอบ' });
      res = await accept(third.id);
      expect(res.body.receiptNumber).toBe('STA-RC69-000003');

      // 31 Dec 2569 at 23:59:59 in Bangkok is still 2569; a second later it is 2570 and the numbers start again.
      clock.set(new Date('2026-12-31T16:59:59Z'));
      res = await accept((await donate({ donorName: 'ชมรมทดสอบ ส่งท้ายปี' })).id);
      expect(res.body.receiptNumber).toBe('STA-RC69-000004');
      clock.set(new Date('2026-12-31T17:00:00Z'));
      res = await accept((await donate({ donorName: 'ชมรมทดสอบ ต้อนรับปีใหม่' })).id);
      expect(res.body.receiptNumber).toBe('STA-RC70-000001');

      // Station B numbers its own receipts.
      clock.set(BASE);
      const inB = await register({ ...donationBody(), locationId: t.b.room.id }, t.b.tokens.CLERK);
      res = await accept(inB.id, {}, t.b.tokens.COMMANDER);
      expectOk(res);
      expect(res.body.receiptNumber).toBe('STB-RC69-000001');
      res = await accept((await donate({ donorName: 'ชมรมทดสอบ กลับมาปีเดิม' })).id);
      expect(res.body.receiptNumber).toBe('STA-RC69-000005');

      const counters = await ownerRows(`SELECT station_id, year_be, last_seq FROM item_code_counters WHERE category_code = 'RC' ORDER BY station_id, year_be`);
      expect(counters).toEqual(
        [
          { station_id: t.a.station.id, year_be: 2569, last_seq: 5 },
          { station_id: t.a.station.id, year_be: 2570, last_seq: 1 },
          { station_id: t.b.station.id, year_be: 2569, last_seq: 1 },
        ].sort((x, y) => (x.station_id < y.station_id ? -1 : x.station_id > y.station_id ? 1 : x.year_be - y.year_be)),
      );
      const numbers = await ownerRows<{ receipt_number: string }>(`SELECT receipt_number FROM donation_acceptances WHERE station_id = $1 AND decision = 'ACCEPTED' ORDER BY receipt_number`, [t.a.station.id]);
      expect(numbers.map((r) => r.receipt_number)).toEqual(['STA-RC69-000001', 'STA-RC69-000002', 'STA-RC69-000003', 'STA-RC69-000004', 'STA-RC69-000005', 'STA-RC70-000001']);
      // B's list never shows A's donations.
      const bList = await donationIds('', t.b.tokens.CLERK);
      expect(bList).toEqual([inB.id]);
    });

    it('an accepted donation is lendable; the register shows its current use (on loan, the holder) and then its return', async () => {
      const loan = await requestLoan([pending]);
      expectOk(loan, 201);
      expectOk(await post(`/api/loans/${loan.body.id}/approve`, { note: 'อนุมัติ' }, tok().SUPERVISOR));
      expectOk(await post(`/api/loans/${loan.body.id}/issue`, { items: [{ code: pending.code }] }, tok().CLERK));
      let row = await getDonation(pending.id);
      expect(row).toMatchObject({ status: 'ACCEPTED', receiptNumber: 'STA-RC69-000001', current: { status: 'ON_LOAN', location: null, holder: t.a.users.OFFICER.displayName } });
      expectOk(await post(`/api/loans/${loan.body.id}/return`, { items: [{ code: pending.code, condition: 'GOOD' }] }, tok().CLERK));
      row = await getDonation(pending.id);
      expect(row.current).toEqual({ status: 'IN_STORAGE', location: { id: t.a.room.id, code: t.a.room.code, name: t.a.room.name }, holder: null });
    });

    it('decline needs a note (400); a declined donation is not lendable; deciding twice → 409 DONATION_DECIDED; decisions are final in the database', async () => {
      const item = await donate({ donorName: 'นายผู้บริจาค ลังเล' });
      await refused(() => decline(item.id, {}), 400, 'VALIDATION_FAILED');
      await refused(() => decline(item.id, { note: '   ' }), 400, 'VALIDATION_FAILED');
      await refused(() => accept(item.id, { acknowledgeConflict: 'yes' }), 400, 'VALIDATION_FAILED');
      await refused(() => accept(item.id, { receiptNumber: 'RC-1' }), 400, 'VALIDATION_FAILED');
      const before = await lastAuditId();
      const res = await decline(item.id, { note: 'ของไม่ตรงกับความต้องการของสถานี' });
      expectOk(res);
      expect(res.body).toMatchObject({ status: 'DECLINED', receiptNumber: null, note: 'ของไม่ตรงกับความต้องการของสถานี', decidedBy: { id: t.a.users.COMMANDER.id }, conflictAcknowledged: false });
      expect((await auditSince(before)).map((r) => [r.action, r.entity_id])).toEqual([['DONATION_DECLINED', item.id]]);
      expect(await donationIds('&status=DECLINED')).toContain(item.id);
      expect(await donationIds('&status=PENDING')).not.toContain(item.id);
      await refused(() => requestLoan([item]), 409, 'DONATION_NOT_ACCEPTED');
      await refused(() => accept(item.id), 409, 'DONATION_DECIDED');
      await refused(() => decline(item.id), 409, 'DONATION_DECIDED');
      // And an accepted one.
      await refused(() => accept(pending.id), 409, 'DONATION_DECIDED');
      await refused(() => decline(pending.id), 409, 'DONATION_DECIDED');
      // The database keeps the decision, whoever asks.
      await expect(inRollback(`UPDATE donation_acceptances SET decision = 'ACCEPTED', receipt_number = 'STA-RC69-999999' WHERE item_id = $1`, [item.id])).rejects.toThrow(/refused/);
      await expect(inRollback(`DELETE FROM donation_acceptances WHERE item_id = $1`, [item.id])).rejects.toThrow(/refused/);
      await expect(inRollback(`UPDATE donation_acceptances SET note = 'x' WHERE item_id = $1`, [item.id], true)).rejects.toThrow(/permission denied/);
      await expect(
        inRollback(`INSERT INTO donation_acceptances (item_id, station_id, decision, receipt_number, decided_by, decided_at) VALUES ($1, $2, 'ACCEPTED', NULL, $3, now())`, [
          (await donate()).id,
          t.a.station.id,
          t.a.users.COMMANDER.id,
        ]),
      ).rejects.toMatchObject({ code: '23514', constraint: 'ck_donation_acceptances_receipt' });
    });

    it('unknown donations → 404; an item that is not a donation → 404; bad ids and filters → 400', async () => {
      const doc = await ITEMS.document();
      await refused(() => accept(NO_SUCH_ID), 404, 'NOT_FOUND');
      await refused(() => accept(doc.id), 404, 'NOT_FOUND');
      await refused(() => decline(doc.id), 404, 'NOT_FOUND');
      expectError(await get(`/api/donations/${doc.id}`, tok().CLERK), 404, 'NOT_FOUND');
      expectError(await get(`/api/donations/${pending.id}`, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      await refused(() => accept(pending.id, {}, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      await refused(() => accept('not-a-uuid'), 400, 'INVALID_ID');
      expectError(await get('/api/donations?status=LOST', tok().CLERK), 400, 'VALIDATION_FAILED');
    });

    describe('a donor named on the station’s evidence (No Gift Policy)', () => {
      let somchai: Json;
      let somying: Json;
      let bEvidence: Json;

      beforeAll(async () => {
        clock.set(BASE);
        somchai = await ITEMS.document({ caseNumber: '501/2569', seizedFrom: 'นายสมชาย ใจดี' }, tok().INVESTIGATOR);
        somying = await ITEMS.document({ caseNumber: '502/2569', seizedFrom: 'นายผู้ครอบครอง แทนเจ้าของ', ownerName: 'นางสาวสมหญิง รักดี' });
        const res = await post('/api/items', { category: 'EVIDENCE', kind: 'document', description: 'เอกสารของกลางสถานีบี', locationId: t.b.room.id, evidence: { caseNumber: '9/2569', seizedFrom: 'นายบุญมี ข้ามเขต' } }, t.b.tokens.CLERK);
        expectOk(res, 201);
        bEvidence = res.body;
      });

      const CASES: [donor: string, which: 'somchai' | 'somying', field: 'seizedFrom' | 'ownerName'][] = [
        ['สมชาย  ใจดี', 'somchai', 'seizedFrom'],
        ['นาย สมชาย ใจดี', 'somchai', 'seizedFrom'],
        ['น.ส. สมหญิง รักดี', 'somying', 'ownerName'],
        ['นางสาวสมหญิงรักดี', 'somying', 'ownerName'],
      ];

      it.each(CASES)('donor %j matches the %s evidence (%s): shown before the decision; accept needs acknowledgeConflict (409 DONOR_CONFLICT_UNACKNOWLEDGED)', async (donor, which, field) => {
        const evidence = which === 'somchai' ? somchai : somying;
        const expected = [{ itemId: evidence.id, code: evidence.code, caseNumber: evidence.caseNumber, field, name: evidence.evidence[field] }];
        const item = await donate({ donorName: donor });
        const view = await getDonation(item.id, tok().COMMANDER);
        expect(view).toMatchObject({ status: 'PENDING', donorName: donor, donorMatches: expected, conflictAcknowledged: false });
        const listed = (await get('/api/donations?status=PENDING&pageSize=200', tok().COMMANDER)).body.items.find((d: Json) => d.itemId === item.id);
        expect(listed.donorMatches).toEqual(expected);

        let res = await refused(() => accept(item.id), 409, 'DONOR_CONFLICT_UNACKNOWLEDGED');
        expect(res.body.details).toEqual({ matches: expected });
        await refused(() => accept(item.id, { acknowledgeConflict: false }), 409, 'DONOR_CONFLICT_UNACKNOWLEDGED');
        await refused(() => requestLoan([item]), 409, 'DONATION_NOT_ACCEPTED');

        const before = await lastAuditId();
        res = await accept(item.id, { acknowledgeConflict: true, note: 'รับทราบว่าผู้บริจาคเกี่ยวข้องกับคดี ตรวจสอบแล้วไม่มีผลต่อคดี' });
        expectOk(res);
        expect(res.body).toMatchObject({ status: 'ACCEPTED', conflictAcknowledged: true, donorMatches: expected });
        expect(res.body.receiptNumber).toMatch(/^STA-RC69-\d{6}$/);
        const [row] = await auditSince(before);
        expect(row).toMatchObject({ action: 'DONATION_ACCEPTED', entity_id: item.id, after: { conflictAcknowledged: true, donorMatches: expected } });
        const [stored] = await ownerRows('SELECT donor_matches, conflict_acknowledged FROM donation_acceptances WHERE item_id = $1', [item.id]);
        expect(stored).toEqual({ donor_matches: expected, conflict_acknowledged: true });
      });

      it('the commander is told: a DONATION_PENDING notification, flagged for a matching donor, until the decision; nobody else gets it', async () => {
        const item = await donate({ donorName: 'นายสมชาย ใจดี' });
        const mine = async (token: string) => ((await get('/api/notifications', token)).body.items as Json[]).filter((n) => n.itemId === item.id);
        expect(await mine(tok().COMMANDER)).toEqual([expect.objectContaining({ type: 'DONATION_PENDING', codes: [item.code], flagged: true })]);
        expect((await mine(tok().COMMANDER))[0].messageTh).toMatch(THAI);
        for (const role of ['SUPERVISOR', 'CLERK', 'AUDITOR'] as const) expect(await mine(tok()[role])).toEqual([]);
        const open = ((await get('/api/notifications', tok().COMMANDER)).body.items as Json[]).find((n) => n.type === 'OPEN_INCIDENTS');
        const counts = (await get('/api/incidents/counts', tok().COMMANDER)).body;
        if (counts.open > 0) expect(open).toMatchObject({ count: counts.open });
        else expect(open).toBeUndefined();
        expectOk(await post(`/api/donations/${item.id}/decline`, { note: 'ผู้บริจาคเกี่ยวข้องกับคดี' }, tok().COMMANDER));
        expect(await mine(tok().COMMANDER)).toEqual([]);
      });

      it("a different person ('นายสมชาย ใจงาม') does not match: accepted without acknowledgement", async () => {
        const item = await donate({ donorName: 'นายสมชาย ใจงาม' });
        expect((await getDonation(item.id)).donorMatches).toEqual([]);
        const res = await accept(item.id);
        expectOk(res);
        expect(res.body).toMatchObject({ status: 'ACCEPTED', donorMatches: [], conflictAcknowledged: false });
      });

      it("a person on station B's evidence does not count for station A (and does for station B)", async () => {
        const inA = await donate({ donorName: 'บุญมี ข้ามเขต' });
        expect((await getDonation(inA.id)).donorMatches).toEqual([]);
        expectOk(await accept(inA.id));
        const inB = await register({ ...donationBody({ donorName: 'บุญมี ข้ามเขต' }), locationId: t.b.room.id }, t.b.tokens.CLERK);
        const view = await getDonation(inB.id, t.b.tokens.COMMANDER);
        expect(view.donorMatches).toEqual([{ itemId: bEvidence.id, code: bEvidence.code, caseNumber: '9/2569', field: 'seizedFrom', name: 'นายบุญมี ข้ามเขต' }]);
        await refused(() => accept(inB.id, {}, t.b.tokens.COMMANDER), 409, 'DONOR_CONFLICT_UNACKNOWLEDGED');
      });

      it('a conflicting donation may be declined without acknowledgement; the matches are recorded with the decision', async () => {
        const item = await donate({ donorName: 'สมชาย ใจดี' });
        const res = await decline(item.id, { note: 'ผู้บริจาคเป็นผู้ต้องหาในคดีของสถานี' });
        expectOk(res);
        expect(res.body).toMatchObject({ status: 'DECLINED', conflictAcknowledged: false, donorMatches: [expect.objectContaining({ itemId: somchai.id, field: 'seizedFrom' })] });
      });

      it('a decided donation keeps the matches of its decision; a pending one shows evidence registered since', async () => {
        const decided = await donate({ donorName: 'นายมาทีหลัง ลงทะเบียนช้า' });
        const waiting = await donate({ donorName: 'มาทีหลัง ลงทะเบียนช้า' });
        expectOk(await accept(decided.id));
        const later = await ITEMS.document({ caseNumber: '503/2569', seizedFrom: 'นายมาทีหลัง ลงทะเบียนช้า' });
        expect((await getDonation(decided.id)).donorMatches).toEqual([]);
        expect((await getDonation(waiting.id)).donorMatches).toEqual([expect.objectContaining({ itemId: later.id, field: 'seizedFrom' })]);
        // The database will not accept a conflict nobody acknowledged either.
        await expect(
          inRollback(
            `INSERT INTO donation_acceptances (item_id, station_id, decision, receipt_number, donor_matches, conflict_acknowledged, decided_by, decided_at)
             VALUES ($1, $2, 'ACCEPTED', 'STA-RC69-900000', $3::jsonb, false, $4, now())`,
            [waiting.id, t.a.station.id, JSON.stringify([{ itemId: later.id }]), t.a.users.COMMANDER.id],
          ),
        ).rejects.toMatchObject({ code: '23514', constraint: 'ck_donation_acceptances_conflict_acknowledged' });
      });
    });
  });

  // =================================================================================================
  describe('disposal requests', () => {
    it.each(['CLERK', 'INVESTIGATOR', 'SUPERVISOR'] as const)('a %s asks: 201 REQUESTED with its lines, one audit row; the item stays in the store', async (role) => {
      const item = await ITEMS.document();
      const before = await lastAuditId();
      const d = await requestOk([item], { note: 'ของกลางคดีถึงที่สุดแล้ว' }, tok()[role]);
      expect(d).toMatchObject({
        stationId: t.a.station.id,
        status: 'REQUESTED',
        method: 'DESTROY',
        legalBasis: 'COURT_ORDER',
        documentRef: DOC_REF,
        recipient: null,
        note: 'ของกลางคดีถึงที่สุดแล้ว',
        requestedBy: { id: t.a.users[role].id, displayName: t.a.users[role].displayName },
        approvedBy: null,
        decidedAt: null,
        decisionNote: null,
        executedBy: null,
        executedAt: null,
        witness: null,
      });
      expect(new Date(d.requestedAt).getTime()).toBe(BASE.getTime());
      expect(d.items).toEqual([{ itemId: item.id, code: item.code, kind: 'document', riskClass: 'NORMAL', description: item.description, status: 'IN_STORAGE', weightGrams: null, weightSeenGrams: null }]);
      expect(await getDisposal(d.id, tok().AUDITOR)).toEqual(d);
      const rows = await auditSince(before);
      expect(rows.map((r) => [r.action, r.entity_id, r.actor_id])).toEqual([['DISPOSAL_REQUESTED', d.id, t.a.users[role].id]]);
      expect(rows[0].after).toEqual({ method: 'DESTROY', legalBasis: 'COURT_ORDER', documentRef: DOC_REF, recipient: null, items: [{ itemId: item.id, code: item.code }] });
      expect(await getItem(item.id)).toMatchObject({ status: 'IN_STORAGE', locationId: t.a.room.id });
      const listed = await get('/api/disposals?status=REQUESTED&pageSize=200', tok().COMMANDER);
      expect(listed.body.items.map((x: Json) => x.id)).toContain(d.id);
      expect(listed.body.items.every((x: Json) => x.status === 'REQUESTED')).toBe(true);
    });

    it('the COMMANDER, OFFICER, AUDITOR and the system administrator may not ask → 403', async () => {
      const item = await ITEMS.document();
      for (const role of ['COMMANDER', 'OFFICER', 'AUDITOR'] as const) await refused(() => requestDisposal(disposalBody([item]), tok()[role]), 403, 'FORBIDDEN');
      await refused(() => requestDisposal(disposalBody([item]), t.adminToken), 403, 'FORBIDDEN');
    });

    it.each(['RETURN_TO_OWNER', 'SELL', 'TRANSFER'])('%s without a recipient → 422 RECIPIENT_REQUIRED; with one → 201', async (method) => {
      const item = await ITEMS.document();
      await refused(() => requestDisposal(disposalBody([item], { method })), 422, 'RECIPIENT_REQUIRED');
      const d = await requestOk([item], { method, recipient: 'นายเจ้าของ ตัวจริง', legalBasis: 'COMMITTEE_ORDER' });
      expect(d).toMatchObject({ method, recipient: 'นายเจ้าของ ตัวจริง', legalBasis: 'COMMITTEE_ORDER' });
    });

    it.each(['DESTROY', 'WRITE_OFF'])('%s needs no recipient', async (method) => {
      const d = await requestOk([await ITEMS.equipment()], { method, legalBasis: 'COMMITTEE_ORDER' });
      expect(d).toMatchObject({ method, recipient: null });
    });

    const badBodies: [string, (item: Json) => Body][] = [
      ['an unknown method', (item) => disposalBody([item], { method: 'BURY' })],
      ['an unknown legal basis', (item) => disposalBody([item], { legalBasis: 'HEARSAY' })],
      ['no items', (item) => disposalBody([item], { items: [] })],
      ['items that are not UUIDs', (item) => disposalBody([item], { items: [{ itemId: item.code }] })],
      ['an unknown field', (item) => disposalBody([item], { urgent: true })],
      ['an unknown field in a line', (item) => disposalBody([item], { items: [{ itemId: item.id, quantity: 1 }] })],
      ['no documentRef', (item) => ({ ...disposalBody([item]), documentRef: undefined })],
      ['a blank documentRef', (item) => disposalBody([item], { documentRef: '   ' })],
      ['a blank recipient', (item) => disposalBody([item], { method: 'SELL', recipient: ' ' })],
    ];
    it.each(badBodies)('%s → 400 VALIDATION_FAILED, nothing written', async (_name, body) => {
      const item = await ITEMS.document();
      await refused(() => requestDisposal(body(item)), 400, 'VALIDATION_FAILED');
    });

    it("the same item twice → 422 DUPLICATE_ITEMS; an unknown item or another station's → 404", async () => {
      const item = await ITEMS.document();
      await refused(() => requestDisposal(disposalBody([item, item])), 422, 'DUPLICATE_ITEMS');
      await refused(() => requestDisposal(disposalBody([item, { id: NO_SUCH_ID }])), 404, 'NOT_FOUND');
      const theirs = await post('/api/items', { category: 'EVIDENCE', kind: 'document', description: 'เอกสารของสถานีบี', locationId: t.b.room.id, evidence: ev() }, t.b.tokens.CLERK);
      expectOk(theirs, 201);
      await refused(() => requestDisposal(disposalBody([item, theirs.body])), 404, 'NOT_FOUND');
      await refused(() => requestDisposal(disposalBody([item]), t.b.tokens.CLERK), 404, 'NOT_FOUND');
    });

    it('an item on a loan (asked for or out) → 409 ITEM_ON_OPEN_LOAN; sent out → 409 ITEM_NOT_IN_STORAGE; back in the store it can be disposed of', async () => {
      const lent = await ITEMS.document();
      const other = await ITEMS.document();
      const loan = await requestLoan([lent]);
      expectOk(loan, 201);
      let res = await refused(() => requestDisposal(disposalBody([other, lent])), 409, 'ITEM_ON_OPEN_LOAN');
      expect(res.body.details).toMatchObject({ code: lent.code, loanId: loan.body.id });
      expectOk(await post(`/api/loans/${loan.body.id}/approve`, {}, tok().SUPERVISOR));
      expectOk(await post(`/api/loans/${loan.body.id}/issue`, { items: [{ code: lent.code }] }, tok().CLERK));
      expect((await getItem(lent.id)).status).toBe('ON_LOAN');
      res = await refused(() => requestDisposal(disposalBody([lent])), 409, 'ITEM_ON_OPEN_LOAN');
      expect(res.body.details).toMatchObject({ code: lent.code, loanId: loan.body.id });
      expectOk(await post(`/api/loans/${loan.body.id}/return`, { items: [{ code: lent.code, condition: 'GOOD' }] }, tok().CLERK));
      await requestOk([lent]);

      const sent = await ITEMS.document();
      expectOk(await event(sent.id, { type: 'SEND_OUT', recipient: 'ศาลจังหวัดทดสอบ', destination: 'COURT', documentRef: 'หนังสือนำส่ง 7/2569' }), 201);
      res = await refused(() => requestDisposal(disposalBody([sent])), 409, 'ITEM_NOT_IN_STORAGE');
      expect(res.body.details).toEqual({ code: sent.code, status: 'SENT_OUT' });
      expectOk(await event(sent.id, { type: 'RECEIVE_BACK', toLocationId: t.a.room.id }), 201);
      await requestOk([sent]);
    });

    it('an item on an open disposal (REQUESTED or APPROVED) → 409 ITEM_ON_OPEN_DISPOSAL naming it, for a disposal and for a loan', async () => {
      const { disposal, items } = await disposalIn('REQUESTED');
      const [item] = items;
      let res = await refused(() => requestDisposal(disposalBody([item]), tok().INVESTIGATOR), 409, 'ITEM_ON_OPEN_DISPOSAL');
      expect(res.body.details).toEqual({ code: item.code, disposalId: disposal.id });
      res = await refused(() => requestLoan([item]), 409, 'ITEM_ON_OPEN_DISPOSAL');
      expect(res.body.details).toEqual({ code: item.code, disposalId: disposal.id });
      expectOk(await approve(disposal.id));
      res = await refused(() => requestDisposal(disposalBody([item])), 409, 'ITEM_ON_OPEN_DISPOSAL');
      expect(res.body.details).toEqual({ code: item.code, disposalId: disposal.id });
      await refused(() => requestLoan([item]), 409, 'ITEM_ON_OPEN_DISPOSAL');
    });
  });

  // =================================================================================================
  describe('approval and rejection', () => {
    it('only the COMMANDER approves or rejects: 403 FORBIDDEN for the other roles, nothing written', async () => {
      const { disposal } = await disposalIn('REQUESTED');
      for (const role of ['CLERK', 'SUPERVISOR', 'INVESTIGATOR', 'OFFICER', 'AUDITOR'] as const) {
        await refused(() => approve(disposal.id, tok()[role]), 403, 'FORBIDDEN');
        await refused(() => reject(disposal.id, tok()[role]), 403, 'FORBIDDEN');
      }
      await refused(() => approve(disposal.id, t.adminToken), 403, 'FORBIDDEN');
      expect((await getDisposal(disposal.id)).status).toBe('REQUESTED');
    });

    it('the requester never decides: a SUPERVISOR + COMMANDER who asked → 403 SELF_APPROVAL; another commander approves (one audit row)', async () => {
      const item = await ITEMS.document();
      const d = await requestOk([item], {}, supCmdToken);
      expect(d.requestedBy.id).toBe(supCmd.id);
      await refused(() => approve(d.id, supCmdToken), 403, 'SELF_APPROVAL');
      await refused(() => reject(d.id, supCmdToken), 403, 'SELF_APPROVAL');
      clock.set(new Date(BASE.getTime() + 2 * HOUR));
      const before = await lastAuditId();
      const res = await approve(d.id, tok().COMMANDER, 'อนุมัติให้ทำลายตามคำพิพากษา');
      expectOk(res);
      expect(res.body).toMatchObject({ status: 'APPROVED', approvedBy: { id: t.a.users.COMMANDER.id, displayName: t.a.users.COMMANDER.displayName }, decisionNote: 'อนุมัติให้ทำลายตามคำพิพากษา', executedBy: null });
      expect(new Date(res.body.decidedAt).getTime()).toBe(BASE.getTime() + 2 * HOUR);
      const rows = await auditSince(before);
      expect(rows.map((r) => [r.action, r.entity_id, r.actor_id])).toEqual([['DISPOSAL_APPROVED', d.id, t.a.users.COMMANDER.id]]);
      expect(rows[0].after).toMatchObject({ status: 'APPROVED', approvedBy: t.a.users.COMMANDER.id });
      // A user who is also a commander may decide what someone else asked for.
      const other = await requestOk([await ITEMS.document()]);
      const bySupCmd = await approve(other.id, supCmdToken);
      expectOk(bySupCmd);
      expect(bySupCmd.body.approvedBy.id).toBe(supCmd.id);
      expect(await getItem(item.id)).toMatchObject({ status: 'IN_STORAGE' });
    });

    it('reject needs a note (422 NOTE_REQUIRED), records it, and frees the items for a new disposal or a loan', async () => {
      const { disposal, items } = await disposalIn('REQUESTED', [await ITEMS.document(), await ITEMS.equipment()]);
      await refused(() => reject(disposal.id, tok().COMMANDER, null), 422, 'NOTE_REQUIRED');
      await refused(() => reject(disposal.id, tok().COMMANDER, '  '), 400, 'VALIDATION_FAILED');
      const before = await lastAuditId();
      const res = await reject(disposal.id);
      expectOk(res);
      expect(res.body).toMatchObject({ status: 'REJECTED', approvedBy: { id: t.a.users.COMMANDER.id }, decisionNote: 'ไม่อนุมัติ ยังไม่มีคำพิพากษาถึงที่สุด', executedBy: null });
      expect((await auditSince(before)).map((r) => [r.action, r.entity_id])).toEqual([['DISPOSAL_REJECTED', disposal.id]]);
      expect(await ownerRows('SELECT open FROM disposal_items WHERE disposal_id = $1', [disposal.id])).toEqual([{ open: false }, { open: false }]);
      for (const item of items) expect(await getItem(item.id)).toMatchObject({ status: 'IN_STORAGE' });
      const again = await requestOk([items[0]]);
      expect(again.id).not.toBe(disposal.id);
      const loan = await requestLoan([items[1]]);
      expectOk(loan, 201);
      expectOk(await post(`/api/loans/${loan.body.id}/cancel`, {}, tok().OFFICER));
    });

    it("station B sees none of station A's disposals and cannot act on them (404)", async () => {
      const requested = (await disposalIn('REQUESTED')).disposal;
      const approved = (await disposalIn('APPROVED')).disposal;
      const list = await get('/api/disposals?pageSize=200', t.b.tokens.COMMANDER);
      expectOk(list);
      expect(list.body).toMatchObject({ items: [], total: 0 });
      expectError(await get(`/api/disposals/${requested.id}`, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      await refused(() => approve(requested.id, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      await refused(() => reject(requested.id, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      await refused(() => execute(approved.id, { witness: W('stb.supervisor'), items: approved.items.map((i: Json) => ({ itemId: i.itemId })) }, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      expect((await getDisposal(approved.id)).status).toBe('APPROVED');
    });

    describe('in the database', () => {
      const insertDisposal = (status: string, requester: string, approver: string | null, executor: string | null, witness: string | null) =>
        inRollback(
          `INSERT INTO disposals (station_id, status, method, legal_basis, document_ref, requested_by, requested_at, approved_by, decided_at, executed_by, executed_at, witness_id)
           VALUES ($1, $2, 'DESTROY', 'COURT_ORDER', 'ทดสอบข้อจำกัดของฐานข้อมูล', $3, now(), $4, CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() END, $5, CASE WHEN $5::uuid IS NULL THEN NULL ELSE now() END, $6)`,
          [t.a.station.id, status, requester, approver, executor, witness],
        );
      const id = (role: 'CLERK' | 'SUPERVISOR' | 'COMMANDER' | 'AUDITOR') => t.a.users[role].id;

      it('a row with four different hands is accepted (control)', async () => {
        await expect(insertDisposal('EXECUTED', id('CLERK'), id('COMMANDER'), id('SUPERVISOR'), id('AUDITOR'))).resolves.toBeUndefined();
      });

      it('approved_by = requested_by → ck_disposals_approver_not_requester, by INSERT and by UPDATE', async () => {
        await expect(insertDisposal('APPROVED', supCmd.id, supCmd.id, null, null)).rejects.toMatchObject({ code: '23514', constraint: 'ck_disposals_approver_not_requester' });
        const { disposal } = await disposalIn('REQUESTED');
        await expect(inRollback(`UPDATE disposals SET status = 'APPROVED', approved_by = requested_by, decided_at = now() WHERE id = $1`, [disposal.id])).rejects.toMatchObject({
          code: '23514',
          constraint: 'ck_disposals_approver_not_requester',
        });
        expect((await getDisposal(disposal.id)).status).toBe('REQUESTED');
      });

      it('executed_by = approved_by → ck_disposals_executor_not_approver; witness_id = executed_by → ck_disposals_witness_not_executor', async () => {
        await expect(insertDisposal('EXECUTED', id('CLERK'), clerkCmd.id, clerkCmd.id, id('SUPERVISOR'))).rejects.toMatchObject({ code: '23514', constraint: 'ck_disposals_executor_not_approver' });
        await expect(insertDisposal('EXECUTED', id('CLERK'), id('COMMANDER'), id('SUPERVISOR'), id('SUPERVISOR'))).rejects.toMatchObject({ code: '23514', constraint: 'ck_disposals_witness_not_executor' });
        await expect(insertDisposal('EXECUTED', id('CLERK'), id('COMMANDER'), id('SUPERVISOR'), null)).rejects.toMatchObject({ code: '23514', constraint: 'ck_disposals_executed' });
      });

      it('a second open line for an item → uq_disposal_items_open_item; as khlang_app, disposals are never deleted', async () => {
        const { disposal, items } = await disposalIn('REQUESTED');
        const other = (await disposalIn('REQUESTED')).disposal;
        await expect(inRollback(`INSERT INTO disposal_items (station_id, disposal_id, item_id, open) VALUES ($1, $2, $3, true)`, [t.a.station.id, other.id, items[0].id])).rejects.toMatchObject({
          code: '23505',
          constraint: 'uq_disposal_items_open_item',
        });
        await expect(inRollback('DELETE FROM disposal_items WHERE disposal_id = $1', [disposal.id], true)).rejects.toThrow(/permission denied/);
        await expect(inRollback('DELETE FROM disposals WHERE id = $1', [disposal.id], true)).rejects.toThrow(/permission denied/);
        await expect(t.dataSource.query('DELETE FROM disposals WHERE id = $1', [disposal.id])).rejects.toThrow(/permission denied/);
        expect((await getDisposal(disposal.id)).status).toBe('REQUESTED');
      });
    });
  });

  // =================================================================================================
  describe('execution', () => {
    it('by the CLERK with a witness: the item is DISPOSED (kept, never deleted) and its timeline ends with DISPOSE, witness and documentRef', async () => {
      const item = await ITEMS.document();
      const { disposal } = await disposalIn('APPROVED', [item], { method: 'RETURN_TO_OWNER', recipient: 'นายเจ้าของ ตัวจริง', legalBasis: 'COURT_ORDER' });
      clock.set(new Date(BASE.getTime() + 24 * HOUR));
      const before = await lastAuditId();
      const res = await execute(disposal.id, { witness: W() });
      expectOk(res);
      expect(res.body).toMatchObject({
        id: disposal.id,
        status: 'EXECUTED',
        approvedBy: { id: t.a.users.COMMANDER.id },
        executedBy: { id: t.a.users.CLERK.id, displayName: t.a.users.CLERK.displayName },
        witness: { id: t.a.users.SUPERVISOR.id, displayName: t.a.users.SUPERVISOR.displayName },
        incidents: [],
      });
      expect(new Date(res.body.executedAt).getTime()).toBe(BASE.getTime() + 24 * HOUR);
      expect(res.body.items).toEqual([expect.objectContaining({ itemId: item.id, status: 'DISPOSED', weightSeenGrams: null })]);
      expect(await getDisposal(disposal.id)).toEqual({ ...res.body, incidents: undefined });

      const rows = await auditSince(before);
      expect(rows.map((r) => [r.action, r.entity_id, r.actor_id])).toEqual([
        ['ITEM_DISPOSE', item.id, t.a.users.CLERK.id],
        ['DISPOSAL_EXECUTED', disposal.id, t.a.users.CLERK.id],
      ]);
      expect(rows[0].after).toMatchObject({ status: 'DISPOSED', locationId: null, witnessId: t.a.users.SUPERVISOR.id });
      expect(rows[1].after).toMatchObject({ status: 'EXECUTED', executedBy: t.a.users.CLERK.id, witnessId: t.a.users.SUPERVISOR.id, incidents: [] });

      expect(await getItem(item.id)).toMatchObject({ status: 'DISPOSED', locationId: null, holderId: null, holderText: 'นายเจ้าของ ตัวจริง', code: item.code });
      expect(await ownerRows('SELECT status FROM items WHERE id = $1', [item.id])).toEqual([{ status: 'DISPOSED' }]);
      const events = await timeline(item.id);
      expect(events.map((e) => e.type)).toEqual(['INTAKE', 'DISPOSE']);
      expect(events[1]).toMatchObject({
        type: 'DISPOSE',
        actor: { id: t.a.users.CLERK.id },
        witness: { id: t.a.users.SUPERVISOR.id },
        fromStatus: 'IN_STORAGE',
        toStatus: 'DISPOSED',
        fromLocation: { id: t.a.room.id },
        toLocation: null,
        recipient: 'นายเจ้าของ ตัวจริง',
        documentRef: DOC_REF,
        quantity: item.quantity,
      });
      expect(events[1].reason).toContain('คืนเจ้าของ');
      expect(await ownerRows('SELECT open FROM disposal_items WHERE disposal_id = $1', [disposal.id])).toEqual([{ open: false }]);
    });

    it('by a SUPERVISOR too; the other roles → 403 FORBIDDEN', async () => {
      const { disposal, items } = await disposalIn('APPROVED');
      for (const role of ['COMMANDER', 'INVESTIGATOR', 'OFFICER', 'AUDITOR'] as const) await refused(() => execute(disposal.id, { witness: W('sta.clerk') }, tok()[role]), 403, 'FORBIDDEN');
      const res = await execute(disposal.id, { witness: W('sta.auditor') }, tok().SUPERVISOR);
      expectOk(res);
      expect(res.body).toMatchObject({ status: 'EXECUTED', executedBy: { id: t.a.users.SUPERVISOR.id }, witness: { id: t.a.users.AUDITOR.id } });
      expect((await getItem(items[0].id)).status).toBe('DISPOSED');
    });

    it('the witness is required (422 WITNESS_REQUIRED), is not the actor, signs in correctly and belongs to the station (422)', async () => {
      const { disposal } = await disposalIn('APPROVED');
      await refused(() => execute(disposal.id, {}), 422, 'WITNESS_REQUIRED');
      await refused(() => execute(disposal.id, { witness: W('sta.clerk') }), 422, 'WITNESS_IS_ACTOR');
      await refused(() => execute(disposal.id, { witness: W('sta.supervisor', 'wrong-password') }), 422, 'WITNESS_INVALID');
      await refused(() => execute(disposal.id, { witness: W('stb.supervisor') }), 422, 'WITNESS_INVALID');
      await refused(() => execute(disposal.id, { witness: { username: 'sta.supervisor' } }), 400, 'VALIDATION_FAILED');
      await refused(() => execute(disposal.id, { witness: W(), colour: 'red' }), 400, 'VALIDATION_FAILED');
      expectOk(await execute(disposal.id, { witness: W() }));
    });

    it('the approver never carries it out: a CLERK + COMMANDER who approved → 403 EXECUTOR_IS_APPROVER; another clerk (here the requester) can', async () => {
      const item = await ITEMS.document();
      const d = await requestOk([item]);
      const approved = await approve(d.id, clerkCmdToken);
      expectOk(approved);
      expect(approved.body.approvedBy.id).toBe(clerkCmd.id);
      await refused(() => execute(d.id, { witness: W() }, clerkCmdToken), 403, 'EXECUTOR_IS_APPROVER');
      const res = await execute(d.id, { witness: W('sta.commander') }, tok().CLERK);
      expectOk(res);
      expect(res.body).toMatchObject({ status: 'EXECUTED', executedBy: { id: t.a.users.CLERK.id }, approvedBy: { id: clerkCmd.id }, witness: { id: t.a.users.COMMANDER.id } });
      // And clerkCmd may carry out one someone else approved.
      const other = await disposalIn('APPROVED');
      const byClerkCmd = await execute(other.disposal.id, { witness: W() }, clerkCmdToken);
      expectOk(byClerkCmd);
      expect(byClerkCmd.body.executedBy.id).toBe(clerkCmd.id);
    });

    describe('drugs are re-weighed and compared with the record (tolerance 0.1 g)', () => {
      it('no weight → 422 REWEIGH_REQUIRED; the seal too → 422 BLIND_CHECK_REQUIRED; nothing written', async () => {
        const drugs = await ITEMS.drugs(20.5);
        const { disposal } = await disposalIn('APPROVED', [drugs]);
        let res = await refused(() => execute(disposal.id, { witness: W() }), 422, 'REWEIGH_REQUIRED');
        expect(res.body.details).toEqual({ codes: [drugs.code] });
        // The drugs are weighed even before the witness is asked for.
        await refused(() => execute(disposal.id, {}), 422, 'REWEIGH_REQUIRED');
        await refused(() => execute(disposal.id, { witness: W(), items: [{ itemId: drugs.id, sealNumber: drugs.sealNumber }] }), 422, 'REWEIGH_REQUIRED');
        res = await refused(() => execute(disposal.id, { witness: W(), weightGrams: 20.5 }), 422, 'BLIND_CHECK_REQUIRED');
        expect(res.body.details).toEqual({ missing: ['sealNumber'], code: drugs.code });
        await refused(() => execute(disposal.id, { witness: W(), weightGrams: -1 }), 400, 'VALIDATION_FAILED');
        await refused(() => execute(disposal.id, { witness: W(), items: [{ itemId: NO_SUCH_ID, weightGrams: 20.5 }] }), 422, 'NOT_ON_DISPOSAL');
        expect((await getDisposal(disposal.id)).status).toBe('APPROVED');
        expect((await getItem(drugs.id)).status).toBe('IN_STORAGE');
      });

      const WEIGHTS: [seen: number, mismatch: boolean][] = [
        [20.5, false],
        [20.6, false],
        [20.4, false],
        [20.39, true],
        [20.7, true],
      ];
      it.each(WEIGHTS)('recorded 20.5 g, weighed %d g → 200; a WEIGHT_MISMATCH incident: %s', async (seen, mismatch) => {
        const drugs = await ITEMS.drugs(20.5);
        const { disposal } = await disposalIn('APPROVED', [drugs]);
        // The one-item form: the weight at the top, the seal in items[].
        const res = await execute(disposal.id, { witness: W(), weightGrams: seen, items: [{ itemId: drugs.id, sealNumber: drugs.sealNumber }] });
        expectOk(res);
        expect(res.body.status).toBe('EXECUTED');
        expect(res.body.items).toEqual([expect.objectContaining({ itemId: drugs.id, status: 'DISPOSED', weightGrams: 20.5, weightSeenGrams: seen })]);
        const events = await timeline(drugs.id);
        const dispose = events[events.length - 1];
        expect(dispose).toMatchObject({ type: 'DISPOSE', weightSeenGrams: seen, sealSeen: drugs.sealNumber, witness: { id: t.a.users.SUPERVISOR.id } });
        const incidents = await incidentsOf(drugs.id);
        if (mismatch) {
          expect(res.body.incidents).toEqual([expect.objectContaining({ kind: 'WEIGHT_MISMATCH', expected: '20.5', observed: String(seen), itemId: drugs.id, status: 'OPEN' })]);
          expect(incidents).toEqual([expect.objectContaining({ id: res.body.incidents[0].id, kind: 'WEIGHT_MISMATCH', expected: '20.5', observed: String(seen), status: 'OPEN', eventId: dispose.id })]);
          const [row] = await ownerRows(`SELECT after FROM audit_log WHERE action = 'DISPOSAL_EXECUTED' AND entity_id = $1`, [disposal.id]);
          expect(row.after.incidents).toEqual([res.body.incidents[0].id]);
        } else {
          expect(res.body.incidents).toEqual([]);
          expect(incidents).toEqual([]);
        }
      });

      it('several items: each weight in items[] (a top-level weight → 422 WEIGHT_PER_ITEM); a refusal on one item writes nothing for the others', async () => {
        const [first, second] = [await ITEMS.drugs(10), await ITEMS.drugs(12.25)].sort((x, y) => (x.id < y.id ? -1 : 1));
        const { disposal } = await disposalIn('APPROVED', [first, second]);
        await refused(() => execute(disposal.id, { witness: W(), weightGrams: 10 }), 422, 'WEIGHT_PER_ITEM');
        const res1 = await refused(() => execute(disposal.id, { witness: W(), items: [{ itemId: first.id, ...blindOf(first) }] }), 422, 'REWEIGH_REQUIRED');
        expect(res1.body.details).toEqual({ codes: [second.code] });
        // The items are taken in id order: the first passes its blind check (its DISPOSE is written), the second fails it: all is undone.
        const res2 = await refused(
          () => execute(disposal.id, { witness: W(), items: [{ itemId: first.id, ...blindOf(first) }, { itemId: second.id, weightGrams: 12.25 }] }),
          422,
          'BLIND_CHECK_REQUIRED',
        );
        expect(res2.body.details).toEqual({ missing: ['sealNumber'], code: second.code });
        expect((await getItem(first.id)).status).toBe('IN_STORAGE');
        const before = await lastAuditId();
        const res = await execute(disposal.id, executeBody([first, second]));
        expectOk(res);
        expect(Object.fromEntries(res.body.items.map((i: Json) => [i.itemId, [i.status, i.weightSeenGrams]]))).toEqual({ [first.id]: ['DISPOSED', first.weightGrams], [second.id]: ['DISPOSED', second.weightGrams] });
        expect((await auditSince(before)).map((r) => r.action)).toEqual(['ITEM_DISPOSE', 'ITEM_DISPOSE', 'DISPOSAL_EXECUTED']);
      });
    });

    it('a HIGH item with a seal: the seal is entered blind (422 BLIND_CHECK_REQUIRED); a wrong seal → 200 and a SEAL_MISMATCH incident', async () => {
      const gun = await ITEMS.evidenceFirearm({ sealNumber: next('GS') });
      expect(gun.riskClass).toBe('HIGH');
      const { disposal } = await disposalIn('APPROVED', [gun], { method: 'TRANSFER', recipient: 'กองสรรพาวุธ สำนักงานตำรวจแห่งชาติ' });
      const res1 = await refused(() => execute(disposal.id, { witness: W() }), 422, 'BLIND_CHECK_REQUIRED');
      expect(res1.body.details).toEqual({ missing: ['sealNumber'], code: gun.code });
      await refused(() => execute(disposal.id, { items: [{ itemId: gun.id, sealNumber: gun.sealNumber }] }), 422, 'WITNESS_REQUIRED');
      const res = await execute(disposal.id, { witness: W(), items: [{ itemId: gun.id, sealNumber: 'GS-WRONG' }] });
      expectOk(res);
      expect(res.body.incidents).toEqual([expect.objectContaining({ kind: 'SEAL_MISMATCH', expected: gun.sealNumber, observed: 'GS-WRONG', itemId: gun.id })]);
      expect((await incidentsOf(gun.id)).map((i) => i.kind)).toEqual(['SEAL_MISMATCH']);
      expect(await getItem(gun.id)).toMatchObject({ status: 'DISPOSED', sealNumber: gun.sealNumber, holderText: 'กองสรรพาวุธ สำนักงานตำรวจแห่งชาติ' });
    });

    it('HIGH cash: the amount is counted blind (422 BLIND_CHECK_REQUIRED without it)', async () => {
      const cash = await ITEMS.evidenceCash();
      const { disposal } = await disposalIn('APPROVED', [cash], { method: 'TRANSFER', recipient: 'กรมบัญชีกลาง', legalBasis: 'FORFEITURE' });
      const res1 = await refused(() => execute(disposal.id, { witness: W() }), 422, 'BLIND_CHECK_REQUIRED');
      expect(res1.body.details).toEqual({ missing: ['amount'], code: cash.code });
      const res = await execute(disposal.id, { witness: W(), items: [{ itemId: cash.id, amount: 1500 }] });
      expectOk(res);
      expect(res.body.incidents).toEqual([]);
    });

    describe('illegal transitions → 409 ILLEGAL_DISPOSAL_TRANSITION, nothing written', () => {
      const disposals = {} as Record<DisposalState, { disposal: Json; items: Json[] }>;
      beforeAll(async () => {
        clock.set(BASE);
        for (const state of ['REQUESTED', 'APPROVED', 'REJECTED', 'EXECUTED'] as DisposalState[]) disposals[state] = await disposalIn(state);
      });
      const CASES: [action: 'approve' | 'reject' | 'execute', state: DisposalState, allowedFrom: DisposalState[]][] = [
        ['execute', 'REQUESTED', ['APPROVED']],
        ['execute', 'REJECTED', ['APPROVED']],
        ['execute', 'EXECUTED', ['APPROVED']],
        ['approve', 'APPROVED', ['REQUESTED']],
        ['approve', 'REJECTED', ['REQUESTED']],
        ['approve', 'EXECUTED', ['REQUESTED']],
        ['reject', 'APPROVED', ['REQUESTED']],
        ['reject', 'REJECTED', ['REQUESTED']],
        ['reject', 'EXECUTED', ['REQUESTED']],
      ];
      it.each(CASES)('%s a disposal that is %s', async (action, state, allowedFrom) => {
        const { disposal, items } = disposals[state];
        const call = action === 'approve' ? () => approve(disposal.id) : action === 'reject' ? () => reject(disposal.id) : () => execute(disposal.id, executeBody(items));
        const res = await refused(call, 409, 'ILLEGAL_DISPOSAL_TRANSITION');
        expect(res.body.details).toEqual({ status: state, allowedFrom });
        expect((await getDisposal(disposal.id)).status).toBe(state);
      });

      it('unknown disposals → 404; ids that are not UUIDs → 400', async () => {
        await refused(() => approve(NO_SUCH_ID), 404, 'NOT_FOUND');
        await refused(() => reject(NO_SUCH_ID), 404, 'NOT_FOUND');
        await refused(() => execute(NO_SUCH_ID, { witness: W() }), 404, 'NOT_FOUND');
        expectError(await get(`/api/disposals/${NO_SUCH_ID}`, tok().CLERK), 404, 'NOT_FOUND');
        await refused(() => approve('not-a-uuid'), 400, 'INVALID_ID');
        expectError(await get('/api/disposals?status=BURIED', tok().CLERK), 400, 'VALIDATION_FAILED');
      });
    });
  });

  // =================================================================================================
  describe('a disposed item is closed for good', () => {
    let doc: Json;
    let gun: Json;
    let live: Json;

    beforeAll(async () => {
      clock.set(BASE);
      doc = await ITEMS.document();
      gun = await ITEMS.evidenceFirearm();
      live = await ITEMS.document();
      await disposalIn('EXECUTED', [doc, gun]);
    });

    it('it is still there (GET, by code) and its history ends with DISPOSE', async () => {
      for (const item of [doc, gun]) {
        expect(await getItem(item.id, tok().AUDITOR)).toMatchObject({ id: item.id, code: item.code, status: 'DISPOSED' });
        const byCode = await get(`/api/items/by-code/${item.code}`, tok().CLERK);
        expectOk(byCode);
        expect(byCode.body.status).toBe('DISPOSED');
        expect((await timeline(item.id)).map((e) => e.type)).toEqual(['INTAKE', 'DISPOSE']);
      }
    });

    it('a loan → 409 ITEM_CLOSED', async () => {
      const res = await refused(() => requestLoan([doc]), 409, 'ITEM_CLOSED');
      expect(res.body.details).toEqual({ code: doc.code });
      await refused(() => requestLoan([live, gun]), 409, 'ITEM_CLOSED');
    });

    it('custody events → 409 ILLEGAL_TRANSITION (MOVE, SEND_OUT, CONDITION_CHECK, RESEAL, AMEND)', async () => {
      let res = await refused(() => event(doc.id, { type: 'MOVE', toLocationId: t.a.safe.id }), 409, 'ILLEGAL_TRANSITION');
      expect(res.body.details).toEqual({ type: 'MOVE', status: 'DISPOSED', allowedFrom: ['IN_STORAGE'] });
      res = await refused(() => event(gun.id, { type: 'MOVE', toLocationId: t.a.safe.id, witness: W() }), 409, 'ILLEGAL_TRANSITION');
      expect(res.body.details).toMatchObject({ type: 'MOVE', status: 'DISPOSED' });
      await refused(() => event(doc.id, { type: 'SEND_OUT', recipient: 'ศาลจังหวัดทดสอบ', destination: 'COURT', documentRef: 'หนังสือ 9/2569' }), 409, 'ILLEGAL_TRANSITION');
      await refused(() => event(gun.id, { type: 'CONDITION_CHECK', condition: 'GOOD', witness: W() }), 409, 'ILLEGAL_TRANSITION');
      await refused(() => event(doc.id, { type: 'RESEAL', sealNumber: 'NEW-1', reason: 'ซีลเดิมชำรุด' }), 409, 'ILLEGAL_TRANSITION');
      await refused(() => event(doc.id, { type: 'AMEND', changes: { description: 'แก้ไขหลังจำหน่าย' }, reason: 'พิมพ์ผิด' }), 409, 'ILLEGAL_TRANSITION');
    });

    it('labels → 409 ITEM_CLOSED (GET label.png and POST /api/labels/sheet); a live item still prints', async () => {
      let res = await refused(() => get(`/api/items/${doc.id}/label.png`, tok().CLERK), 409, 'ITEM_CLOSED');
      expect(res.body.details).toEqual({ codes: [doc.code] });
      await refused(() => get(`/api/items/${gun.id}/label.png?symbology=qrcode`, tok().CLERK), 409, 'ITEM_CLOSED');
      res = await refused(() => post('/api/labels/sheet', { itemIds: [live.id, doc.id], template: 'a4-3x8' }, tok().CLERK), 409, 'ITEM_CLOSED');
      expect(res.body.details).toEqual({ codes: [doc.code] });
      const png = await get(`/api/items/${live.id}/label.png`, tok().CLERK);
      expectOk(png);
      expect(png.headers['content-type']).toMatch(/^image\/png/);
    });

    it('a second disposal → 409 ITEM_CLOSED', async () => {
      const res = await refused(() => requestDisposal(disposalBody([doc])), 409, 'ITEM_CLOSED');
      expect(res.body.details).toEqual({ code: doc.code });
      await refused(() => requestDisposal(disposalBody([live, gun], { method: 'SELL', recipient: 'ผู้ชนะการประมูล' })), 409, 'ITEM_CLOSED');
    });

    it('the database refuses any UPDATE of it, even as the owner (items_closed_final), and any DELETE', async () => {
      const [before] = await ownerRows('SELECT row_to_json(i)::text AS row FROM items i WHERE id = $1', [doc.id]);
      const closed = { code: '23514', constraint: 'ck_items_closed_final' };
      await expect(inRollback(`UPDATE items SET status = 'IN_STORAGE', location_id = $2, holder_text = NULL WHERE id = $1`, [doc.id, t.a.room.id])).rejects.toMatchObject(closed);
      await expect(inRollback(`UPDATE items SET description = 'แก้ไขหลังปิดบัญชี' WHERE id = $1`, [doc.id])).rejects.toMatchObject(closed);
      await expect(inRollback(`UPDATE items SET updated_at = now() WHERE id = $1`, [gun.id])).rejects.toMatchObject(closed);
      await expect(inRollback(`UPDATE items SET status = status WHERE station_id = $1`, [t.a.station.id])).rejects.toMatchObject(closed);
      await expect(inRollback(`UPDATE items SET condition = 'LOST' WHERE id = $1`, [doc.id], true)).rejects.toMatchObject(closed);
      await expect(t.dataSource.query(`UPDATE items SET quantity = 2 WHERE id = $1`, [doc.id])).rejects.toMatchObject(closed);
      await expect(inRollback('DELETE FROM items WHERE id = $1', [doc.id])).rejects.toMatchObject({ code: '42501' });
      await expect(inRollback('DELETE FROM items WHERE id = $1', [doc.id], true)).rejects.toThrow(/permission denied/);
      expect(await ownerRows('SELECT row_to_json(i)::text AS row FROM items i WHERE id = $1', [doc.id])).toEqual([before]);
      // A live item can still be changed by the owner (the trigger is about closed items only).
      await expect(inRollback(`UPDATE items SET description = 'แก้ไขได้' WHERE id = $1`, [live.id])).resolves.toBeUndefined();
    });
  });

  // =================================================================================================
  describe('evidence due for disposition (manual clock, Thai days)', () => {
    const reasonsOf = async (item: Json) => (await dueOf(item))?.reasons ?? null;
    /** The clock at the last second of the day before `day`, then at its first second: absent, then present. */
    async function crossing(item: Json, day: string, reasons: string[]) {
      clock.set(thai(shiftDay(day, -1), '23:59:59'));
      const list = await dueList();
      expect(list.asOf).toBe(shiftDay(day, -1));
      expect(list.items.find((e: Json) => e.itemId === item.id)).toBeUndefined();
      clock.set(thai(day));
      const after = await dueList();
      expect(after.asOf).toBe(day);
      expect(after.items.find((e: Json) => e.itemId === item.id)?.reasons ?? null).toEqual(reasons);
    }

    it("REVIEW_DUE on the item's own review date: absent the day before, present from that day (midnight in Bangkok = 17:00 UTC)", async () => {
      const item = await ITEMS.document({ caseNumber: '601/2569', ownerName: 'นายเจ้าของ รอรับคืน', reviewDate: '2027-03-15' });
      clock.set(new Date('2027-03-14T16:59:59Z'));
      const before = await dueList();
      expect(before.asOf).toBe('2027-03-14');
      expect(before.items.find((e: Json) => e.itemId === item.id)).toBeUndefined();
      clock.set(new Date('2027-03-14T17:00:00Z'));
      const entry = await dueOf(item);
      expect(entry).toEqual({
        itemId: item.id,
        code: item.code,
        kind: 'document',
        description: item.description,
        caseNumber: '601/2569',
        status: 'IN_STORAGE',
        reviewDate: '2027-03-15',
        forfeitureDate: null,
        reasons: ['REVIEW_DUE'],
      });
      clock.set(thai('2028-01-01'));
      expect(await reasonsOf(item)).toEqual(['REVIEW_DUE']);
    });

    it('without a review date: registration + evidenceReviewMonths (12) months; the station setting moves it', async () => {
      const item = await ITEMS.document({ caseNumber: '602/2569', ownerName: 'นายเจ้าของ ไม่มีกำหนดทบทวน' });
      const registered = bangkokDay(item.registeredAt);
      const review = addMonths(registered, 12);
      await crossing(item, review, ['REVIEW_DUE']);
      expect((await dueOf(item))?.reviewDate).toBe(review);
      try {
        expectOk(await settings({ evidenceReviewMonths: 6 }));
        const six = addMonths(registered, 6);
        await crossing(item, six, ['REVIEW_DUE']);
        expect((await dueOf(item))?.reviewDate).toBe(six);
      } finally {
        expectOk(await settings({ evidenceReviewMonths: 12 }));
      }
    });

    it('OWNER_NOTIFIED_1Y: the owner was told and one year has passed', async () => {
      const item = await ITEMS.document({ caseNumber: '603/2569', ownerName: 'นายเจ้าของ แจ้งแล้ว', ownerNotifiedAt: '2026-06-10', reviewDate: '2040-01-01' });
      await crossing(item, '2027-06-10', ['OWNER_NOTIFIED_1Y']);
      expect(await dueOf(item)).toMatchObject({ reviewDate: '2040-01-01', forfeitureDate: '2027-06-10' });
    });

    it('a known owner not yet told is never forfeited (the 5-year rule is for unknown owners)', async () => {
      const item = await ITEMS.document({ caseNumber: '604/2569', ownerName: 'นายเจ้าของ ยังไม่ได้แจ้ง', seizedAt: '2020-01-01T10:00:00+07:00', reviewDate: '2045-01-01' });
      clock.set(thai('2044-12-31', '23:59:59'));
      expect(await dueOf(item)).toBeUndefined();
      clock.set(thai('2045-01-01'));
      expect(await dueOf(item)).toMatchObject({ reasons: ['REVIEW_DUE'], forfeitureDate: null });
    });

    it('OWNER_UNKNOWN_5Y: five years from the public notice (not from the seizure)', async () => {
      const item = await ITEMS.document({ caseNumber: '605/2569', seizedAt: '2025-01-01T10:00:00+07:00', publicNoticeAt: '2026-02-01', reviewDate: '2040-01-01' });
      clock.set(thai('2030-06-01'));
      expect(await dueOf(item)).toBeUndefined();
      await crossing(item, '2031-02-01', ['OWNER_UNKNOWN_5Y']);
      expect(await dueOf(item)).toMatchObject({ forfeitureDate: '2031-02-01', reviewDate: '2040-01-01' });
    });

    it('OWNER_UNKNOWN_5Y: without a notice, five years from the seizure', async () => {
      const item = await ITEMS.document({ caseNumber: '606/2569', seizedAt: '2025-08-20T10:00:00+07:00', reviewDate: '2040-01-01' });
      await crossing(item, '2030-08-20', ['OWNER_UNKNOWN_5Y']);
    });

    it('OWNER_UNKNOWN_5Y: with neither, five years from registration', async () => {
      const item = await ITEMS.document({ caseNumber: '607/2569', reviewDate: '2045-01-01' });
      const forfeiture = addYears(bangkokDay(item.registeredAt), 5);
      await crossing(item, forfeiture, ['OWNER_UNKNOWN_5Y']);
      expect((await dueOf(item))?.forfeitureDate).toBe(forfeiture);
    });

    it('both reasons on the same day', async () => {
      const item = await ITEMS.document({ caseNumber: '608/2569', publicNoticeAt: '2022-01-10', reviewDate: '2027-01-10' });
      await crossing(item, '2027-01-10', ['REVIEW_DUE', 'OWNER_UNKNOWN_5Y']);
    });

    it('a date written with another offset counts on its day in Thailand (2025-08-20T20:00Z is 21 Aug in Bangkok)', async () => {
      const item = await ITEMS.document({ caseNumber: '609/2569', seizedAt: '2025-08-20T20:00:00Z', reviewDate: '2040-01-01' });
      await crossing(item, '2030-08-21', ['OWNER_UNKNOWN_5Y']);
    });

    it("disposed items drop off; property, weapons and station B's evidence never appear; every due item is listed", async () => {
      const item = await ITEMS.document({ caseNumber: '610/2569', reviewDate: '2027-01-05' });
      const property = await ITEMS.equipment();
      const weapon = await ITEMS.weaponFirearm();
      const inB = await post('/api/items', { category: 'EVIDENCE', kind: 'document', description: 'ของกลางสถานีบี', locationId: t.b.room.id, evidence: { caseNumber: '10/2569', reviewDate: '2027-01-05' } }, t.b.tokens.CLERK);
      expectOk(inB, 201);
      clock.set(thai('2027-02-01'));
      expect(await reasonsOf(item)).toEqual(['REVIEW_DUE']);
      await disposeOf(item);
      expect(await dueOf(item)).toBeUndefined();
      expect((await getItem(item.id)).status).toBe('DISPOSED');

      // Far enough ahead, every evidence item of the station still held is due, and nothing else.
      clock.set(thai('2046-06-01'));
      const list = await dueList(tok().AUDITOR);
      const ids = list.items.map((e: Json) => e.itemId);
      const [{ n }] = await ownerRows<{ n: number }>(`SELECT count(*)::int AS n FROM items WHERE station_id = $1 AND category = 'EVIDENCE' AND status <> 'DISPOSED'`, [t.a.station.id]);
      expect(list.total).toBe(n);
      expect(new Set(ids).size).toBe(n);
      for (const other of [item, property, weapon, inB.body]) expect(ids).not.toContain(other.id);
      expect(list.items.every((e: Json) => e.status !== 'DISPOSED' && e.reasons.length > 0)).toBe(true);
      const inBList = await dueOf(inB.body, t.b.tokens.CLERK);
      expect(inBList).toMatchObject({ reasons: expect.arrayContaining(['REVIEW_DUE']) });
      const bIds = (await dueList(t.b.tokens.CLERK)).items.map((e: Json) => e.itemId);
      const bHeld = await ownerRows<{ id: string }>(`SELECT id FROM items WHERE station_id = $1 AND category = 'EVIDENCE' AND status <> 'DISPOSED' ORDER BY id`, [t.b.station.id]);
      expect([...bIds].sort()).toEqual(bHeld.map((r) => r.id));
      expect(bIds).toContain(inB.body.id);
      expect(bIds.filter((id: string) => ids.includes(id))).toEqual([]);
      expectError(await get('/api/evidence/due-for-disposition?pageSize=500', tok().CLERK), 400, 'VALIDATION_FAILED');
    });
  });

  // =================================================================================================
  describe('evidence firearms not checked since 1 October (ข้อ 53)', () => {
    let checked: Json;
    let counted: Json;
    let missed: Json;
    let countSafe: Json;
    /** The real time, to which the clock is set where custody events (stamped by the database) are compared. */
    const realNow = () => new Date();

    beforeAll(async () => {
      clock.set(realNow());
      const res = await post('/api/locations', { code: 'SAFE-FA', name: 'ตู้นิรภัยอาวุธปืนของกลาง', kind: 'SAFE', secure: true, stationId: t.a.station.id }, t.adminToken);
      expectOk(res, 201);
      countSafe = res.body;
      checked = await ITEMS.evidenceFirearm({}, { caseNumber: '701/2569' });
      counted = await ITEMS.evidenceFirearm({ locationId: countSafe.id }, { caseNumber: '702/2569' });
      missed = await ITEMS.evidenceFirearm({ locationId: countSafe.id }, { caseNumber: '703/2569' });
    });

    it('an unchecked evidence firearm is listed with since = the last 1 October and deadline = the next 30 September; weapons of the station are not', async () => {
      clock.set(realNow());
      const { since, deadline } = fiscalYear(bangkokDay(clock.now()));
      const weapon = await ITEMS.weaponFirearm();
      const ammunition = await register({ category: 'EVIDENCE', kind: 'ammunition', description: 'กระสุนของกลาง', quantity: 10, unit: 'นัด', locationId: t.a.safe.id, evidence: ev(), witness: W() });
      const list = await firearmsList();
      expect({ since: list.since, deadline: list.deadline }).toEqual({ since, deadline });
      const entry = list.items.find((f: Json) => f.itemId === checked.id);
      expect(entry).toEqual({ itemId: checked.id, code: checked.code, description: checked.description, caseNumber: '701/2569', serialNumber: checked.serialNumber, status: 'IN_STORAGE', lastCheckedAt: null });
      const ids = list.items.map((f: Json) => f.itemId);
      expect(ids).toEqual(expect.arrayContaining([checked.id, counted.id, missed.id]));
      expect(ids).not.toContain(weapon.id);
      expect(ids).not.toContain(ammunition.id);

      // The fiscal year turns at midnight of 1 October in Bangkok.
      clock.set(thai('2027-09-30', '23:59:59'));
      expect(await firearmsList()).toMatchObject({ since: '2026-10-01', deadline: '2027-09-30' });
      clock.set(new Date('2027-09-30T17:00:00Z'));
      expect(await firearmsList()).toMatchObject({ since: '2027-10-01', deadline: '2028-09-30' });
    });

    it('a CONDITION_CHECK (with a witness: HIGH) takes it off the list until the next 1 October', async () => {
      clock.set(realNow());
      const { deadline } = fiscalYear(bangkokDay(clock.now()));
      await refused(() => event(checked.id, { type: 'CONDITION_CHECK', condition: 'GOOD' }), 422, 'WITNESS_REQUIRED');
      const res = await event(checked.id, { type: 'CONDITION_CHECK', condition: 'GOOD', note: 'ผู้บังคับบัญชาตรวจสภาพประจำปี', witness: W('sta.commander') });
      expectOk(res, 201);
      expect(await uncheckedIds()).not.toContain(checked.id);
      const checkedAt = (await timeline(checked.id)).find((e) => e.type === 'CONDITION_CHECK')!.at;

      clock.set(thai(deadline, '23:59:59'));
      expect(await uncheckedIds()).not.toContain(checked.id);
      clock.set(thai(shiftDay(deadline, 1)));
      const list = await firearmsList();
      expect(list.since).toBe(shiftDay(deadline, 1));
      expect(list.items.find((f: Json) => f.itemId === checked.id)).toMatchObject({ lastCheckedAt: new Date(checkedAt).toISOString() });
    });

    it('FOUND in a closed count counts as the check; an open count, or a count that did not find it, does not', async () => {
      clock.set(realNow());
      const { deadline } = fiscalYear(bangkokDay(clock.now()));
      const started = await post('/api/audits', { kind: 'SPOT', scope: { locationId: countSafe.id } }, tok().CLERK);
      expectOk(started, 201);
      const auditId = started.body.id;
      expectOk(await post(`/api/audits/${auditId}/scans`, { code: counted.code }, tok().CLERK), 201);
      expect(await uncheckedIds()).toEqual(expect.arrayContaining([counted.id, missed.id]));
      const closed = await post(`/api/audits/${auditId}/close`, { witness: W() }, tok().CLERK);
      expectOk(closed);
      const findings = Object.fromEntries(closed.body.findings.map((f: Json) => [f.itemId, f.type]));
      expect(findings).toEqual({ [counted.id]: 'FOUND', [missed.id]: 'MISSING' });
      const ids = await uncheckedIds();
      expect(ids).not.toContain(counted.id);
      expect(ids).toContain(missed.id);
      clock.set(thai(shiftDay(deadline, 1)));
      expect(await uncheckedIds()).toEqual(expect.arrayContaining([counted.id, missed.id]));
    });

    it("a disposed firearm drops off; station B's firearms are on B's list only", async () => {
      clock.set(realNow());
      const gun = await ITEMS.evidenceFirearm({}, { caseNumber: '704/2569' });
      expect(await uncheckedIds()).toContain(gun.id);
      await disposeOf(gun);
      expect(await uncheckedIds()).not.toContain(gun.id);
      const inB = await post(
        '/api/items',
        { category: 'EVIDENCE', kind: 'firearm', description: 'ปืนของกลางสถานีบี', locationId: t.b.safe.id, evidence: { caseNumber: '11/2569' }, witness: W('stb.supervisor') },
        t.b.tokens.CLERK,
      );
      expectOk(inB, 201);
      expect(await uncheckedIds()).not.toContain(inB.body.id);
      expect(await uncheckedIds(t.b.tokens.CLERK)).toEqual([inB.body.id]);
    });
  });

  // =================================================================================================
  it('the audit log holds the disposal trail (DISPOSAL_REQUESTED, _APPROVED, _REJECTED, _EXECUTED, ITEM_DISPOSE) and verifies', async () => {
    const rows = await ownerRows<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE station_id = $1 AND (action LIKE 'DISPOSAL_%' OR action = 'ITEM_DISPOSE') GROUP BY action ORDER BY action`,
      [t.a.station.id],
    );
    const counts = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    const [db] = await ownerRows<Json>(
      `SELECT (SELECT count(*)::int FROM disposals WHERE station_id = $1) AS requested,
              (SELECT count(*)::int FROM disposals WHERE station_id = $1 AND status IN ('APPROVED', 'EXECUTED')) AS approved,
              (SELECT count(*)::int FROM disposals WHERE station_id = $1 AND status = 'REJECTED') AS rejected,
              (SELECT count(*)::int FROM disposals WHERE station_id = $1 AND status = 'EXECUTED') AS executed,
              (SELECT count(*)::int FROM custody_events WHERE station_id = $1 AND type = 'DISPOSE') AS disposed`,
      [t.a.station.id],
    );
    expect(counts).toEqual({ DISPOSAL_APPROVED: db.approved, DISPOSAL_EXECUTED: db.executed, DISPOSAL_REJECTED: db.rejected, DISPOSAL_REQUESTED: db.requested, ITEM_DISPOSE: db.disposed });
    expect(db.executed).toBeGreaterThan(10);
    for (const token of [tok().COMMANDER, t.b.tokens.COMMANDER]) {
      const res = await get('/api/audit-log/verify', token);
      expectOk(res);
      expect(res.body).toMatchObject({ ok: true, firstBadSeq: null });
    }
  });
});
