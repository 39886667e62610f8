/**
 * Reliability under concurrency (issue 8; DESIGN §3 rule 3, §3 rule 8, §4): a hundred hands on one thing at
 * once — one approved loan, one weapon of the shift book, one serial number — and exactly one wins; then
 * 20 clients doing seeded, mixed work on two stations, after which every invariant is checked from the
 * database: no 5xx, the chains verify, each item's state is the replay of its custody events, item codes
 * are gap-free, every 2xx wrote its entity with exactly one audit row, and every refusal wrote nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auth, type Json, OwnerDb, type Res } from '../helpers/checks.js';
import { type StationFixture, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { Prng } from '../helpers/prng.js';
import { auditMismatches, codeGaps, replayMismatches, tagIn, tagText } from '../helpers/replay.js';
import type { UserView } from '../../src/users/users.dto.js';

type Body = Record<string, unknown>;

const PARALLEL = 100;
const CLIENTS = 20;
const OPS_PER_CLIENT = 50;
/** The mixed load stops starting new operations after this long, whatever is left (a bound, not a verdict). */
const LOAD_DEADLINE_MS = 20_000;
const SEED = 0x6b686c61; // "khla"

const owner = new OwnerDb();
const { rows: ownerRows } = owner;
const W = (username: string) => ({ username, password: TEST_PASSWORD });
const dueIn = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** Answers of one batch by status, e.g. {"200": 1, "409": 99}. */
function histogram(results: { status: number }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

/** Row counts the refused attempts of a batch must leave as they were (only the winner adds). */
async function counts(): Promise<Record<string, number>> {
  const [row] = await ownerRows<Record<string, number>>(`SELECT
      (SELECT count(*) FROM items)::int AS items,
      (SELECT count(*) FROM custody_events)::int AS events,
      (SELECT count(*) FROM loan_items)::int AS lines,
      (SELECT count(*) FROM audit_log)::int AS audit,
      (SELECT count(*) FROM discrepancies)::int AS discrepancies,
      (SELECT coalesce(sum(last_seq), 0) FROM item_code_counters)::int AS numbers`);
  return row;
}

const delta = (after: Record<string, number>, before: Record<string, number>) => Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));

describe('reliability under concurrency (e2e)', () => {
  let t: TestApp;
  /** A second clerk per station: two counters scanning the same thing at once. */
  const clerk2: Record<'a' | 'b', string> = { a: '', b: '' };
  /** Extra locations per station: a shelf (not secure) and an armory (secure). */
  const places = {} as Record<'a' | 'b', { shelf: Json; armory: Json }>;

  const post = (url: string, body: Body, token: string) => t.http().post(url).set(auth(token)).send(body);
  const get = (url: string, token: string) => t.http().get(url).set(auth(token));
  const ok = (res: Res, status: number): Json => {
    expect(res.status === status ? status : `${res.status} ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await owner.open(t.db.ownerUrl);
    for (const key of ['a', 'b'] as const) {
      const st = t[key];
      const code = st.station.code.toLowerCase();
      const user = ok(await post('/api/users', { username: `${code}.clerk2`, password: TEST_PASSWORD, displayName: `เสมียนคนที่สอง ${st.station.code}`, rank: 'ส.ต.อ.', roles: ['CLERK'], stationId: st.station.id }, t.adminToken), 201);
      clerk2[key] = await t.token(user as UserView);
      places[key] = {
        shelf: ok(await post('/api/locations', { code: 'R1-S1', name: 'ชั้นวางของ 1', kind: 'SHELF', parentId: st.room.id }, st.tokens.CLERK), 201),
        armory: ok(await post('/api/locations', { code: 'ARM1', name: 'คลังอาวุธ', kind: 'ARMORY' }, st.tokens.CLERK), 201),
      };
    }
  }, 60_000);

  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  // =================================================================================================
  describe(`${PARALLEL} parallel attempts on one thing: exactly one wins`, () => {
    const clerks = () => [t.a.tokens.CLERK, clerk2.a];

    it(`issue of one approved loan (two items): one 200, ${PARALLEL - 1} × 409, one CHECKOUT per item, one LOAN_ISSUED`, async () => {
      const doc = ok(await post('/api/items', { category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชีของกลาง', locationId: t.a.room.id, evidence: { caseNumber: '801/2569' } }, t.a.tokens.CLERK), 201);
      const cam = ok(await post('/api/items', { category: 'PROPERTY', kind: 'equipment', description: 'กล้องถ่ายภาพ', locationId: places.a.shelf.id, property: { assetNumber: '6720-801-0001' } }, t.a.tokens.CLERK), 201);
      const loan = ok(await post('/api/loans', { items: [{ itemId: doc.id }, { itemId: cam.id }], purposeType: 'COURT', purpose: 'นำส่งศาล', offPremises: false, dueAt: dueIn(48) }, t.a.tokens.OFFICER), 201);
      ok(await post(`/api/loans/${loan.id}/approve`, { note: 'อนุมัติ' }, t.a.tokens.SUPERVISOR), 200);
      const before = await counts();

      const scans = { items: [{ code: doc.code }, { code: cam.code }] };
      const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => post(`/api/loans/${loan.id}/issue`, scans, clerks()[i % 2])));

      expect(histogram(answers)).toEqual({ 200: 1, 409: PARALLEL - 1 });
      for (const r of answers.filter((a) => a.status === 409)) expect(['ILLEGAL_LOAN_TRANSITION', 'BUSY']).toContain(r.body.code);
      expect(delta(await counts(), before)).toEqual({ items: 0, events: 2, lines: 0, audit: 3, discrepancies: 0, numbers: 0 });
      const [row] = await ownerRows(`SELECT status FROM loans WHERE id = $1`, [loan.id]);
      expect(row.status).toBe('ISSUED');
      const audit = await ownerRows(`SELECT action, entity_id FROM audit_log WHERE (entity_type = 'loan' AND entity_id = $1) OR (entity_type = 'item' AND entity_id IN ($2, $3)) ORDER BY seq`, [loan.id, doc.id, cam.id]);
      expect(audit.filter((a) => a.action === 'LOAN_ISSUED')).toHaveLength(1);
      expect(audit.filter((a) => a.action === 'ITEM_CHECKOUT').map((a) => a.entity_id).sort()).toEqual([doc.id, cam.id].sort());
      const events = await ownerRows(`SELECT item_id, type FROM custody_events WHERE item_id IN ($1, $2) AND type = 'CHECKOUT'`, [doc.id, cam.id]);
      expect(events).toHaveLength(2);
      const items = await ownerRows(`SELECT status, holder_id FROM items WHERE id IN ($1, $2)`, [doc.id, cam.id]);
      expect(items).toEqual([
        { status: 'ON_LOAN', holder_id: t.a.users.OFFICER.id },
        { status: 'ON_LOAN', holder_id: t.a.users.OFFICER.id },
      ]);
    }, 60_000);

    it(`shift arms book, one firearm (witness): one 200, ${PARALLEL - 1} × 409, one open line, one CHECKOUT, one SHIFT_ISSUE`, async () => {
      const gun = ok(await post('/api/items', { category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้น 9 มม.', locationId: places.a.armory.id, serialNumber: 'RC-SHIFT-0001', weapon: { make: 'Glock', model: '19' }, witness: W('sta.supervisor') }, t.a.tokens.CLERK), 201);
      const shifts = [
        ok(await post('/api/shifts', { name: 'ผลัด 08.00–16.00 น.' }, t.a.tokens.SUPERVISOR), 201),
        ok(await post('/api/shifts', { name: 'ผลัด 16.00–24.00 น.' }, t.a.tokens.SUPERVISOR), 201),
      ];
      const before = await counts();

      const body = { officerId: t.a.users.OFFICER.id, code: gun.code, witness: W('sta.officer') };
      const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => post(`/api/shifts/${shifts[i % 2].id}/issue`, body, clerks()[i % 2])));

      expect(histogram(answers)).toEqual({ 200: 1, 409: PARALLEL - 1 });
      for (const r of answers.filter((a) => a.status === 409)) expect(['ITEM_ON_OPEN_LOAN', 'ITEM_NOT_IN_STORAGE', 'BUSY']).toContain(r.body.code);
      expect(delta(await counts(), before)).toEqual({ items: 0, events: 1, lines: 1, audit: 2, discrepancies: 0, numbers: 0 });
      const lines = await ownerRows(`SELECT shift_id, holder_id FROM loan_items WHERE item_id = $1 AND open`, [gun.id]);
      const winner = answers.findIndex((a) => a.status === 200);
      expect(lines).toEqual([{ shift_id: shifts[winner % 2].id, holder_id: t.a.users.OFFICER.id }]);
      const audit = await ownerRows(`SELECT action FROM audit_log WHERE (entity_type = 'shift' AND entity_id = ANY($1)) OR (entity_type = 'item' AND entity_id = $2) ORDER BY seq`, [shifts.map((s) => s.id), gun.id]);
      expect(audit.map((a) => a.action).sort()).toEqual(['ITEM_CHECKOUT', 'ITEM_REGISTERED', 'SHIFT_ISSUE', 'SHIFT_OPENED', 'SHIFT_OPENED']);
      const [item] = await ownerRows(`SELECT status, holder_id, location_id FROM items WHERE id = $1`, [gun.id]);
      expect(item).toEqual({ status: 'ON_LOAN', holder_id: t.a.users.OFFICER.id, location_id: null });
    }, 60_000);

    it(`registration of firearms with one serial number: one 201, ${PARALLEL - 1} × 409, one item, the counter moved by one`, async () => {
      const before = await counts();
      const body = { category: 'WEAPON', kind: 'firearm', description: 'ปืนลูกซองยาว', locationId: t.a.safe.id, serialNumber: 'RC-DUP-0001', weapon: { make: 'Remington', model: '870' }, witness: W('sta.supervisor') };
      const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => post('/api/items', body, clerks()[i % 2])));

      expect(histogram(answers)).toEqual({ 201: 1, 409: PARALLEL - 1 });
      for (const r of answers.filter((a) => a.status === 409)) expect(['SERIAL_TAKEN', 'ALREADY_EXISTS', 'BUSY']).toContain(r.body.code);
      expect(delta(await counts(), before)).toEqual({ items: 1, events: 1, lines: 0, audit: 1, discrepancies: 0, numbers: 1 });
      const created = answers.find((a) => a.status === 201)!.body;
      const items = await ownerRows(`SELECT id, code FROM items WHERE station_id = $1 AND serial_number = 'RC-DUP-0001'`, [t.a.station.id]);
      expect(items).toEqual([{ id: created.id, code: created.code }]);
      expect(await codeGaps(owner)).toEqual([]);
    }, 60_000);
  });

  // =================================================================================================
  describe(`${CLIENTS} clients doing seeded, mixed work on two stations`, () => {
    const log: Rec[] = [];
    let load: Workload;

    beforeAll(async () => {
      load = new Workload(t, places, clerk2, log);
      const started = Date.now();
      await load.seed();
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => load.client(i, started + LOAD_DEADLINE_MS)));
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `reliability: ${CLIENTS} clients, ${load.operations} operations, ${log.length} requests in ${seconds.toFixed(1)} s ` +
          `(${(log.length / seconds).toFixed(0)} requests/s); answers ${JSON.stringify(histogram(log))}; by step ${JSON.stringify(stepHistogram(log))}`,
      );
    }, 120_000);

    it('no request was answered with a 5xx, and every refusal is a 4xx with a code', () => {
      expect(log.filter((r) => r.status >= 500).map((r) => `${r.step} ${r.path} → ${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
      expect(log.filter((r) => r.status >= 400 && !(r.status < 500 && typeof r.body?.code === 'string')).map((r) => `${r.step} → ${r.status}`)).toEqual([]);
      // The load did real work, not only refusals (the threshold is far below what any schedule gives).
      expect(log.filter((r) => r.status < 300).length).toBeGreaterThan(log.length / 3);
    });

    it('the audit chain verified whenever it was checked during the load, and verifies for both stations and the system chain after it', async () => {
      const during = log.filter((r) => r.step === 'verify');
      expect(during.filter((r) => r.status !== 200 || r.body.ok !== true).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
      for (const st of [t.a, t.b] as StationFixture[]) {
        const verify = ok(await get('/api/audit-log/verify', st.tokens.COMMANDER), 200);
        const [{ n }] = await ownerRows<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE station_id = $1`, [st.station.id]);
        expect({ station: st.station.code, ...verify }).toMatchObject({ station: st.station.code, ok: true, firstBadSeq: null, entries: n, headSeq: n });
      }
      expect(ok(await get('/api/audit-log/verify', t.adminToken), 200)).toMatchObject({ ok: true, firstBadSeq: null });
    });

    it("every item's status, location, holder, quantity and condition are the replay of its custody events", async () => {
      const [{ n }] = await ownerRows<{ n: number }>(`SELECT count(*)::int AS n FROM items`);
      expect(n).toBeGreaterThan(CLIENTS);
      expect(await replayMismatches(owner)).toEqual([]);
    });

    it('item codes have no gaps per station, category and year, and the counters say exactly how many', async () => {
      expect(await codeGaps(owner)).toEqual([]);
    });

    it('every 2xx wrote its entity with exactly one audit row; every refused request wrote nothing', async () => {
      expect(await requestOutcomes(log)).toEqual([]);
    });

    it('no audit row without its entity, no entity or custody event without its audit rows', async () => {
      expect(await auditMismatches(owner)).toEqual([]);
    });
  });
});

// =================================================================================================
// The mixed load

/** One request of the load and its answer. */
interface Rec {
  client: number;
  station: 'a' | 'b';
  step: Step;
  tag: string;
  path: string;
  status: number;
  body: Json;
  ms: number;
  /** What the request acted on: the loan or the item, and for returns how many items it scanned. */
  loanId?: string;
  item?: Known;
  scanned?: number;
}

type Step = 'register' | 'event' | 'loan-request' | 'loan-approve' | 'loan-cancel' | 'loan-issue' | 'loan-return' | 'shift-issue' | 'shift-return' | 'verify';

/** An item a client may pick: what it is and what a blind check re-enters. */
interface Known {
  id: string;
  code: string;
  category: string;
  kind: string;
  high: boolean;
  blind: Body;
}

/** Per step: the answers by status and the mean latency, for the printed summary. */
function stepHistogram(log: Rec[]): Record<string, string> {
  const by: Record<string, Record<string, number>> = {};
  const ms: Record<string, number> = {};
  for (const r of log) {
    (by[r.step] ??= {})[r.status] = (by[r.step][r.status] ?? 0) + 1;
    ms[r.step] = (ms[r.step] ?? 0) + r.ms;
  }
  return Object.fromEntries(
    Object.entries(by).map(([k, v]) => {
      const n = Object.values(v).reduce((a, b) => a + b, 0);
      return [k, `${Object.entries(v).map(([s, c]) => `${s}×${c}`).join(' ')} (mean ${Math.round(ms[k] / n)} ms)`];
    }),
  );
}

/** Registration bodies by template; `high` ones need a witness and a secure place. */
const TEMPLATES: Record<string, { high: boolean; role: 'CLERK' | 'INVESTIGATOR'; body: (n: string) => Body }> = {
  evidenceDocument: { high: false, role: 'INVESTIGATOR', body: () => ({ category: 'EVIDENCE', kind: 'document', description: 'สัญญากู้ยืมเงินของกลาง', evidence: { caseNumber: '120/2569', seizedFrom: 'นายทดสอบ ภาระ' } }) },
  evidenceElectronics: { high: false, role: 'CLERK', body: () => ({ category: 'EVIDENCE', kind: 'electronics', description: 'โทรศัพท์มือถือของกลาง', evidence: { caseNumber: '121/2569' } }) },
  propertyEquipment: { high: false, role: 'CLERK', body: (n) => ({ category: 'PROPERTY', kind: 'equipment', description: 'วิทยุสื่อสาร', property: { assetNumber: `5820-001-${n}`, unitPrice: 8500 } }) },
  propertyFurniture: { high: false, role: 'CLERK', body: () => ({ category: 'PROPERTY', kind: 'furniture', description: 'ตู้เหล็กเก็บเอกสาร', quantity: 2, unit: 'ตู้' }) },
  weaponEquipment: { high: false, role: 'CLERK', body: () => ({ category: 'WEAPON', kind: 'equipment', description: 'เสื้อเกราะกันกระสุน', weapon: { make: 'ทดสอบ' } }) },
  donationFurniture: { high: false, role: 'CLERK', body: () => ({ category: 'DONATION', kind: 'furniture', description: 'โต๊ะทำงานบริจาค', donation: { donorName: 'บริษัท ทดสอบ จำกัด', receivedAt: '2026-01-15', purpose: 'ใช้ในราชการ' } }) },
  evidenceDrugs: { high: true, role: 'CLERK', body: (n) => ({ category: 'EVIDENCE', kind: 'drugs', description: 'ยาบ้า บรรจุถุงใส', quantity: 50, unit: 'เม็ด', sealNumber: `SEAL-${n}`, weightGrams: 5.5, evidence: { caseNumber: '122/2569' } }) },
  weaponFirearm: { high: true, role: 'CLERK', body: (n) => ({ category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้น', serialNumber: `SN-${n}`, weapon: { make: 'Sig', model: 'P320' } }) },
  weaponAmmunition: { high: true, role: 'CLERK', body: () => ({ category: 'WEAPON', kind: 'ammunition', description: 'กระสุนปืนพก 9 มม.', quantity: 200, unit: 'นัด', weapon: { calibre: '9 มม.' } }) },
};
const TEMPLATE_WEIGHTS = { evidenceDocument: 5, evidenceElectronics: 4, propertyEquipment: 4, propertyFurniture: 3, weaponEquipment: 3, donationFurniture: 2, evidenceDrugs: 1, weaponFirearm: 1, weaponAmmunition: 1 };
const OP_WEIGHTS = { register: 28, move: 20, check: 12, sendOut: 6, loan: 24, shift: 10, verify: 2 };

/**
 * The seeded clients: each runs OPS_PER_CLIENT operations (registrations, moves, condition checks, send-out
 * and back, loans requested → approved → issued → returned, weapons and rounds out on the shift book and
 * back with some spent) on its station, picking items registered by anyone. Refusals (an item someone
 * else just moved or lent) are part of the load; every request is logged.
 */
class Workload {
  readonly pools: Record<'a' | 'b', Known[]> = { a: [], b: [] };
  private readonly shifts: Record<'a' | 'b', string> = { a: '', b: '' };
  operations = 0;

  constructor(
    private readonly t: TestApp,
    private readonly places: Record<'a' | 'b', { shelf: Json; armory: Json }>,
    private readonly clerk2: Record<'a' | 'b', string>,
    private readonly log: Rec[],
  ) {}

  /** A few items of each template per station before the clients start, so the first picks find something. */
  async seed(): Promise<void> {
    const rnd = new Prng(SEED);
    for (const station of ['a', 'b'] as const) {
      for (const name of Object.keys(TEMPLATES)) await this.register(-1, station, rnd, name);
      const shift = await this.t.http().post('/api/shifts').set(auth(this.st(station).tokens.SUPERVISOR)).send({ name: 'ผลัดทดสอบความทนทาน' });
      expect(shift.status).toBe(201);
      this.shifts[station] = shift.body.id;
    }
  }

  /** One client's run: its own PRNG, its own station, until its operations are done or the deadline passes. */
  async client(index: number, deadline: number): Promise<void> {
    const rnd = new Prng(SEED + 1 + index);
    const station = index % 2 === 0 ? 'a' : 'b';
    for (let i = 0; i < OPS_PER_CLIENT && Date.now() < deadline; i++) {
      this.operations++;
      const op = rnd.weighted(OP_WEIGHTS);
      if (op === 'register') await this.register(index, station, rnd, rnd.weighted(TEMPLATE_WEIGHTS));
      else if (op === 'move') await this.move(index, station, rnd);
      else if (op === 'check') await this.conditionCheck(index, station, rnd);
      else if (op === 'sendOut') await this.sendOutAndBack(index, station, rnd);
      else if (op === 'shift') await this.shiftOutAndBack(index, station, rnd);
      else if (op === 'verify') await this.verify(index, station);
      else await this.loan(index, station, rnd);
    }
  }

  private st(station: 'a' | 'b'): StationFixture {
    return this.t[station];
  }

  private user(station: 'a' | 'b', role: string): string {
    return `${this.st(station).station.code.toLowerCase()}.${role}`;
  }

  private clerkToken(station: 'a' | 'b', rnd: Prng): string {
    return rnd.chance(0.5) ? this.st(station).tokens.CLERK : this.clerk2[station];
  }

  /** Where an item may go: anywhere for NORMAL items, only the safe or the armory for HIGH ones. */
  private location(station: 'a' | 'b', rnd: Prng, high: boolean): string {
    const { room, safe } = this.st(station);
    const { shelf, armory } = this.places[station];
    return (high ? rnd.pick([safe, armory]) : rnd.pick([room, safe, shelf, armory])).id;
  }

  private counter = 0;
  private nextTag(client: number, step: string): string {
    return `c${client}-${++this.counter}-${step}`;
  }

  private async send(rec: Omit<Rec, 'status' | 'body' | 'ms'>, token: string, body?: Body): Promise<Res> {
    const started = Date.now();
    const res = await (body ? this.t.http().post(rec.path).send(body) : this.t.http().get(rec.path)).set(auth(token));
    this.log.push({ ...rec, status: res.status, body: res.body, ms: Date.now() - started });
    return res;
  }

  private async register(client: number, station: 'a' | 'b', rnd: Prng, name: string): Promise<void> {
    const template = TEMPLATES[name];
    const tag = this.nextTag(client, 'reg');
    const body = template.body(`${station}${client}-${this.counter}`);
    const token = template.role === 'INVESTIGATOR' && rnd.chance(0.5) ? this.st(station).tokens.INVESTIGATOR : this.clerkToken(station, rnd);
    const res = await this.send(
      { client, station, step: 'register', tag, path: '/api/items' },
      token,
      { ...body, description: `${body.description} ${tagText(tag)}`, locationId: this.location(station, rnd, template.high), ...(template.high ? { witness: W(this.user(station, 'supervisor')) } : {}) },
    );
    if (res.status !== 201) return;
    const blind = { ...(res.body.sealNumber ? { sealNumber: res.body.sealNumber } : {}), ...(res.body.weightGrams ? { weightGrams: res.body.weightGrams } : {}) };
    this.pools[station].push({ id: res.body.id, code: res.body.code, category: res.body.category, kind: res.body.kind, high: res.body.riskClass === 'HIGH', blind });
  }

  /** A custody event through POST /api/items/:id/events; HIGH items with a witness. */
  private event(client: number, station: 'a' | 'b', rnd: Prng, item: Known, body: Body): Promise<Res> {
    const tag = this.nextTag(client, String(body.type).toLowerCase());
    return this.send({ client, station, step: 'event', tag, path: `/api/items/${item.id}/events` }, this.clerkToken(station, rnd), {
      ...body,
      note: tagText(tag),
      ...(item.high ? { witness: W(this.user(station, 'supervisor')) } : {}),
    });
  }

  private async move(client: number, station: 'a' | 'b', rnd: Prng): Promise<void> {
    const item = rnd.pick(this.pools[station]);
    await this.event(client, station, rnd, item, { type: 'MOVE', toLocationId: this.location(station, rnd, item.high) });
  }

  private async conditionCheck(client: number, station: 'a' | 'b', rnd: Prng): Promise<void> {
    const item = rnd.pick(this.pools[station]);
    await this.event(client, station, rnd, item, { type: 'CONDITION_CHECK', condition: rnd.pick(['GOOD', 'GOOD', 'DAMAGED', 'DETERIORATED']) });
  }

  private async sendOutAndBack(client: number, station: 'a' | 'b', rnd: Prng): Promise<void> {
    const item = rnd.pick(this.pools[station]);
    const out = await this.event(client, station, rnd, item, { type: 'SEND_OUT', recipient: 'กองพิสูจน์หลักฐานกลาง', destination: 'LAB', documentRef: 'ตช 0026.1/77', ...item.blind });
    if (out.status !== 201 || rnd.chance(0.2)) return;
    await this.event(client, station, rnd, item, { type: 'RECEIVE_BACK', toLocationId: this.location(station, rnd, item.high), condition: 'GOOD', ...item.blind });
  }

  /** The commander checks the chain while the others write: it must hold at every moment, not only at the end. */
  private async verify(client: number, station: 'a' | 'b'): Promise<void> {
    await this.send({ client, station, step: 'verify', tag: this.nextTag(client, 'verify'), path: '/api/audit-log/verify' }, this.st(station).tokens.COMMANDER);
  }

  /**
   * The weapons book: a weapon (or 10 rounds of a lot) out to an officer, who co-signs HIGH items; back in
   * one or two returns, rounds partly spent with a reason; now and then still out at the end.
   */
  private async shiftOutAndBack(client: number, station: 'a' | 'b', rnd: Prng): Promise<void> {
    const item = rnd.pick(this.pools[station].filter((i) => i.category === 'WEAPON'));
    const ammunition = item.kind === 'ammunition';
    const officer = rnd.chance(0.7) ? 'officer' : 'investigator';
    const witness = item.high ? { witness: W(this.user(station, officer)) } : {};
    const path = (action: string) => `/api/shifts/${this.shifts[station]}/${action}`;
    const issued = await this.send({ client, station, step: 'shift-issue', tag: this.nextTag(client, 'shift-issue'), path: path('issue'), item }, this.clerkToken(station, rnd), {
      officerId: this.st(station).users[officer === 'officer' ? 'OFFICER' : 'INVESTIGATOR'].id,
      code: item.code,
      ...(ammunition ? { quantity: 10 } : {}),
      ...item.blind,
      ...witness,
    });
    if (issued.status !== 200 || rnd.chance(0.1)) return;
    const spent = ammunition ? rnd.int(4) : 0;
    const parts: Body[] = ammunition && rnd.chance(0.3) ? [{ quantity: 4 }, {}] : [{}];
    parts[parts.length - 1] = { ...parts[parts.length - 1], ...(spent ? { spentQuantity: spent, spentReason: 'ฝึกยิงปืนประจำเดือน' } : {}) };
    for (const part of parts) {
      const tag = this.nextTag(client, 'shift-return');
      const back = await this.send({ client, station, step: 'shift-return', tag, path: path('return'), item, scanned: 1 }, this.clerkToken(station, rnd), {
        code: item.code,
        condition: 'GOOD',
        note: tagText(tag),
        ...part,
        ...item.blind,
        ...witness,
      });
      if (back.status !== 200) return;
    }
  }

  /** Request → approve (or cancel) → issue → return, each step by its own hand; some loans stop half-way. */
  private async loan(client: number, station: 'a' | 'b', rnd: Prng): Promise<void> {
    const lendable = this.pools[station].filter((i) => i.category !== 'DONATION');
    const items = [...new Set(Array.from({ length: 1 + rnd.int(2) }, () => rnd.pick(lendable)))];
    const tokens = this.st(station).tokens;
    const requester = rnd.chance(0.5) ? tokens.OFFICER : tokens.INVESTIGATOR;
    const high = items.some((i) => i.high);
    const witness = high ? { witness: W(this.user(station, 'commander')) } : {};

    const tag = this.nextTag(client, 'loan');
    const requested = await this.send({ client, station, step: 'loan-request', tag, path: '/api/loans' }, requester, {
      items: items.map((i) => ({ itemId: i.id })),
      purposeType: rnd.pick(['COURT', 'LAB', 'PROSECUTOR', 'OTHER']),
      purpose: `นำส่งตรวจ ${tagText(tag)}`,
      offPremises: false,
      dueAt: dueIn(48),
    });
    if (requested.status !== 201) return;
    const loanId = requested.body.id as string;
    const path = (action: string) => `/api/loans/${loanId}/${action}`;
    if (rnd.chance(0.05)) {
      const cancelTag = this.nextTag(client, 'cancel');
      await this.send({ client, station, step: 'loan-cancel', tag: cancelTag, path: path('cancel'), loanId }, requester, { note: tagText(cancelTag) });
      return;
    }
    const approveTag = this.nextTag(client, 'approve');
    const approver = rnd.chance(0.5) ? tokens.SUPERVISOR : tokens.COMMANDER;
    if ((await this.send({ client, station, step: 'loan-approve', tag: approveTag, path: path('approve'), loanId }, approver, { note: tagText(approveTag) })).status !== 200) return;
    if (rnd.chance(0.08)) return; // approved, never collected
    const issued = await this.send({ client, station, step: 'loan-issue', tag: this.nextTag(client, 'issue'), path: path('issue'), loanId }, this.clerkToken(station, rnd), {
      items: items.map((i) => ({ code: i.code, ...i.blind })),
      ...witness,
    });
    if (issued.status !== 200 || rnd.chance(0.08)) return; // still out at the end
    const returnTag = this.nextTag(client, 'return');
    await this.send({ client, station, step: 'loan-return', tag: returnTag, path: path('return'), loanId, scanned: items.length }, this.clerkToken(station, rnd), {
      items: items.map((i) => ({ code: i.code, condition: rnd.chance(0.9) ? 'GOOD' : 'DAMAGED', note: tagText(returnTag), ...i.blind })),
      ...witness,
    });
  }
}

// =================================================================================================
// What each request must have left behind

/**
 * Every request of the load against the rows it tagged: a 2xx wrote exactly its rows and one audit row
 * each (and the entity the answer names is the one written); anything else wrote none.
 */
async function requestOutcomes(log: Rec[]): Promise<string[]> {
  const items = await ownerRows<{ id: string; description: string }>(`SELECT id, description FROM items`);
  const events = await ownerRows<{ id: string; note: string | null; type: string }>(`SELECT id::text, note, type FROM custody_events WHERE note IS NOT NULL`);
  const loans = await ownerRows<{ id: string; purpose: string }>(`SELECT id, purpose FROM loans`);
  const audit = await ownerRows<{ action: string; entity_id: string; event_id: string | null; note: string | null; item_id: string | null; code: string | null }>(
    `SELECT action, entity_id, after ->> 'eventId' AS event_id, after ->> 'note' AS note, after ->> 'itemId' AS item_id, after ->> 'code' AS code
     FROM audit_log WHERE station_id IS NOT NULL`,
  );
  const shiftLines = await ownerRows<{ item_id: string }>(`SELECT item_id FROM loan_items WHERE shift_id IS NOT NULL`);
  const byTag = <T>(rows: T[], text: (r: T) => string | null) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const tag = tagIn(text(r));
      if (tag) map.set(tag, [...(map.get(tag) ?? []), r]);
    }
    return map;
  };
  const itemsByTag = byTag(items, (r) => r.description);
  const eventsByTag = byTag(events, (r) => r.note);
  const loansByTag = byTag(loans, (r) => r.purpose);
  const decisionsByTag = byTag(audit, (r) => r.note);
  const auditCount = (action: string, entityId: string) => audit.filter((a) => a.action === action && a.entity_id === entityId).length;
  const eventAudits = (eventId: string) => audit.filter((a) => a.event_id === eventId).length;
  const issued = new Set(log.filter((r) => r.step === 'loan-issue' && r.status === 200).map((r) => r.loanId));
  const successes = (step: Step, key: (r: Rec) => string) => {
    const map = new Map<string, number>();
    for (const r of log.filter((x) => x.step === step && x.status === 200)) map.set(key(r), (map.get(key(r)) ?? 0) + 1);
    return map;
  };
  const returned = successes('loan-return', (r) => r.loanId!);
  const shiftIssued = successes('shift-issue', (r) => r.item!.id);
  const shiftReturned = successes('shift-return', (r) => r.item!.code);

  const problems: string[] = [];
  const expectRows = (r: Rec, what: string, got: number, want: number) => {
    if (got !== want) problems.push(`${r.tag} (${r.path} → ${r.status}): ${got} ${what}, expected ${want}`);
  };
  for (const r of log) {
    const success = r.status >= 200 && r.status < 300;
    switch (r.step) {
      case 'register': {
        const rows = itemsByTag.get(r.tag) ?? [];
        expectRows(r, 'items', rows.length, success ? 1 : 0);
        if (success && rows[0]) {
          if (rows[0].id !== r.body.id) problems.push(`${r.tag}: answered item ${r.body.id}, stored ${rows[0].id}`);
          expectRows(r, 'ITEM_REGISTERED rows', auditCount('ITEM_REGISTERED', r.body.id), 1);
        }
        break;
      }
      case 'event':
      case 'loan-return':
      case 'shift-return': {
        const rows = eventsByTag.get(r.tag) ?? [];
        expectRows(r, 'custody events', rows.length, success ? (r.scanned ?? 1) : 0);
        for (const e of rows) expectRows(r, `audit rows of event ${e.id}`, eventAudits(e.id), 1);
        if (success && r.step === 'event' && rows[0] && rows[0].id !== String(r.body.event?.id)) problems.push(`${r.tag}: answered event ${r.body.event?.id}, stored ${rows[0].id}`);
        if (r.step === 'loan-return') expectRows(r, 'LOAN_RETURNED rows', auditCount('LOAN_RETURNED', r.loanId!), returned.get(r.loanId!) ?? 0);
        if (r.step === 'shift-return') expectRows(r, 'SHIFT_RETURN rows', audit.filter((a) => a.action === 'SHIFT_RETURN' && a.code === r.item!.code).length, shiftReturned.get(r.item!.code) ?? 0);
        break;
      }
      case 'shift-issue': {
        // Per item: as many SHIFT_ISSUE rows and shift lines as answered issues of it.
        const want = shiftIssued.get(r.item!.id) ?? 0;
        expectRows(r, 'SHIFT_ISSUE rows', audit.filter((a) => a.action === 'SHIFT_ISSUE' && a.item_id === r.item!.id).length, want);
        expectRows(r, 'shift lines', shiftLines.filter((l) => l.item_id === r.item!.id).length, want);
        break;
      }
      case 'loan-request': {
        const rows = loansByTag.get(r.tag) ?? [];
        expectRows(r, 'loans', rows.length, success ? 1 : 0);
        if (success) expectRows(r, 'LOAN_REQUESTED rows', auditCount('LOAN_REQUESTED', r.body.id), 1);
        break;
      }
      case 'loan-approve':
      case 'loan-cancel': {
        const action = r.step === 'loan-approve' ? 'LOAN_APPROVED' : 'LOAN_CANCELLED';
        expectRows(r, `${action} rows`, (decisionsByTag.get(r.tag) ?? []).filter((a) => a.action === action && a.entity_id === r.loanId).length, success ? 1 : 0);
        break;
      }
      case 'loan-issue':
        expectRows(r, 'LOAN_ISSUED rows', auditCount('LOAN_ISSUED', r.loanId!), issued.has(r.loanId) ? 1 : 0);
        break;
    }
  }
  return problems;
}
