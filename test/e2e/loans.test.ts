/**
 * Loans (DESIGN §2 Loan, §3 rules 1–5, §7): the loan state machine with every allowed and every refused
 * transition, what a request may ask for, the separation of duties in the service and in the database,
 * the approval matrix, concurrent issues and requests, overdue and escalation on a manual clock,
 * returns (spent ammunition, damage, witnesses, blind seals), the lists, and station isolation.
 * Everything goes through HTTP on the real database; refused requests are shown to write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/common/clock.js';
import { auth, expectError, expectOk, type Json, OwnerDb, type Res, THAI } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Body = Record<string, unknown>;
type State = 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'ISSUED' | 'PARTIALLY_RETURNED' | 'RETURNED';
type Action = 'approve' | 'reject' | 'cancel' | 'issue' | 'return';

/** One owner (superuser) session for the file's checks of the database. */
const owner = new OwnerDb();
const { rows: ownerRows, lastAuditId, auditSince } = owner;

const W = (username = 'sta.commander', password = TEST_PASSWORD) => ({ username, password });
const sorted = (xs: string[]) => [...xs].sort();



/** Every table a loan action writes to, and the audit chain heads: what a refused request must leave as it was. */
async function snapshot() {
  const [row] = await ownerRows(`SELECT
      (SELECT count(*) FROM loans)::int AS loans,
      (SELECT count(*) FROM loan_items)::int AS loan_items,
      (SELECT count(*) FROM custody_events)::int AS custody_events,
      (SELECT count(*) FROM audit_log)::int AS audit_log,
      (SELECT count(*) FROM discrepancies)::int AS discrepancies,
      (SELECT md5(coalesce(string_agg(row_to_json(l)::text, '|' ORDER BY l.id), '')) FROM loans l) AS loans_rows,
      (SELECT md5(coalesce(string_agg(row_to_json(x)::text, '|' ORDER BY x.id), '')) FROM loan_items x) AS loan_item_rows,
      (SELECT md5(coalesce(string_agg(row_to_json(i)::text, '|' ORDER BY i.id), '')) FROM items i) AS item_rows,
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


describe('loans (e2e)', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2026-12-01T09:00:00+07:00'));
  let clerk2: Json;
  let clerk2Token: string;
  let clerkSup: Json;
  let clerkSupToken: string;
  let serial = 0;
  let seal = 0;
  const nextSerial = () => `LN-${String(++serial).padStart(4, '0')}`;
  const nextSeal = () => `LS-${String(++seal).padStart(4, '0')}`;

  /** A due time `hours` from the clock's now, with offset. */
  const dueIn = (hours: number) => new Date(clock.now().getTime() + hours * HOUR).toISOString();

  const post = (url: string, body: Body, token: string) => t.http().post(url).set(auth(token)).send(body);
  const get = (url: string, token: string) => t.http().get(url).set(auth(token));

  // ---- items, created through POST /api/items ---------------------------------------------------
  async function register(body: Body): Promise<Json> {
    const res = await post('/api/items', body, t.a.tokens.CLERK);
    expectOk(res, 201);
    return res.body;
  }
  /** A donation enters service only once the commander accepts it (the donations work); then it can be lent. */
  async function accepted(item: Json): Promise<Json> {
    expectOk(await post(`/api/donations/${item.id}/accept`, {}, t.a.tokens.COMMANDER), 200);
    return item;
  }
  const ev = (caseNumber = '300/2569') => ({ caseNumber, seizedFrom: 'นายต้องหา ทดสอบยืม' });
  const donation = () => ({ donorName: 'มูลนิธิทดสอบ ใจบุญ', receivedAt: '2026-01-15', purpose: 'ใช้ในราชการของสถานี' });
  const ITEMS = {
    evidenceDrugs: () =>
      register({ category: 'EVIDENCE', kind: 'drugs', description: 'ยาบ้า บรรจุถุงพลาสติกใส', quantity: 100, unit: 'เม็ด', locationId: t.a.safe.id, sealNumber: nextSeal(), weightGrams: 20.5, evidence: ev(), witness: W('sta.supervisor') }),
    evidenceDocument: () => register({ category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชีธนาคารของกลาง', locationId: t.a.room.id, evidence: ev() }),
    propertyVehicle: () =>
      register({ category: 'PROPERTY', kind: 'vehicle', description: 'รถจักรยานยนต์สายตรวจ', locationId: t.a.safe.id, property: { assetNumber: `2310-001-${nextSerial()}`, fundingSource: 'BUDGET', unitPrice: 65000 }, witness: W('sta.supervisor') }),
    propertyEquipment: () => register({ category: 'PROPERTY', kind: 'equipment', description: 'กล้องถ่ายภาพ', locationId: t.a.room.id, property: { assetNumber: `6720-001-${nextSerial()}`, unitPrice: 12000 } }),
    weaponFirearm: (over: Body = {}) =>
      register({ category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้นกึ่งอัตโนมัติ', locationId: t.a.safe.id, serialNumber: nextSerial(), weapon: { make: 'Glock', model: '19', calibre: '9 มม.' }, witness: W('sta.supervisor'), ...over }),
    weaponEquipment: () => register({ category: 'WEAPON', kind: 'equipment', description: 'เสื้อเกราะกันกระสุน', locationId: t.a.room.id, weapon: { make: 'ทดสอบ' } }),
    donationCash: async () =>
      accepted(await register({ category: 'DONATION', kind: 'cash', description: 'เงินสดบริจาค', locationId: t.a.safe.id, amount: 5000, denominations: { '1000': 5 }, donation: donation(), witness: W('sta.supervisor') })),
    donationFurniture: async () => accepted(await register({ category: 'DONATION', kind: 'furniture', description: 'โต๊ะทำงาน', quantity: 2, unit: 'ตัว', locationId: t.a.room.id, donation: donation() })),
    ammunition: (quantity: number) =>
      register({ category: 'WEAPON', kind: 'ammunition', description: 'กระสุนปืนพก 9 มม.', quantity, unit: 'นัด', locationId: t.a.safe.id, weapon: { calibre: '9 มม.' }, witness: W('sta.supervisor') }),
  };
  const doc = ITEMS.evidenceDocument;

  /** The blind values a HIGH item's exit and return need, as on record. */
  const blindOf = (item: Json): Body => ({
    ...(item.sealNumber ? { sealNumber: item.sealNumber } : {}),
    ...(item.weightGrams !== null && item.weightGrams !== undefined ? { weightGrams: item.weightGrams } : {}),
    ...(item.amount !== null && item.amount !== undefined ? { amount: item.amount } : {}),
  });
  const scanOf = (item: Json): Body => ({ code: item.code, ...blindOf(item) });
  const backOf = (item: Json, over: Body = {}): Body => ({ code: item.code, condition: 'GOOD', ...blindOf(item), ...over });

  // ---- loans -------------------------------------------------------------------------------------
  const loanBody = (items: Json[], over: Body = {}): Body => ({
    items: items.map((i) => ({ itemId: i.id })),
    purposeType: 'COURT',
    purpose: 'นำส่งศาลจังหวัดในคดีอาญาที่ 300/2569',
    offPremises: false,
    dueAt: dueIn(48),
    ...over,
  });
  const requestLoan = (body: Body, token = t.a.tokens.OFFICER) => post('/api/loans', body, token);
  async function requestOk(items: Json[], over: Body = {}, token = t.a.tokens.OFFICER): Promise<Json> {
    const res = await requestLoan(loanBody(items, over), token);
    expectOk(res, 201);
    expect(res.body.storedStatus).toBe('REQUESTED');
    return res.body;
  }
  const approve = (loanId: string, token = t.a.tokens.SUPERVISOR, note = 'อนุมัติให้ยืม') => post(`/api/loans/${loanId}/approve`, { note }, token);
  const reject = (loanId: string, token = t.a.tokens.SUPERVISOR, note: string | null = 'ไม่อนุมัติ เอกสารประกอบไม่ครบ') => post(`/api/loans/${loanId}/reject`, note === null ? {} : { note }, token);
  const cancel = (loanId: string, token = t.a.tokens.OFFICER) => post(`/api/loans/${loanId}/cancel`, { note: 'ไม่ต้องใช้แล้ว' }, token);
  const issue = (loanId: string, items: Json[], token = t.a.tokens.CLERK, witness: Body | null = W()) =>
    post(`/api/loans/${loanId}/issue`, { items: items.map(scanOf), ...(witness ? { witness } : {}) }, token);
  const giveBack = (loanId: string, scans: Body[], token = t.a.tokens.CLERK, witness: Body | null = W()) =>
    post(`/api/loans/${loanId}/return`, { items: scans, ...(witness ? { witness } : {}) }, token);
  const getLoan = async (loanId: string, token = t.a.tokens.CLERK): Promise<Json> => {
    const res = await get(`/api/loans/${loanId}`, token);
    expectOk(res);
    return res.body;
  };
  const getItem = async (itemId: string): Promise<Json> => {
    const res = await get(`/api/items/${itemId}`, t.a.tokens.CLERK);
    expectOk(res);
    return res.body;
  };
  const notifications = async (token: string): Promise<Json[]> => {
    const res = await get('/api/notifications', token);
    expectOk(res);
    return res.body.items;
  };
  const notesFor = async (token: string, loanId: string) => (await notifications(token)).filter((n) => n.loanId === loanId).map((n) => n.type);

  /** A loan of the given items, driven to a state by the right hands (officer asks, supervisor decides, clerk issues and receives). */
  async function loanIn(state: State, items?: Json[]): Promise<{ loan: Json; items: Json[] }> {
    items ??= [await doc(), await doc()];
    let loan = await requestOk(items);
    const step = async (res: Res) => {
      expectOk(res);
      loan = res.body.loan ?? res.body;
    };
    if (state === 'APPROVED' || state === 'ISSUED' || state === 'PARTIALLY_RETURNED' || state === 'RETURNED') await step(await approve(loan.id));
    if (state === 'REJECTED') await step(await reject(loan.id));
    if (state === 'CANCELLED') await step(await cancel(loan.id));
    if (state === 'ISSUED' || state === 'PARTIALLY_RETURNED' || state === 'RETURNED') await step(await issue(loan.id, items));
    if (state === 'PARTIALLY_RETURNED') await step(await giveBack(loan.id, [backOf(items[0])]));
    if (state === 'RETURNED') await step(await giveBack(loan.id, items.map((i) => backOf(i))));
    expect(loan.storedStatus).toBe(state);
    return { loan, items };
  }

  /** The refused attempt of an action, made by the person who would be allowed to make it in the right state. */
  function attempt(action: Action, loan: Json, items: Json[]): () => Promise<Res> {
    switch (action) {
      case 'approve':
        return () => approve(loan.id);
      case 'reject':
        return () => reject(loan.id);
      case 'cancel':
        return () => cancel(loan.id);
      case 'issue':
        return () => issue(loan.id, items);
      case 'return':
        return () => giveBack(loan.id, items.map((i) => backOf(i)));
    }
  }

  const settings = (body: Body, token = t.adminToken) => t.http().patch(`/api/stations/${t.a.station.id}/settings`).set(auth(token)).send({ settings: body });

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await owner.open(t.db.ownerUrl);
    const user = async (username: string, roles: string[]) => {
      const res = await post('/api/users', { username, password: TEST_PASSWORD, displayName: `ผู้ใช้ ${username}`, rank: 'ส.ต.อ.', roles, stationId: t.a.station.id }, t.adminToken);
      expectOk(res, 201);
      const login = await t.http().post('/api/auth/login').send({ username, password: TEST_PASSWORD });
      expectOk(login);
      return { user: res.body as Json, token: login.body.accessToken as string };
    };
    ({ user: clerk2, token: clerk2Token } = await user('sta.clerk2', ['CLERK']));
    ({ user: clerkSup, token: clerkSupToken } = await user('sta.clerksup', ['CLERK', 'SUPERVISOR']));
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  // =================================================================================================
  describe('the state machine', () => {
    const ALLOWED: { from: State; action: Action | 'return part'; to: State; audit: string[]; events: string[]; items: string[]; open: boolean[] }[] = [
      { from: 'REQUESTED', action: 'approve', to: 'APPROVED', audit: ['LOAN_APPROVED'], events: [], items: ['IN_STORAGE', 'IN_STORAGE'], open: [true, true] },
      { from: 'REQUESTED', action: 'reject', to: 'REJECTED', audit: ['LOAN_REJECTED'], events: [], items: ['IN_STORAGE', 'IN_STORAGE'], open: [false, false] },
      { from: 'REQUESTED', action: 'cancel', to: 'CANCELLED', audit: ['LOAN_CANCELLED'], events: [], items: ['IN_STORAGE', 'IN_STORAGE'], open: [false, false] },
      { from: 'APPROVED', action: 'cancel', to: 'CANCELLED', audit: ['LOAN_CANCELLED'], events: [], items: ['IN_STORAGE', 'IN_STORAGE'], open: [false, false] },
      { from: 'APPROVED', action: 'issue', to: 'ISSUED', audit: ['ITEM_CHECKOUT', 'ITEM_CHECKOUT', 'LOAN_ISSUED'], events: ['CHECKOUT', 'CHECKOUT'], items: ['ON_LOAN', 'ON_LOAN'], open: [true, true] },
      { from: 'ISSUED', action: 'return part', to: 'PARTIALLY_RETURNED', audit: ['ITEM_RETURN', 'LOAN_RETURNED'], events: ['RETURN'], items: ['IN_STORAGE', 'ON_LOAN'], open: [false, true] },
      { from: 'PARTIALLY_RETURNED', action: 'return', to: 'RETURNED', audit: ['ITEM_RETURN', 'LOAN_RETURNED'], events: ['RETURN'], items: ['IN_STORAGE', 'IN_STORAGE'], open: [false, false] },
      { from: 'ISSUED', action: 'return', to: 'RETURNED', audit: ['ITEM_RETURN', 'ITEM_RETURN', 'LOAN_RETURNED'], events: ['RETURN', 'RETURN'], items: ['IN_STORAGE', 'IN_STORAGE'], open: [false, false] },
    ];

    it.each(ALLOWED)('$from → $action → $to', async ({ from, action, to, audit, events, items: itemStatuses, open }) => {
      const { loan, items } = await loanIn(from);
      const byCode = [...items].sort((x, y) => (x.code < y.code ? -1 : 1));
      const auditBefore = await lastAuditId();
      const [{ n: eventsBefore }] = await ownerRows<{ n: number }>('SELECT count(*)::int AS n FROM custody_events');
      let res: Res;
      if (action === 'approve') res = await approve(loan.id);
      else if (action === 'reject') res = await reject(loan.id);
      else if (action === 'cancel') res = await cancel(loan.id);
      else if (action === 'issue') res = await issue(loan.id, items);
      else if (action === 'return part') res = await giveBack(loan.id, [backOf(byCode[0])]);
      else res = await giveBack(loan.id, byCode.filter((_, i) => from === 'ISSUED' || i === 1).map((i) => backOf(i)));
      expectOk(res);
      const view = res.body.loan ?? res.body;
      expect(view).toMatchObject({ id: loan.id, storedStatus: to, status: to, overdue: false });
      expect(view.statusTh).toMatch(THAI);
      // Read back: the same loan, the same state.
      const read = await getLoan(loan.id);
      expect(read).toMatchObject({ storedStatus: to, status: to });
      expect(read.items.map((l: Json) => l.open)).toEqual(open);
      // One audit row per action (plus one per item moved), for this loan and its items, by the actor.
      const rows = await auditSince(auditBefore);
      expect(rows.map((r) => r.action)).toEqual(audit);
      expect(rows.filter((r) => r.action.startsWith('LOAN_')).map((r) => r.entity_id)).toEqual([loan.id]);
      const [{ n: eventsAfter }] = await ownerRows<{ n: number }>('SELECT count(*)::int AS n FROM custody_events');
      expect(eventsAfter - eventsBefore).toBe(events.length);
      for (const [i, item] of byCode.entries()) expect((await getItem(item.id)).status).toBe(itemStatuses[i]);
      // Who did what.
      if (action === 'approve' || action === 'reject') {
        expect(read.approver.id).toBe(t.a.users.SUPERVISOR.id);
        expect(new Date(read.decidedAt).getTime()).toBe(clock.now().getTime());
      }
      if (action === 'reject') expect(read.decisionNote).toBe('ไม่อนุมัติ เอกสารประกอบไม่ครบ');
      if (action === 'cancel') expect(new Date(read.cancelledAt).getTime()).toBe(clock.now().getTime());
      if (action === 'issue') {
        expect(read.issuedBy.id).toBe(t.a.users.CLERK.id);
        expect(read.witness.id).toBe(t.a.users.COMMANDER.id);
        for (const item of items) expect(await getItem(item.id)).toMatchObject({ status: 'ON_LOAN', locationId: null, holderId: t.a.users.OFFICER.id });
      }
      if (to === 'RETURNED') expect(new Date(read.returnedAt).getTime()).toBe(clock.now().getTime());
      else expect(read.returnedAt).toBeNull();
      if (to === 'RETURNED' || to === 'PARTIALLY_RETURNED' || to === 'CANCELLED' || to === 'REJECTED') {
        for (const [i, item] of byCode.entries()) if (!open[i]) expect(await getItem(item.id)).toMatchObject({ status: 'IN_STORAGE', locationId: t.a.room.id, holderId: null });
      }
    });

    it('reject without a note → 422 NOTE_REQUIRED, nothing written; the loan can still be decided', async () => {
      const { loan } = await loanIn('REQUESTED');
      await refused(() => reject(loan.id, t.a.tokens.SUPERVISOR, null), 422, 'NOTE_REQUIRED');
      await refused(() => reject(loan.id, t.a.tokens.SUPERVISOR, '   '), 400, 'VALIDATION_FAILED');
      expect((await getLoan(loan.id)).storedStatus).toBe('REQUESTED');
      expectOk(await reject(loan.id));
    });

    describe('refused transitions → 409 ILLEGAL_LOAN_TRANSITION, nothing written', () => {
      const ALLOWED_FROM: Record<Action, State[]> = {
        approve: ['REQUESTED'],
        reject: ['REQUESTED'],
        cancel: ['REQUESTED', 'APPROVED'],
        issue: ['APPROVED'],
        return: ['ISSUED', 'PARTIALLY_RETURNED'],
      };
      const REFUSED: [Action, State][] = [
        ['approve', 'APPROVED'],
        ['approve', 'REJECTED'],
        ['approve', 'CANCELLED'],
        ['approve', 'ISSUED'],
        ['approve', 'PARTIALLY_RETURNED'],
        ['approve', 'RETURNED'],
        ['reject', 'APPROVED'],
        ['reject', 'REJECTED'],
        ['reject', 'CANCELLED'],
        ['reject', 'ISSUED'],
        ['reject', 'PARTIALLY_RETURNED'],
        ['reject', 'RETURNED'],
        ['cancel', 'REJECTED'],
        ['cancel', 'CANCELLED'],
        ['cancel', 'ISSUED'],
        ['cancel', 'PARTIALLY_RETURNED'],
        ['cancel', 'RETURNED'],
        ['issue', 'REQUESTED'],
        ['issue', 'REJECTED'],
        ['issue', 'CANCELLED'],
        ['issue', 'ISSUED'],
        ['issue', 'PARTIALLY_RETURNED'],
        ['issue', 'RETURNED'],
        ['return', 'REQUESTED'],
        ['return', 'APPROVED'],
      ];
      const loans = {} as Record<State, { loan: Json; items: Json[] }>;
      beforeAll(async () => {
        for (const state of ['REQUESTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'ISSUED', 'PARTIALLY_RETURNED', 'RETURNED'] as State[]) loans[state] = await loanIn(state);
      });

      it.each(REFUSED)('%s of a loan that is %s', async (action, state) => {
        const { loan, items } = loans[state];
        const res = await refused(attempt(action, loan, items), 409, 'ILLEGAL_LOAN_TRANSITION');
        expect(res.body.details).toEqual({ status: state, allowedFrom: ALLOWED_FROM[action] });
        expect((await getLoan(loan.id)).storedStatus).toBe(state);
      });

      it.each(['REJECTED', 'CANCELLED', 'RETURNED'] as State[])('return of a %s loan (nothing is out on it) → 409 ILLEGAL_LOAN_TRANSITION', async (state) => {
        const { loan, items } = loans[state];
        const res = await refused(attempt('return', loan, items), 409, 'ILLEGAL_LOAN_TRANSITION');
        expect(res.body.details).toMatchObject({ status: state });
      });

      it('unknown loans → 404; ids that are not UUIDs → 400', async () => {
        const { items } = loans.APPROVED;
        await refused(() => approve(NO_SUCH_ID), 404, 'NOT_FOUND');
        await refused(() => cancel(NO_SUCH_ID), 404, 'NOT_FOUND');
        await refused(() => issue(NO_SUCH_ID, items), 404, 'NOT_FOUND');
        await refused(() => giveBack(NO_SUCH_ID, [backOf(items[0])]), 404, 'NOT_FOUND');
        expectError(await get(`/api/loans/${NO_SUCH_ID}`, t.a.tokens.CLERK), 404, 'NOT_FOUND');
        await refused(() => approve('not-a-uuid'), 400, 'INVALID_ID');
      });
    });
  });

  // =================================================================================================
  describe('requests', () => {
    it('a DISPOSED item (an ammunition lot all spent through a return) → 409 ITEM_CLOSED', async () => {
      const ammo = await ITEMS.ammunition(30);
      const { loan } = await loanIn('ISSUED', [ammo]);
      const res = await giveBack(loan.id, [{ code: ammo.code, spentQuantity: 30, spentReason: 'ฝึกยิงปืนประจำปี', condition: 'GOOD' }]);
      expectOk(res);
      expect(res.body.loan.storedStatus).toBe('RETURNED');
      expect(res.body.returned).toEqual([expect.objectContaining({ code: ammo.code, returned: 0, spent: 30, closed: true })]);
      expect(await getItem(ammo.id)).toMatchObject({ status: 'DISPOSED', quantity: 0, locationId: null, holderId: null });
      const again = await refused(() => requestLoan(loanBody([ammo])), 409, 'ITEM_CLOSED');
      expect(again.body.details).toMatchObject({ code: ammo.code });
    });

    it('an item already asked for (REQUESTED), approved or out (ISSUED) → 409 ITEM_ON_OPEN_LOAN naming the loan', async () => {
      for (const state of ['REQUESTED', 'APPROVED', 'ISSUED', 'PARTIALLY_RETURNED'] as State[]) {
        const { loan, items } = await loanIn(state);
        // loanIn returns the first item of a partly returned loan: the second is still out.
        const still = state === 'PARTIALLY_RETURNED' ? items[1] : items[0];
        const res = await refused(() => requestLoan(loanBody([still]), t.a.tokens.INVESTIGATOR), 409, 'ITEM_ON_OPEN_LOAN');
        expect(res.body.details).toMatchObject({ code: still.code, loanId: loan.id });
      }
    });

    it('an item out at the lab (SEND_OUT) → 409 ITEM_NOT_IN_STORAGE; back in the store, it can be requested', async () => {
      const item = await doc();
      const out = await post(`/api/items/${item.id}/events`, { type: 'SEND_OUT', recipient: 'ศาลจังหวัดทดสอบ', destination: 'COURT', documentRef: 'หนังสือนำส่ง 1/2569' }, t.a.tokens.CLERK);
      expectOk(out, 201);
      const res = await refused(() => requestLoan(loanBody([item])), 409, 'ITEM_NOT_IN_STORAGE');
      expect(res.body.details).toMatchObject({ code: item.code, status: 'SENT_OUT' });
      expectOk(await post(`/api/items/${item.id}/events`, { type: 'RECEIVE_BACK', toLocationId: t.a.room.id }, t.a.tokens.CLERK), 201);
      await requestOk([item]);
    });

    it('SEND_OUT of an item asked for on a loan → 409 ITEM_ON_OPEN_LOAN, nothing written', async () => {
      const item = await doc();
      const loan = await requestOk([item]);
      const res = await refused(
        () => post(`/api/items/${item.id}/events`, { type: 'SEND_OUT', recipient: 'สถาบันนิติวิทยาศาสตร์', destination: 'LAB', documentRef: 'ตช 0026.1/55' }, t.a.tokens.CLERK),
        409,
        'ITEM_ON_OPEN_LOAN',
      );
      expect(res.body.details).toMatchObject({ code: item.code, loanId: loan.id });
    });

    it('after a reject or a cancel, the item can be requested again', async () => {
      const rejected = await loanIn('REJECTED');
      const again = await requestOk(rejected.items, {}, t.a.tokens.INVESTIGATOR);
      expectOk(await cancel(again.id, t.a.tokens.INVESTIGATOR));
      const third = await requestOk(rejected.items);
      expect(third.items.map((l: Json) => l.itemId).sort()).toEqual(rejected.items.map((i) => i.id).sort());
      const approvedThenCancelled = await loanIn('APPROVED');
      expectOk(await cancel(approvedThenCancelled.loan.id));
      await requestOk(approvedThenCancelled.items, {}, t.a.tokens.INVESTIGATOR);
    });

    it('a returned item can be requested again', async () => {
      const { items } = await loanIn('RETURNED');
      await requestOk(items, {}, t.a.tokens.INVESTIGATOR);
    });

    it('dueAt in the past or now → 422 DUE_IN_PAST; more than a year ahead → 422 DUE_TOO_FAR', async () => {
      const item = await doc();
      await refused(() => requestLoan(loanBody([item], { dueAt: dueIn(-1) })), 422, 'DUE_IN_PAST');
      await refused(() => requestLoan(loanBody([item], { dueAt: dueIn(0) })), 422, 'DUE_IN_PAST');
      await refused(() => requestLoan(loanBody([item], { dueAt: dueIn(400 * 24) })), 422, 'DUE_TOO_FAR');
      await requestOk([item], { dueAt: new Date(clock.now().getTime() + 1000).toISOString() });
    });

    const badBodies: [string, (item: Json) => Body][] = [
      ['dueAt without an offset', (item) => loanBody([item], { dueAt: '2026-12-05T16:00:00' })],
      ['dueAt as a date only', (item) => loanBody([item], { dueAt: '2026-12-05' })],
      ['dueAt that is not a date', (item) => loanBody([item], { dueAt: '2026-02-30T16:00:00+07:00' })],
      ['an unknown field', (item) => loanBody([item], { priority: 'URGENT' })],
      ['an unknown field in an item line', (item) => ({ ...loanBody([item]), items: [{ itemId: item.id, colour: 'แดง' }] })],
      ['no items', (item) => loanBody([item], { items: [] })],
      ['an itemId that is not a UUID', (item) => loanBody([item], { items: [{ itemId: item.code }] })],
      ['an unknown purposeType', (item) => loanBody([item], { purposeType: 'PARTY' })],
      ['an empty purpose', (item) => loanBody([item], { purpose: ' ' })],
      ['offPremises as text', (item) => loanBody([item], { offPremises: 'no' })],
      ['a zero quantity', (item) => ({ ...loanBody([item]), items: [{ itemId: item.id, quantity: 0 }] })],
      ['no dueAt', (item) => ({ ...loanBody([item]), dueAt: undefined })],
    ];
    it.each(badBodies)('%s → 400 VALIDATION_FAILED, nothing written', async (_name, body) => {
      const item = await doc();
      await refused(() => requestLoan(body(item)), 400, 'VALIDATION_FAILED');
    });

    it("another station's item → 404, and an unknown item → 404, nothing written", async () => {
      const mine = await doc();
      const theirs = await post('/api/items', { category: 'EVIDENCE', kind: 'document', description: 'เอกสารของสถานี B', locationId: t.b.room.id, evidence: ev('1/2569') }, t.b.tokens.CLERK);
      expectOk(theirs, 201);
      await refused(() => requestLoan(loanBody([theirs.body])), 404, 'NOT_FOUND');
      await refused(() => requestLoan(loanBody([mine, theirs.body])), 404, 'NOT_FOUND');
      await refused(() => requestLoan(loanBody([{ id: NO_SUCH_ID }])), 404, 'NOT_FOUND');
      // And station B cannot borrow station A's item either.
      await refused(() => requestLoan(loanBody([mine]), t.b.tokens.OFFICER), 404, 'NOT_FOUND');
    });

    it("a quantity above the item's → 422 QUANTITY_EXCEEDS_ITEM; the same item twice → 422 DUPLICATE_ITEMS; a part of a bulk lot is fine", async () => {
      const ammo = await ITEMS.ammunition(40);
      const res = await refused(() => requestLoan({ ...loanBody([ammo]), items: [{ itemId: ammo.id, quantity: 41 }] }), 422, 'QUANTITY_EXCEEDS_ITEM');
      expect(res.body.details).toEqual({ code: ammo.code, available: 40 });
      await refused(() => requestLoan({ ...loanBody([ammo]), items: [{ itemId: ammo.id }, { itemId: ammo.id, quantity: 1 }] }), 422, 'DUPLICATE_ITEMS');
      const loan = await requestOk([ammo], { items: [{ itemId: ammo.id, quantity: 15 }], purposeType: 'TRAINING' });
      expect(loan.items).toEqual([expect.objectContaining({ itemId: ammo.id, quantity: 15, outstanding: 15, returnedQuantity: 0, spentQuantity: 0, open: true })]);
      const whole = await doc();
      const full = await requestOk([whole]);
      expect(full.items[0].quantity).toBe(whole.quantity);
    });

    it('a request is answered with the loan: requester, times, approver roles, lines; and an audit row', async () => {
      const item = await doc();
      const before = await lastAuditId();
      const dueAt = dueIn(30);
      const loan = await requestOk([item], { dueAt, purposeType: 'LAB', purpose: 'ส่งตรวจลายมือชื่อ' }, t.a.tokens.INVESTIGATOR);
      expect(loan).toMatchObject({
        stationId: t.a.station.id,
        status: 'REQUESTED',
        storedStatus: 'REQUESTED',
        overdue: false,
        escalated: false,
        purposeType: 'LAB',
        purpose: 'ส่งตรวจลายมือชื่อ',
        offPremises: false,
        requester: { id: t.a.users.INVESTIGATOR.id, displayName: t.a.users.INVESTIGATOR.displayName },
        approver: null,
        issuedBy: null,
        witness: null,
      });
      expect(new Date(loan.requestedAt).getTime()).toBe(clock.now().getTime());
      expect(new Date(loan.dueAt).getTime()).toBe(new Date(dueAt).getTime());
      expect(new Date(loan.escalateAt).getTime()).toBe(new Date(dueAt).getTime() + 7 * DAY);
      expect(sorted(loan.approverRoles)).toEqual(['COMMANDER', 'SUPERVISOR']);
      expect(loan.items).toEqual([expect.objectContaining({ itemId: item.id, code: item.code, category: 'EVIDENCE', kind: 'document', riskClass: 'NORMAL', open: true })]);
      const rows = await auditSince(before);
      expect(rows.map((r) => [r.action, r.entity_id, r.actor_id])).toEqual([['LOAN_REQUESTED', loan.id, t.a.users.INVESTIGATOR.id]]);
      expect(await getItem(item.id)).toMatchObject({ status: 'IN_STORAGE', locationId: t.a.room.id });
    });

    it('the auditor and the system administrator may not borrow → 403', async () => {
      const item = await doc();
      await refused(() => requestLoan(loanBody([item]), t.a.tokens.AUDITOR), 403, 'FORBIDDEN');
      await refused(() => requestLoan(loanBody([item]), t.adminToken), 403, 'FORBIDDEN');
    });
  });

  // =================================================================================================
  describe('separation of duties', () => {
    it('the requester cannot approve or reject their own loan → 403 SELF_APPROVAL; another approver can', async () => {
      const item = await doc();
      const loan = await requestOk([item], {}, t.a.tokens.SUPERVISOR);
      await refused(() => approve(loan.id, t.a.tokens.SUPERVISOR), 403, 'SELF_APPROVAL');
      await refused(() => reject(loan.id, t.a.tokens.SUPERVISOR), 403, 'SELF_APPROVAL');
      const res = await approve(loan.id, t.a.tokens.COMMANDER);
      expectOk(res);
      expect(res.body.approver.id).toBe(t.a.users.COMMANDER.id);
    });

    it('roles that do not approve → 403 FORBIDDEN', async () => {
      const { loan } = await loanIn('REQUESTED');
      for (const role of ['CLERK', 'OFFICER', 'INVESTIGATOR', 'AUDITOR'] as const) await refused(() => approve(loan.id, t.a.tokens[role]), 403, 'FORBIDDEN');
      await refused(() => approve(loan.id, t.adminToken), 403, 'FORBIDDEN');
    });

    it('the issuing clerk is not the requester → 403 ISSUER_IS_REQUESTER; nor is the receiving clerk the borrower → 403 RECEIVER_IS_BORROWER', async () => {
      const item = await doc();
      const loan = await requestOk([item], {}, t.a.tokens.CLERK);
      expectOk(await approve(loan.id));
      await refused(() => issue(loan.id, [item], t.a.tokens.CLERK), 403, 'ISSUER_IS_REQUESTER');
      const issued = await issue(loan.id, [item], clerk2Token);
      expectOk(issued);
      expect(issued.body.issuedBy.id).toBe(clerk2.id);
      expect(await getItem(item.id)).toMatchObject({ status: 'ON_LOAN', holderId: t.a.users.CLERK.id });
      await refused(() => giveBack(loan.id, [backOf(item)], t.a.tokens.CLERK), 403, 'RECEIVER_IS_BORROWER');
      const back = await giveBack(loan.id, [backOf(item)], clerk2Token);
      expectOk(back);
      expect(back.body.loan.storedStatus).toBe('RETURNED');
    });

    it('the issuing clerk is not the approver → 403 ISSUER_IS_APPROVER (a user who is CLERK and SUPERVISOR)', async () => {
      const item = await doc();
      const loan = await requestOk([item]);
      const approved = await approve(loan.id, clerkSupToken);
      expectOk(approved);
      expect(approved.body.approver.id).toBe(clerkSup.id);
      await refused(() => issue(loan.id, [item], clerkSupToken), 403, 'ISSUER_IS_APPROVER');
      const issued = await issue(loan.id, [item], t.a.tokens.CLERK);
      expectOk(issued);
      // The approver may receive the return: only the borrower may not.
      expectOk(await giveBack(loan.id, [backOf(item)], clerkSupToken));
    });

    it('only the requester cancels → 403 NOT_REQUESTER', async () => {
      const { loan } = await loanIn('APPROVED');
      for (const token of [t.a.tokens.INVESTIGATOR, t.a.tokens.SUPERVISOR, t.a.tokens.COMMANDER, t.a.tokens.CLERK]) await refused(() => cancel(loan.id, token), 403, 'NOT_REQUESTER');
      await refused(() => cancel(loan.id, t.a.tokens.AUDITOR), 403, 'FORBIDDEN');
      expectOk(await cancel(loan.id, t.a.tokens.OFFICER));
    });

    it('only a CLERK issues and receives → 403 FORBIDDEN for the other roles', async () => {
      const { loan, items } = await loanIn('APPROVED');
      for (const role of ['SUPERVISOR', 'COMMANDER', 'OFFICER', 'INVESTIGATOR', 'AUDITOR'] as const) await refused(() => issue(loan.id, items, t.a.tokens[role]), 403, 'FORBIDDEN');
      expectOk(await issue(loan.id, items));
      for (const role of ['SUPERVISOR', 'COMMANDER', 'INVESTIGATOR'] as const) await refused(() => giveBack(loan.id, items.map((i) => backOf(i)), t.a.tokens[role]), 403, 'FORBIDDEN');
    });

    describe('in the database', () => {
      let loan: Json;
      const [SUPERVISOR, OFFICER, CLERK] = ['SUPERVISOR', 'OFFICER', 'CLERK'] as const;
      beforeAll(async () => {
        ({ loan } = await loanIn('REQUESTED'));
      });

      /** Runs one statement as the owner in a transaction that is rolled back whatever happens. */
      async function inRollback(sql: string, params: unknown[], setRole = false): Promise<void> {
        await owner.query('BEGIN');
        try {
          if (setRole) await owner.query('SET LOCAL ROLE khlang_app');
          await owner.query(sql, params);
        } finally {
          await owner.query('ROLLBACK');
        }
      }
      const insertLoan = (status: string, requester: string, approver: string | null, issuer: string | null) =>
        inRollback(
          `INSERT INTO loans (station_id, status, requester_id, purpose_type, purpose, off_premises, requested_at, due_at, approver_roles, approver_id, decided_at, issued_by, issued_at)
           VALUES ($1, $2, $3, 'COURT', 'ทดสอบข้อจำกัดของฐานข้อมูล', false, now(), now() + interval '1 day', ARRAY['SUPERVISOR','COMMANDER']::varchar[], $4, CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() END, $5, CASE WHEN $5::uuid IS NULL THEN NULL ELSE now() END)`,
          [t.a.station.id, status, requester, approver, issuer],
        );
      const id = (role: 'SUPERVISOR' | 'OFFICER' | 'CLERK' | 'COMMANDER') => t.a.users[role].id;

      it('loans: a row with three different hands is accepted (control)', async () => {
        await expect(insertLoan('ISSUED', id(OFFICER), id(SUPERVISOR), id(CLERK))).resolves.toBeUndefined();
      });

      it('approver_id = requester_id → ck_loans_approver_not_requester', async () => {
        await expect(insertLoan('APPROVED', id(SUPERVISOR), id(SUPERVISOR), null)).rejects.toMatchObject({ code: '23514', constraint: 'ck_loans_approver_not_requester' });
      });

      it('issued_by = requester_id → ck_loans_issuer_not_requester', async () => {
        await expect(insertLoan('ISSUED', id(CLERK), id(SUPERVISOR), id(CLERK))).rejects.toMatchObject({ code: '23514', constraint: 'ck_loans_issuer_not_requester' });
      });

      it('issued_by = approver_id → ck_loans_issuer_not_approver', async () => {
        await expect(insertLoan('ISSUED', id(OFFICER), clerkSup.id, clerkSup.id)).rejects.toMatchObject({ code: '23514', constraint: 'ck_loans_issuer_not_approver' });
      });

      it('an UPDATE that makes the requester the approver is refused too', async () => {
        await expect(inRollback(`UPDATE loans SET status = 'APPROVED', approver_id = requester_id, decided_at = now() WHERE id = $1`, [loan.id])).rejects.toMatchObject({
          code: '23514',
          constraint: 'ck_loans_approver_not_requester',
        });
      });

      it('loan_items: issued_by = holder_id → ck_loan_items_issuer_not_holder', async () => {
        const item = await doc();
        const line = (issuer: string) =>
          inRollback(
            `INSERT INTO loan_items (station_id, loan_id, item_id, holder_id, quantity, issued_by, issued_at, open, closed_at) VALUES ($1, $2, $3, $4, 1, $5, now(), false, now())`,
            [t.a.station.id, loan.id, item.id, id(OFFICER), issuer],
          );
        await expect(line(id(CLERK))).resolves.toBeUndefined();
        await expect(line(id(OFFICER))).rejects.toMatchObject({ code: '23514', constraint: 'ck_loan_items_issuer_not_holder' });
      });

      it('a second open line for the same item → uq_loan_items_open_item', async () => {
        const itemId = loan.items[0].itemId;
        await expect(
          inRollback(`INSERT INTO loan_items (station_id, loan_id, item_id, holder_id, quantity, open) VALUES ($1, $2, $3, $4, 1, true)`, [t.a.station.id, loan.id, itemId, id(CLERK)]),
        ).rejects.toMatchObject({ code: '23505', constraint: 'uq_loan_items_open_item' });
      });

      it('as khlang_app, DELETE FROM loans and loan_items is refused (permission denied)', async () => {
        await expect(inRollback('DELETE FROM loans WHERE id = $1', [loan.id], true)).rejects.toThrow(/permission denied/);
        await expect(inRollback('DELETE FROM loan_items WHERE loan_id = $1', [loan.id], true)).rejects.toThrow(/permission denied/);
        await expect(t.dataSource.query('DELETE FROM loans WHERE id = $1', [loan.id])).rejects.toThrow(/permission denied/);
        await expect(t.dataSource.query('TRUNCATE loans CASCADE')).rejects.toThrow(/permission denied/);
        expect((await getLoan(loan.id)).storedStatus).toBe('REQUESTED');
      });
    });
  });

  // =================================================================================================
  describe('the approval matrix (DESIGN §3 rule 2)', () => {
    type Kind = Exclude<keyof typeof ITEMS, 'ammunition'>;
    /** category, kind (risk), on or off the premises → the outcome for a SUPERVISOR and for a COMMANDER. Written out, not computed. */
    const MATRIX: [category: string, kind: Kind, risk: 'HIGH' | 'NORMAL', place: 'on' | 'off', supervisor: 200 | 403, commander: 200 | 403][] = [
      ['EVIDENCE', 'evidenceDrugs', 'HIGH', 'on', 200, 200],
      ['EVIDENCE', 'evidenceDrugs', 'HIGH', 'off', 403, 200],
      ['EVIDENCE', 'evidenceDocument', 'NORMAL', 'on', 200, 200],
      ['EVIDENCE', 'evidenceDocument', 'NORMAL', 'off', 200, 200],
      ['PROPERTY', 'propertyVehicle', 'HIGH', 'on', 200, 200],
      ['PROPERTY', 'propertyVehicle', 'HIGH', 'off', 403, 200],
      ['PROPERTY', 'propertyEquipment', 'NORMAL', 'on', 200, 200],
      ['PROPERTY', 'propertyEquipment', 'NORMAL', 'off', 403, 200],
      ['WEAPON', 'weaponFirearm', 'HIGH', 'on', 200, 200],
      ['WEAPON', 'weaponFirearm', 'HIGH', 'off', 403, 200],
      ['WEAPON', 'weaponEquipment', 'NORMAL', 'on', 200, 200],
      ['WEAPON', 'weaponEquipment', 'NORMAL', 'off', 200, 200],
      ['DONATION', 'donationCash', 'HIGH', 'on', 200, 200],
      ['DONATION', 'donationCash', 'HIGH', 'off', 403, 200],
      ['DONATION', 'donationFurniture', 'NORMAL', 'on', 200, 200],
      ['DONATION', 'donationFurniture', 'NORMAL', 'off', 403, 200],
    ];
    const CASES = MATRIX.flatMap(([category, kind, risk, place, sup, cmd]) => [
      { category, kind, risk, place, role: 'SUPERVISOR' as const, expected: sup, roles: sup === 403 ? ['COMMANDER'] : ['COMMANDER', 'SUPERVISOR'] },
      { category, kind, risk, place, role: 'COMMANDER' as const, expected: cmd, roles: sup === 403 ? ['COMMANDER'] : ['COMMANDER', 'SUPERVISOR'] },
    ]);

    it.each(CASES)('$category $kind ($risk) $place premises, approved by $role → $expected', async ({ category, kind, risk, place, role, expected, roles }) => {
      const item = await ITEMS[kind]();
      expect({ category: item.category, riskClass: item.riskClass }).toEqual({ category, riskClass: risk });
      const loan = await requestOk([item], { offPremises: place === 'off' });
      expect(sorted(loan.approverRoles)).toEqual(roles);
      if (expected === 200) {
        const res = await approve(loan.id, t.a.tokens[role]);
        expectOk(res);
        expect(res.body).toMatchObject({ storedStatus: 'APPROVED', approver: { id: t.a.users[role].id } });
      } else {
        const res = await refused(() => approve(loan.id, t.a.tokens[role]), 403, 'APPROVER_ROLE');
        expect(res.body.details).toEqual({ approverRoles: roles });
        await refused(() => reject(loan.id, t.a.tokens[role]), 403, 'APPROVER_ROLE');
        expect((await getLoan(loan.id)).storedStatus).toBe('REQUESTED');
      }
      // Tidy up: the item is free for the next test.
      expectOk(await cancel(loan.id));
    });

    it('a loan of several items needs an approver allowed for every one (the strictest line wins)', async () => {
      const loan = await requestOk([await doc(), await ITEMS.propertyEquipment()], { offPremises: true });
      expect(loan.approverRoles).toEqual(['COMMANDER']);
      await refused(() => approve(loan.id, t.a.tokens.SUPERVISOR), 403, 'APPROVER_ROLE');
      expectOk(await approve(loan.id, t.a.tokens.COMMANDER));
      expectOk(await cancel(loan.id));
    });

    describe('the station setting commanderOnlyLoans', () => {
      afterAll(async () => {
        expectOk(await settings({ commanderOnlyLoans: [] }));
      });

      it("['EVIDENCE'] makes a SUPERVISOR approval of an on-premises evidence loan 403 while COMMANDER is 200; other categories are unchanged", async () => {
        const earlier = await requestOk([await doc()]);
        const patched = await settings({ commanderOnlyLoans: ['EVIDENCE'] });
        expectOk(patched);
        expect(patched.body.settings.commanderOnlyLoans).toEqual(['EVIDENCE']);
        const first = await requestOk([await doc()]);
        expect(first.approverRoles).toEqual(['COMMANDER']);
        await refused(() => approve(first.id, t.a.tokens.SUPERVISOR), 403, 'APPROVER_ROLE');
        expectOk(await approve(first.id, t.a.tokens.COMMANDER));
        const property = await requestOk([await ITEMS.propertyEquipment()]);
        expect(sorted(property.approverRoles)).toEqual(['COMMANDER', 'SUPERVISOR']);
        expectOk(await approve(property.id, t.a.tokens.SUPERVISOR));
        // A request made before the change keeps the roles fixed when it was made.
        expect(sorted(earlier.approverRoles)).toEqual(['COMMANDER', 'SUPERVISOR']);
        expectOk(await approve(earlier.id, t.a.tokens.SUPERVISOR));
        for (const id of [first.id, property.id, earlier.id]) expectOk(await cancel(id));
      });

      it("['HIGH'] makes every HIGH loan the commander's, on the premises too", async () => {
        expectOk(await settings({ commanderOnlyLoans: ['HIGH'] }));
        const high = await requestOk([await ITEMS.weaponFirearm()]);
        expect(high.approverRoles).toEqual(['COMMANDER']);
        const normal = await requestOk([await ITEMS.weaponEquipment()]);
        expect(sorted(normal.approverRoles)).toEqual(['COMMANDER', 'SUPERVISOR']);
        for (const id of [high.id, normal.id]) expectOk(await cancel(id));
      });

      it('invalid values → 400, the settings unchanged', async () => {
        expectOk(await settings({ commanderOnlyLoans: ['EVIDENCE'] }));
        for (const value of [['NOT_A_CATEGORY'], 'EVIDENCE', ['EVIDENCE', 'EVIDENCE'], ['evidence'], [1]]) {
          const before = await ownerRows('SELECT settings, settings_version FROM stations WHERE id = $1', [t.a.station.id]);
          expectError(await settings({ commanderOnlyLoans: value }), 400, 'VALIDATION_FAILED');
          expect(await ownerRows('SELECT settings, settings_version FROM stations WHERE id = $1', [t.a.station.id])).toEqual(before);
        }
        const station = await get(`/api/stations/${t.a.station.id}`, t.a.tokens.COMMANDER);
        expect(station.body.settings.commanderOnlyLoans).toEqual(['EVIDENCE']);
      });
    });
  });

  // =================================================================================================
  describe('races', () => {
    it('30 concurrent issues of one APPROVED loan (HIGH firearm, witness) → one 200, 29 × 409; one CHECKOUT; the audit log verifies', async () => {
      const gun = await ITEMS.weaponFirearm();
      const { loan } = await loanIn('APPROVED', [gun]);
      const before = await snapshot();
      const results = await Promise.all(Array.from({ length: 30 }, () => issue(loan.id, [gun], t.a.tokens.CLERK, W('sta.commander'))));
      const ok = results.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      const losers = results.filter((r) => r.status !== 200);
      expect(losers.map((r) => [r.status, r.body.code])).toEqual(Array(29).fill([409, 'ILLEGAL_LOAN_TRANSITION']));
      for (const r of losers) expect(r.body.details).toEqual({ status: 'ISSUED', allowedFrom: ['APPROVED'] });
      const after = await snapshot();
      expect({ events: after.custody_events - before.custody_events, audit: after.audit_log - before.audit_log, loans: after.loans - before.loans }).toEqual({ events: 1, audit: 2, loans: 0 });
      const timeline = await get(`/api/items/${gun.id}/custody`, t.a.tokens.CLERK);
      expectOk(timeline);
      expect(timeline.body.events.map((e: Json) => e.type)).toEqual(['INTAKE', 'CHECKOUT']);
      const [{ n }] = await ownerRows<{ n: number }>(`SELECT count(*)::int AS n FROM custody_events WHERE item_id = $1 AND type = 'CHECKOUT'`, [gun.id]);
      expect(n).toBe(1);
      const verify = await get('/api/audit-log/verify', t.a.tokens.COMMANDER);
      expectOk(verify);
      expect(verify.body).toMatchObject({ ok: true, firstBadSeq: null });
      expectOk(await giveBack(loan.id, [backOf(gun)]));
    });

    it('30 concurrent requests of one item by two borrowers → one 201, 29 × 409 ITEM_ON_OPEN_LOAN; one open line', async () => {
      const item = await doc();
      const before = await snapshot();
      const tokens = [t.a.tokens.OFFICER, t.a.tokens.INVESTIGATOR];
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => requestLoan(loanBody([item]), tokens[i % 2])));
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(1);
      expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.code])).toEqual(Array(29).fill([409, 'ITEM_ON_OPEN_LOAN']));
      const after = await snapshot();
      expect({ loans: after.loans - before.loans, lines: after.loan_items - before.loan_items, audit: after.audit_log - before.audit_log }).toEqual({ loans: 1, lines: 1, audit: 1 });
      const lines = await ownerRows('SELECT loan_id FROM loan_items WHERE item_id = $1 AND open', [item.id]);
      expect(lines).toEqual([{ loan_id: created[0].body.id }]);
      const verify = await get('/api/audit-log/verify', t.a.tokens.COMMANDER);
      expect(verify.body.ok).toBe(true);
    });
  });

  // =================================================================================================
  describe('returns', () => {
    it('ammunition: spent rounds need a reason, a firearm spends nothing, more than is out is refused; partial until all is back; the item goes home', async () => {
      const gun = await ITEMS.weaponFirearm();
      const ammo = await ITEMS.ammunition(50);
      const { loan } = await loanIn('ISSUED', [gun, ammo]);
      expect(await getItem(ammo.id)).toMatchObject({ status: 'ON_LOAN', locationId: null });

      await refused(() => giveBack(loan.id, [backOf(ammo, { quantity: 20, spentQuantity: 10 })]), 422, 'SPENT_REASON_REQUIRED');
      await refused(() => giveBack(loan.id, [backOf(gun, { spentQuantity: 1, spentReason: 'ยิง' })]), 422, 'SPENT_NOT_AMMUNITION');
      let res = await refused(() => giveBack(loan.id, [backOf(ammo, { quantity: 45, spentQuantity: 10, spentReason: 'ฝึกยิง' })]), 422, 'RETURN_EXCEEDS_OUTSTANDING');
      expect(res.body.details).toEqual({ code: ammo.code, outstanding: 50 });
      await refused(() => giveBack(loan.id, [backOf(ammo, { quantity: 20, spentQuantity: 10, spentReason: 'ฝึกยิง' })], t.a.tokens.CLERK, null), 422, 'WITNESS_REQUIRED');
      await refused(() => giveBack(loan.id, [backOf(ammo, { quantity: 0 })]), 422, 'NOTHING_RETURNED');

      res = await giveBack(loan.id, [backOf(ammo, { quantity: 20, spentQuantity: 10, spentReason: 'ฝึกยิงปืนประจำเดือน' })]);
      expectOk(res);
      expect(res.body.loan.storedStatus).toBe('PARTIALLY_RETURNED');
      expect(res.body.returned).toEqual([expect.objectContaining({ code: ammo.code, returned: 20, spent: 10, closed: false })]);
      const line = res.body.loan.items.find((l: Json) => l.itemId === ammo.id);
      expect(line).toMatchObject({ quantity: 50, returnedQuantity: 20, spentQuantity: 10, outstanding: 20, spentReason: 'ฝึกยิงปืนประจำเดือน', open: true });
      expect(await getItem(ammo.id)).toMatchObject({ quantity: 40, status: 'ON_LOAN' });

      res = await refused(() => giveBack(loan.id, [backOf(ammo, { quantity: 25 })]), 422, 'RETURN_EXCEEDS_OUTSTANDING');
      expect(res.body.details).toEqual({ code: ammo.code, outstanding: 20 });

      res = await giveBack(loan.id, [backOf(ammo)]);
      expectOk(res);
      expect(res.body.loan.storedStatus).toBe('PARTIALLY_RETURNED');
      expect((await getLoan(loan.id)).storedStatus).toBe('PARTIALLY_RETURNED');
      expect(await getItem(ammo.id)).toMatchObject({ quantity: 40, status: 'IN_STORAGE', locationId: t.a.safe.id, holderId: null });
      expect(await getItem(gun.id)).toMatchObject({ status: 'ON_LOAN' });

      res = await giveBack(loan.id, [backOf(gun)]);
      expectOk(res);
      expect(res.body.loan).toMatchObject({ storedStatus: 'RETURNED', status: 'RETURNED' });
      expect(await getItem(gun.id)).toMatchObject({ status: 'IN_STORAGE', locationId: t.a.safe.id, holderId: null });

      // The timeline: CHECKOUT then RETURNs, by the clerk, witnessed by the commander.
      const timeline = await get(`/api/items/${ammo.id}/custody`, t.a.tokens.AUDITOR);
      expectOk(timeline);
      const events = timeline.body.events.map((e: Json) => ({ type: e.type, actor: e.actor.id, witness: e.witness?.id ?? null, quantity: e.quantity, from: e.fromStatus, to: e.toStatus }));
      const { CLERK, SUPERVISOR, COMMANDER } = t.a.users;
      expect(events).toEqual([
        { type: 'INTAKE', actor: CLERK.id, witness: SUPERVISOR.id, quantity: 50, from: null, to: 'IN_STORAGE' },
        { type: 'CHECKOUT', actor: CLERK.id, witness: COMMANDER.id, quantity: 50, from: 'IN_STORAGE', to: 'ON_LOAN' },
        { type: 'RETURN', actor: CLERK.id, witness: COMMANDER.id, quantity: 20, from: 'ON_LOAN', to: 'ON_LOAN' },
        { type: 'RETURN', actor: CLERK.id, witness: COMMANDER.id, quantity: 20, from: 'ON_LOAN', to: 'IN_STORAGE' },
      ]);
      expect(timeline.body.events[1]).toMatchObject({ fromLocation: { id: t.a.safe.id }, toLocation: null, recipient: expect.stringContaining(t.a.users.OFFICER.displayName) });
      expect(timeline.body.events[2].reason).toContain('ฝึกยิงปืนประจำเดือน');
      expect(timeline.body.events[3]).toMatchObject({ fromLocation: null, toLocation: { id: t.a.safe.id }, condition: 'GOOD' });
      for (const e of timeline.body.events.slice(1)) {
        expect(e.actor.displayName).toBe(t.a.users.CLERK.displayName);
        expect(e.witness.displayName).toBe(t.a.users.COMMANDER.displayName);
      }
    });

    it('returned DAMAGED → a DAMAGED_ON_RETURN discrepancy (GET /api/incidents?itemId=), the item DAMAGED', async () => {
      const item = await ITEMS.propertyEquipment();
      const { loan } = await loanIn('ISSUED', [item]);
      const res = await giveBack(loan.id, [{ code: item.code, condition: 'DAMAGED', note: 'เลนส์แตก' }], t.a.tokens.CLERK, null);
      expectOk(res);
      expect(res.body.discrepancies).toEqual([expect.objectContaining({ kind: 'DAMAGED_ON_RETURN', expected: 'GOOD', observed: 'DAMAGED', itemId: item.id, status: 'OPEN', reportedBy: t.a.users.CLERK.id })]);
      expect(res.body.loan.items[0]).toMatchObject({ returnCondition: 'DAMAGED', open: false });
      const list = await t.http().get('/api/incidents').query({ itemId: item.id }).set(auth(t.a.tokens.COMMANDER));
      expectOk(list);
      expect(list.body.total).toBe(1);
      expect(list.body.items[0]).toMatchObject({ id: res.body.discrepancies[0].id, kind: 'DAMAGED_ON_RETURN', loanItemId: loan.items[0].lineId });
      expect(await getItem(item.id)).toMatchObject({ condition: 'DAMAGED', status: 'IN_STORAGE', locationId: t.a.room.id });
    });

    it('a returned GOOD item opens no discrepancy; a LOST item cannot be returned (400)', async () => {
      const item = await doc();
      const { loan } = await loanIn('ISSUED', [item]);
      await refused(() => giveBack(loan.id, [{ code: item.code, condition: 'LOST' }], t.a.tokens.CLERK, null), 400, 'VALIDATION_FAILED');
      await refused(() => giveBack(loan.id, [{ code: item.code, condition: 'GOOD', extra: 1 }], t.a.tokens.CLERK, null), 400, 'VALIDATION_FAILED');
      await refused(() => giveBack(loan.id, [{ code: 'STA-EV99-999999', condition: 'GOOD' }], t.a.tokens.CLERK, null), 422, 'SCAN_MISMATCH');
      await refused(() => giveBack(loan.id, [{ code: item.code, condition: 'GOOD' }, { code: item.code, condition: 'GOOD' }], t.a.tokens.CLERK, null), 422, 'SCAN_MISMATCH');
      const res = await giveBack(loan.id, [{ code: ` ${item.code.toLowerCase()} `, condition: 'GOOD' }], t.a.tokens.CLERK, null);
      expectOk(res);
      expect(res.body.discrepancies).toEqual([]);
    });

    it('a HIGH item: the witness is required (422 WITNESS_REQUIRED); the seal on record must be re-entered (422 BLIND_CHECK_REQUIRED); a wrong seal → 200 and a SEAL_MISMATCH', async () => {
      const drugs = await ITEMS.evidenceDrugs();
      const { loan } = await loanIn('ISSUED', [drugs]);
      await refused(() => giveBack(loan.id, [backOf(drugs)], t.a.tokens.CLERK, null), 422, 'WITNESS_REQUIRED');
      await refused(() => giveBack(loan.id, [backOf(drugs)], t.a.tokens.CLERK, W('sta.clerk')), 422, 'WITNESS_IS_ACTOR');
      await refused(() => giveBack(loan.id, [backOf(drugs)], t.a.tokens.CLERK, W('stb.supervisor')), 422, 'WITNESS_INVALID');
      const res1 = await refused(() => giveBack(loan.id, [{ code: drugs.code, weightGrams: 20.5, condition: 'GOOD' }]), 422, 'BLIND_CHECK_REQUIRED');
      expect(res1.body.details).toEqual({ missing: ['sealNumber'], code: drugs.code });
      const res2 = await refused(() => giveBack(loan.id, [{ code: drugs.code, condition: 'GOOD' }]), 422, 'BLIND_CHECK_REQUIRED');
      expect(res2.body.details.missing).toEqual(['sealNumber', 'weightGrams']);
      const res = await giveBack(loan.id, [{ code: drugs.code, sealNumber: 'LS-WRONG', weightGrams: 20.5, condition: 'GOOD' }]);
      expectOk(res);
      expect(res.body.loan.storedStatus).toBe('RETURNED');
      expect(res.body.discrepancies).toEqual([expect.objectContaining({ kind: 'SEAL_MISMATCH', expected: drugs.sealNumber, observed: 'LS-WRONG', itemId: drugs.id })]);
      const list = await t.http().get('/api/incidents').query({ itemId: drugs.id }).set(auth(t.a.tokens.SUPERVISOR));
      expect(list.body.items.map((d: Json) => [d.kind, d.expected, d.observed])).toEqual([['SEAL_MISMATCH', drugs.sealNumber, 'LS-WRONG']]);
      // The record keeps its seal.
      expect(await getItem(drugs.id)).toMatchObject({ sealNumber: drugs.sealNumber, status: 'IN_STORAGE', locationId: t.a.safe.id });
      const timeline = await get(`/api/items/${drugs.id}/custody`, t.a.tokens.CLERK);
      expect(timeline.body.events.map((e: Json) => [e.type, e.actor.id, e.witness?.id, e.sealSeen])).toEqual([
        ['INTAKE', t.a.users.CLERK.id, t.a.users.SUPERVISOR.id, drugs.sealNumber],
        ['CHECKOUT', t.a.users.CLERK.id, t.a.users.COMMANDER.id, drugs.sealNumber],
        ['RETURN', t.a.users.CLERK.id, t.a.users.COMMANDER.id, 'LS-WRONG'],
      ]);
    });

    it('issue of a HIGH item needs the witness and the blind values too', async () => {
      const cash = await ITEMS.donationCash();
      const { loan } = await loanIn('APPROVED', [cash]);
      await refused(() => issue(loan.id, [cash], t.a.tokens.CLERK, null), 422, 'WITNESS_REQUIRED');
      const res = await refused(() => post(`/api/loans/${loan.id}/issue`, { items: [{ code: cash.code }], witness: W() }, t.a.tokens.CLERK), 422, 'BLIND_CHECK_REQUIRED');
      expect(res.body.details).toEqual({ missing: ['amount'], code: cash.code });
      await refused(() => post(`/api/loans/${loan.id}/issue`, { items: [{ code: 'STA-DN99-000999', amount: 5000 }], witness: W() }, t.a.tokens.CLERK), 422, 'SCAN_MISMATCH');
      const ok = await post(`/api/loans/${loan.id}/issue`, { items: [{ code: cash.code, amount: 4000 }], witness: W() }, t.a.tokens.CLERK);
      expectOk(ok);
      expect(ok.body.discrepancies.map((d: Json) => [d.kind, d.expected, d.observed])).toEqual([['AMOUNT_MISMATCH', '5000', '4000']]);
      expectOk(await giveBack(loan.id, [backOf(cash)]));
    });
  });

  // =================================================================================================
  describe('overdue and escalation (manual clock)', () => {
    const has = async (token: string, loanId: string, type: string) => (await notesFor(token, loanId)).includes(type);

    it('OVERDUE the moment due passes; the approver is escalated to at due + 7 days exactly, until the last item is back', async () => {
      const a = await doc();
      const b = await doc();
      const { loan } = await loanIn('ISSUED', [a, b]);
      const due = new Date(loan.dueAt).getTime();
      const [first, second] = [a, b].sort((x, y) => (x.code < y.code ? -1 : 1));

      clock.set(new Date(due - 1000));
      let read = await getLoan(loan.id);
      expect(read).toMatchObject({ status: 'ISSUED', storedStatus: 'ISSUED', overdue: false, escalated: false });
      expect(await has(t.a.tokens.OFFICER, loan.id, 'MY_LOAN_OVERDUE')).toBe(false);

      clock.set(new Date(due + 1000));
      read = await getLoan(loan.id);
      expect(read).toMatchObject({ status: 'OVERDUE', storedStatus: 'ISSUED', overdue: true, escalated: false });
      expect(read.statusTh).toBe('เกินกำหนดคืน');
      const overdueList = await get('/api/loans?status=OVERDUE&pageSize=200', t.a.tokens.CLERK);
      expect(overdueList.body.items.find((l: Json) => l.id === loan.id)).toMatchObject({ status: 'OVERDUE', storedStatus: 'ISSUED' });
      expect(overdueList.body.items.every((l: Json) => l.status === 'OVERDUE' && l.overdue)).toBe(true);
      const issuedList = await get('/api/loans?status=ISSUED&pageSize=200', t.a.tokens.CLERK);
      expect(issuedList.body.items.map((l: Json) => l.id)).not.toContain(loan.id);
      expect(await has(t.a.tokens.OFFICER, loan.id, 'MY_LOAN_OVERDUE')).toBe(true);
      expect(await has(t.a.tokens.INVESTIGATOR, loan.id, 'MY_LOAN_OVERDUE')).toBe(false);
      expect(await has(t.a.tokens.SUPERVISOR, loan.id, 'ESCALATION')).toBe(false);

      clock.set(new Date(due + 6 * DAY + 23 * HOUR));
      expect(await has(t.a.tokens.SUPERVISOR, loan.id, 'ESCALATION')).toBe(false);
      expect((await getLoan(loan.id)).escalated).toBe(false);

      clock.set(new Date(due + 7 * DAY));
      read = await getLoan(loan.id);
      expect(read).toMatchObject({ escalated: true, status: 'OVERDUE' });
      expect(new Date(read.escalateAt).getTime()).toBe(due + 7 * DAY);
      const notes = (await notifications(t.a.tokens.SUPERVISOR)).filter((n) => n.loanId === loan.id);
      expect(notes).toEqual([expect.objectContaining({ type: 'ESCALATION', codes: [first.code, second.code], requester: expect.objectContaining({ id: t.a.users.OFFICER.id }) })]);
      expect(notes[0].messageTh).toMatch(THAI);
      // Only the approver is escalated to; the borrower is reminded.
      expect(await has(t.a.tokens.COMMANDER, loan.id, 'ESCALATION')).toBe(false);
      expect(await notesFor(t.a.tokens.OFFICER, loan.id)).toEqual(['MY_LOAN_OVERDUE']);

      let res = await giveBack(loan.id, [backOf(first)]);
      expectOk(res);
      expect(res.body.loan).toMatchObject({ status: 'OVERDUE', storedStatus: 'PARTIALLY_RETURNED', escalated: true });
      expect(await has(t.a.tokens.SUPERVISOR, loan.id, 'ESCALATION')).toBe(true);
      expect(await has(t.a.tokens.OFFICER, loan.id, 'MY_LOAN_OVERDUE')).toBe(true);
      const partialOverdue = await get('/api/loans?status=OVERDUE&pageSize=200', t.a.tokens.CLERK);
      expect(partialOverdue.body.items.map((l: Json) => l.id)).toContain(loan.id);

      res = await giveBack(loan.id, [backOf(second)]);
      expectOk(res);
      expect(res.body.loan).toMatchObject({ status: 'RETURNED', storedStatus: 'RETURNED', overdue: false, escalated: false });
      expect(await notesFor(t.a.tokens.SUPERVISOR, loan.id)).toEqual([]);
      expect(await notesFor(t.a.tokens.OFFICER, loan.id)).toEqual([]);
      const after = await get('/api/loans?status=OVERDUE&pageSize=200', t.a.tokens.CLERK);
      expect(after.body.items.map((l: Json) => l.id)).not.toContain(loan.id);
    });

    it('a loan not yet issued is never overdue', async () => {
      const { loan } = await loanIn('APPROVED');
      clock.advance(3 * DAY);
      expect(await getLoan(loan.id)).toMatchObject({ status: 'APPROVED', overdue: false, escalated: false });
      expectOk(await cancel(loan.id));
    });

    it('approvers see AWAITING_APPROVAL for requests they may approve, not for their own; it goes once decided', async () => {
      const byOfficer = await requestOk([await doc()]);
      const bySupervisor = await requestOk([await doc()], {}, t.a.tokens.SUPERVISOR);
      const commanderOnly = await requestOk([await ITEMS.weaponFirearm()], { offPremises: true }, t.a.tokens.INVESTIGATOR);
      expect(await notesFor(t.a.tokens.SUPERVISOR, byOfficer.id)).toEqual(['AWAITING_APPROVAL']);
      expect(await notesFor(t.a.tokens.COMMANDER, byOfficer.id)).toEqual(['AWAITING_APPROVAL']);
      expect(await notesFor(t.a.tokens.SUPERVISOR, bySupervisor.id)).toEqual([]);
      expect(await notesFor(t.a.tokens.COMMANDER, bySupervisor.id)).toEqual(['AWAITING_APPROVAL']);
      expect(await notesFor(t.a.tokens.SUPERVISOR, commanderOnly.id)).toEqual([]);
      expect(await notesFor(t.a.tokens.COMMANDER, commanderOnly.id)).toEqual(['AWAITING_APPROVAL']);
      for (const role of ['OFFICER', 'INVESTIGATOR', 'CLERK', 'AUDITOR'] as const) {
        expect((await notifications(t.a.tokens[role])).filter((n) => n.type === 'AWAITING_APPROVAL')).toEqual([]);
      }
      const admin = await get('/api/notifications', t.adminToken);
      expect(admin.body).toEqual({ items: [], total: 0 });
      expectOk(await approve(byOfficer.id, t.a.tokens.COMMANDER));
      expect(await notesFor(t.a.tokens.SUPERVISOR, byOfficer.id)).toEqual([]);
      expect(await notesFor(t.a.tokens.COMMANDER, byOfficer.id)).toEqual([]);
      for (const [id, token] of [
        [byOfficer.id, t.a.tokens.OFFICER],
        [bySupervisor.id, t.a.tokens.SUPERVISOR],
        [commanderOnly.id, t.a.tokens.INVESTIGATOR],
      ]) {
        expectOk(await cancel(id, token));
      }
      expect(await notesFor(t.a.tokens.COMMANDER, bySupervisor.id)).toEqual([]);
    });

    it('overdueEscalationDays = 3 moves the escalation to due + 3 days', async () => {
      const { loan } = await loanIn('ISSUED');
      const due = new Date(loan.dueAt).getTime();
      try {
        clock.set(new Date(due + 3 * DAY - 1000));
        expectOk(await settings({ overdueEscalationDays: 3 }));
        expect(await has(t.a.tokens.SUPERVISOR, loan.id, 'ESCALATION')).toBe(false);
        expect(new Date((await getLoan(loan.id)).escalateAt).getTime()).toBe(due + 3 * DAY);
        clock.set(new Date(due + 3 * DAY));
        expect(await has(t.a.tokens.SUPERVISOR, loan.id, 'ESCALATION')).toBe(true);
        expect((await getLoan(loan.id)).escalated).toBe(true);
        expectOk(await settings({ overdueEscalationDays: 7 }));
        expect(await has(t.a.tokens.SUPERVISOR, loan.id, 'ESCALATION')).toBe(false);
        expect(new Date((await getLoan(loan.id)).escalateAt).getTime()).toBe(due + 7 * DAY);
        expectError(await settings({ overdueEscalationDays: 0 }), 400, 'VALIDATION_FAILED');
        expectError(await settings({ overdueEscalationDays: 2.5 }), 400, 'VALIDATION_FAILED');
      } finally {
        expectOk(await settings({ overdueEscalationDays: 7 }));
      }
      expectOk(await giveBack(loan.id, loan.items.map((l: Json) => ({ code: l.code, condition: 'GOOD' }))));
    });
  });

  // =================================================================================================
  describe('lists', () => {
    const ids = (res: Res) => res.body.items.map((l: Json) => l.id);
    const count = async (where: string, params: unknown[] = []) =>
      (await ownerRows<{ n: number }>(`SELECT count(*)::int AS n FROM loans WHERE station_id = $1 AND ${where}`, [t.a.station.id, ...params]))[0].n;
    let fixtures: Record<string, Json>;

    beforeAll(async () => {
      fixtures = {
        mineRequested: (await loanIn('REQUESTED')).loan,
        supervisorsOwn: await requestOk([await doc()], {}, t.a.tokens.SUPERVISOR),
        commanderOnly: await requestOk([await ITEMS.propertyEquipment()], { offPremises: true }, t.a.tokens.INVESTIGATOR),
        approved: (await loanIn('APPROVED')).loan,
        issued: (await loanIn('ISSUED')).loan,
        partial: (await loanIn('PARTIALLY_RETURNED')).loan,
      };
    });

    it('mine=true: the loans I asked for, all of them', async () => {
      const res = await get('/api/loans?mine=true&pageSize=200', t.a.tokens.OFFICER);
      expectOk(res);
      expect(res.body.items.every((l: Json) => l.requester.id === t.a.users.OFFICER.id)).toBe(true);
      expect(res.body.total).toBe(await count('requester_id = $2', [t.a.users.OFFICER.id]));
      expect(ids(res)).toEqual(expect.arrayContaining([fixtures.mineRequested.id, fixtures.approved.id, fixtures.issued.id, fixtures.partial.id]));
      expect(ids(res)).not.toContain(fixtures.commanderOnly.id);
      const theirs = await get('/api/loans?mine=true&pageSize=200', t.a.tokens.INVESTIGATOR);
      expect(ids(theirs)).toContain(fixtures.commanderOnly.id);
      expect(ids(theirs)).not.toContain(fixtures.mineRequested.id);
    });

    it('awaitingMe=true: REQUESTED loans I may approve, never my own', async () => {
      const sup = await get('/api/loans?awaitingMe=true&pageSize=200', t.a.tokens.SUPERVISOR);
      expectOk(sup);
      for (const l of sup.body.items) {
        expect(l.storedStatus).toBe('REQUESTED');
        expect(l.requester.id).not.toBe(t.a.users.SUPERVISOR.id);
        expect(l.approverRoles).toContain('SUPERVISOR');
      }
      expect(sup.body.total).toBe(await count(`status = 'REQUESTED' AND requester_id <> $2 AND 'SUPERVISOR' = ANY(approver_roles)`, [t.a.users.SUPERVISOR.id]));
      expect(ids(sup)).toContain(fixtures.mineRequested.id);
      expect(ids(sup)).not.toContain(fixtures.supervisorsOwn.id);
      expect(ids(sup)).not.toContain(fixtures.commanderOnly.id);
      const cmd = await get('/api/loans?awaitingMe=true&pageSize=200', t.a.tokens.COMMANDER);
      expect(ids(cmd)).toEqual(expect.arrayContaining([fixtures.mineRequested.id, fixtures.supervisorsOwn.id, fixtures.commanderOnly.id]));
      expect(cmd.body.total).toBe(await count(`status = 'REQUESTED' AND requester_id <> $2`, [t.a.users.COMMANDER.id]));
      const officer = await get('/api/loans?awaitingMe=true', t.a.tokens.OFFICER);
      expect(officer.body).toMatchObject({ items: [], total: 0 });
    });

    it('status=APPROVED: the loans to issue at the counter', async () => {
      const res = await get('/api/loans?status=APPROVED&pageSize=200', t.a.tokens.CLERK);
      expectOk(res);
      expect(res.body.items.every((l: Json) => l.status === 'APPROVED')).toBe(true);
      expect(res.body.total).toBe(await count(`status = 'APPROVED'`));
      expect(ids(res)).toContain(fixtures.approved.id);
      expect(ids(res)).not.toContain(fixtures.issued.id);
    });

    it('status=ISSUED,PARTIALLY_RETURNED,OVERDUE: what is out now', async () => {
      const res = await get('/api/loans?status=ISSUED,PARTIALLY_RETURNED,OVERDUE&pageSize=200', t.a.tokens.CLERK);
      expectOk(res);
      for (const l of res.body.items) expect(['ISSUED', 'PARTIALLY_RETURNED', 'OVERDUE']).toContain(l.status);
      expect(res.body.total).toBe(await count(`status IN ('ISSUED', 'PARTIALLY_RETURNED')`));
      expect(ids(res)).toEqual(expect.arrayContaining([fixtures.issued.id, fixtures.partial.id]));
      expect(ids(res)).not.toContain(fixtures.approved.id);
      const partialOnly = await get('/api/loans?status=PARTIALLY_RETURNED&pageSize=200', t.a.tokens.CLERK);
      expect(ids(partialOnly)).toContain(fixtures.partial.id);
      expect(ids(partialOnly)).not.toContain(fixtures.issued.id);
    });

    it('paging and bad queries', async () => {
      const all = await get('/api/loans?pageSize=200', t.a.tokens.AUDITOR);
      expectOk(all);
      expect(all.body.total).toBe(await count('true'));
      const page = await get('/api/loans?pageSize=2&page=2', t.a.tokens.AUDITOR);
      expect(page.body).toMatchObject({ total: all.body.total, page: 2, pageSize: 2 });
      expect(ids(page)).toEqual(ids(all).slice(2, 4));
      expectError(await get('/api/loans?status=LOST', t.a.tokens.CLERK), 400, 'VALIDATION_FAILED');
      expectError(await get('/api/loans?mine=yes', t.a.tokens.CLERK), 400, 'VALIDATION_FAILED');
      expectError(await get('/api/loans?colour=red', t.a.tokens.CLERK), 400, 'VALIDATION_FAILED');
    });

    it("station B never sees station A's loans and cannot act on them (404)", async () => {
      const list = await get('/api/loans?pageSize=200', t.b.tokens.COMMANDER);
      expectOk(list);
      expect(list.body).toMatchObject({ items: [], total: 0 });
      for (const q of ['mine=true', 'awaitingMe=true', 'status=APPROVED', 'status=ISSUED,PARTIALLY_RETURNED,OVERDUE']) {
        expect((await get(`/api/loans?${q}`, t.b.tokens.SUPERVISOR)).body.total).toBe(0);
      }
      expect(await notifications(t.b.tokens.SUPERVISOR)).toEqual([]);
      for (const loan of Object.values(fixtures)) expectError(await get(`/api/loans/${loan.id}`, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      await refused(() => approve(fixtures.mineRequested.id, t.b.tokens.SUPERVISOR), 404, 'NOT_FOUND');
      await refused(() => approve(fixtures.commanderOnly.id, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      await refused(() => reject(fixtures.mineRequested.id, t.b.tokens.COMMANDER), 404, 'NOT_FOUND');
      await refused(() => cancel(fixtures.mineRequested.id, t.b.tokens.OFFICER), 404, 'NOT_FOUND');
      const approvedItems = fixtures.approved.items.map((l: Json) => ({ code: l.code }));
      await refused(() => post(`/api/loans/${fixtures.approved.id}/issue`, { items: approvedItems, witness: W('stb.commander') }, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      const outItems = fixtures.issued.items.map((l: Json) => ({ code: l.code, condition: 'GOOD' }));
      await refused(() => post(`/api/loans/${fixtures.issued.id}/return`, { items: outItems, witness: W('stb.commander') }, t.b.tokens.CLERK), 404, 'NOT_FOUND');
      // Station A still sees them all.
      expect((await getLoan(fixtures.approved.id)).storedStatus).toBe('APPROVED');
    });

    it('the audit chain of station A verifies after everything above', async () => {
      const res = await get('/api/audit-log/verify', t.a.tokens.COMMANDER);
      expectOk(res);
      expect(res.body).toMatchObject({ ok: true, firstBadSeq: null });
    });
  });
});
