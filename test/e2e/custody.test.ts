/**
 * The chain of custody (DESIGN §2 Custody event, §3 rules 1, 4 and 8, §7): witnesses who
 * re-authenticate, secure locations for HIGH items, the state machine of POST /api/items/:id/events,
 * blind checks and their discrepancies, AMEND/RESEAL/CONDITION_CHECK, concurrent events, the
 * timeline, one audit row per event, and an append-only custody_events table.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type supertest from 'supertest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const THAI = /[\u0E00-\u0E7F]/;
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const STATUS_TH: Record<string, string> = { IN_STORAGE: 'อยู่ในคลัง', SENT_OUT: 'ส่งออกนอกคลัง' };

type Body = Record<string, unknown>;
type Res = supertest.Response;
type Json = Record<string, any>;

/** One owner (superuser) session for the file's checks of the database: a new connection per check is slow. */
let owner: pg.Client;
async function ownerRows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await owner.query(sql, params)).rows as T[];
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const W = (username = 'sta.supervisor', password = TEST_PASSWORD) => ({ username, password });

function expectError(res: Res, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.trim().length).toBeGreaterThan(0);
  expect(res.body.messageTh).toMatch(THAI);
}

describe('custody events (e2e)', () => {
  let t: TestApp;
  let safe2: Json;
  let room2: Json;
  let retired: Json;
  let seal = 0;
  const nextSeal = (prefix = 'S') => `${prefix}-${String(++seal).padStart(4, '0')}`;

  /** The item's row and every table an event writes to: what a refused request must leave as it was. */
  async function state(itemId: string) {
    const [row] = await ownerRows<{ item: Json; events: number; audit_log: number; discrepancies: number; heads: unknown[] }>(`SELECT (SELECT row_to_json(i) FROM items i WHERE i.id = $1) AS item,
              (SELECT count(*) FROM custody_events)::int AS events,
              (SELECT count(*) FROM audit_log)::int AS audit_log,
              (SELECT count(*) FROM discrepancies)::int AS discrepancies,
              (SELECT json_agg(json_build_object('chain', chain_key, 'seq', seq, 'hash', hash) ORDER BY chain_key) FROM audit_chain_heads) AS heads`,
      [itemId],
    );
    return row;
  }

  const send = (itemId: string, body: Body, token = t.a.tokens.CLERK) => t.http().post(`/api/items/${itemId}/events`).set(auth(token)).send(body);

  /** A successful event: 201, one custody event and one audit row more. */
  async function eventOk(itemId: string, body: Body, token = t.a.tokens.CLERK): Promise<Json> {
    const before = await state(itemId);
    const res = await send(itemId, body, token);
    expect(res.status === 201 ? 'created' : `${res.status} ${JSON.stringify(res.body)}`).toBe('created');
    const after = await state(itemId);
    expect({ events: after.events - before.events, audit: after.audit_log - before.audit_log }).toEqual({ events: 1, audit: 1 });
    expect(Object.keys(res.body).sort()).toEqual(['discrepancies', 'event', 'item']);
    expect(res.body.event.type).toBe(body.type);
    return res.body;
  }

  /** A refused event: the status and code, a Thai message, and nothing written anywhere. */
  async function refused(itemId: string, body: Body, status: number, code: string, token = t.a.tokens.CLERK): Promise<Res> {
    const before = await state(itemId);
    const res = await send(itemId, body, token);
    expectError(res, status, code);
    expect(await state(itemId)).toEqual(before);
    return res;
  }

  async function register(body: Body): Promise<Json> {
    const res = await t.http().post('/api/items').set(auth(t.a.tokens.CLERK)).send(body);
    expect(res.status === 201 ? 'created' : `${res.status} ${JSON.stringify(res.body)}`).toBe('created');
    return res.body;
  }
  const drugs = (over: Body = {}) =>
    register({
      category: 'EVIDENCE',
      kind: 'drugs',
      description: 'ยาไอซ์ บรรจุถุงซิปล็อก',
      locationId: t.a.safe.id,
      sealNumber: nextSeal('DR'),
      weightGrams: 20.5,
      evidence: { caseNumber: '200/2568', seizedFrom: 'นายต้องหา ทดสอบ' },
      witness: W(),
      ...over,
    });
  const cash = (over: Body = {}) =>
    register({
      category: 'EVIDENCE',
      kind: 'cash',
      description: 'ธนบัตรฉบับละ 1000 บาท',
      locationId: t.a.safe.id,
      amount: 5000,
      denominations: { '1000': 5 },
      evidence: { caseNumber: '201/2568' },
      witness: W(),
      ...over,
    });
  const phone = (over: Body = {}) =>
    register({
      category: 'EVIDENCE',
      kind: 'electronics',
      description: 'โทรศัพท์มือถือ',
      locationId: t.a.room.id,
      sealNumber: nextSeal('N'),
      evidence: { caseNumber: '202/2568' },
      ...over,
    });
  const sendOut = (over: Body = {}): Body => ({ type: 'SEND_OUT', recipient: 'สถาบันนิติวิทยาศาสตร์', destination: 'LAB', documentRef: 'ตช 0026.1/100', ...over });
  /** The blind values a HIGH item's exit and return need, as on record. */
  const blindOf = (item: Json): Body => ({
    ...(item.sealNumber ? { sealNumber: item.sealNumber } : {}),
    ...(item.weightGrams !== null ? { weightGrams: item.weightGrams } : {}),
    ...(item.amount !== null ? { amount: item.amount } : {}),
  });

  beforeAll(async () => {
    t = await startTestApp();
    owner = new pg.Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
    const location = async (body: Body) => {
      const res = await t.http().post('/api/locations').set(auth(t.a.tokens.CLERK)).send(body);
      expect(res.status).toBe(201);
      return res.body as Json;
    };
    safe2 = await location({ code: 'SAFE2', name: 'ตู้นิรภัยยาเสพติด', kind: 'SAFE', parentId: t.a.room.id });
    room2 = await location({ code: 'R2', name: 'ห้องเก็บของกลาง 2', kind: 'ROOM' });
    expect([safe2.secure, room2.secure]).toEqual([true, false]);
    const user = await t
      .http()
      .post('/api/users')
      .set(auth(t.adminToken))
      .send({ username: 'sta.retired', password: TEST_PASSWORD, displayName: 'ผู้ใช้ที่พ้นหน้าที่', rank: 'ด.ต.', roles: ['SUPERVISOR'], stationId: t.a.station.id });
    expect(user.status).toBe(201);
    retired = user.body;
    await t.http().post(`/api/users/${retired.id}/deactivate`).set(auth(t.adminToken)).expect(200);
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  describe('witnesses of HIGH items (re-authenticated in the request, not the actor, of the station)', () => {
    let item: Json;
    beforeAll(async () => {
      item = await drugs();
    });

    const cases: [string, Body | undefined, string][] = [
      ['no witness', undefined, 'WITNESS_REQUIRED'],
      ["the witness's wrong password", W('sta.commander', 'wrong-password'), 'WITNESS_INVALID'],
      ['an unknown witness', W('no.such.user'), 'WITNESS_INVALID'],
      ['the actor as witness', W('sta.clerk'), 'WITNESS_IS_ACTOR'],
      ['the actor as witness, typed in capitals', W(' STA.CLERK '), 'WITNESS_IS_ACTOR'],
      ['a user of station B (right password)', W('stb.supervisor'), 'WITNESS_INVALID'],
      ['a deactivated user (right password)', W('sta.retired'), 'WITNESS_INVALID'],
      ['the system administrator (of no station)', W('admin'), 'WITNESS_INVALID'],
    ];
    for (const [name, witness, code] of cases) {
      it(`MOVE with ${name} → 422 ${code}, nothing written`, async () => {
        await refused(item.id, { type: 'MOVE', toLocationId: safe2.id, ...(witness ? { witness } : {}) }, 422, code);
      });
    }

    it('every recordable event of a HIGH item needs the witness', async () => {
      const bodies: Body[] = [
        { type: 'MOVE', toLocationId: safe2.id },
        sendOut(blindOf(item)),
        { type: 'CONDITION_CHECK', condition: 'DAMAGED' },
        { type: 'RESEAL', sealNumber: 'NEW-SEAL', reason: 'ซองชำรุด' },
        { type: 'AMEND', changes: { description: 'ยาไอซ์ (แก้ไข)' }, reason: 'พิมพ์ผิด' },
      ];
      for (const body of bodies) await refused(item.id, body, 422, 'WITNESS_REQUIRED');
      const out = await drugs();
      await eventOk(out.id, sendOut({ ...blindOf(out), witness: W() }));
      await refused(out.id, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, ...blindOf(out) }, 422, 'WITNESS_REQUIRED');
    });

    it('a valid witness co-signs: the event and its audit row name them', async () => {
      const { event, item: after } = await eventOk(item.id, { type: 'MOVE', toLocationId: safe2.id, witness: W('sta.commander') });
      expect(event.actor.id).toBe(t.a.users.CLERK.id);
      expect(event.witness).toMatchObject({ id: t.a.users.COMMANDER.id, displayName: t.a.users.COMMANDER.displayName });
      expect(after.locationId).toBe(safe2.id);
      const [audit] = await ownerRows<{ action: string; after: Json }>(`SELECT action, after FROM audit_log WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [item.id]);
      expect(audit.action).toBe('ITEM_MOVE');
      expect(audit.after.witnessId).toBe(t.a.users.COMMANDER.id);
      expect(audit.after.eventId).toBe(event.id);
    });

    it('the duty SUPERVISOR records with the clerk as witness; other roles may not record', async () => {
      const { event } = await eventOk(item.id, { type: 'MOVE', toLocationId: t.a.safe.id, witness: W('sta.clerk') }, t.a.tokens.SUPERVISOR);
      expect([event.actor.id, event.witness.id]).toEqual([t.a.users.SUPERVISOR.id, t.a.users.CLERK.id]);
      for (const role of ['COMMANDER', 'INVESTIGATOR', 'OFFICER', 'AUDITOR'] as const) {
        await refused(item.id, { type: 'MOVE', toLocationId: safe2.id, witness: W() }, 403, 'FORBIDDEN', t.a.tokens[role]);
      }
      await refused(item.id, { type: 'MOVE', toLocationId: safe2.id, witness: W() }, 403, 'FORBIDDEN', t.adminToken);
    });

    it('a NORMAL item needs no witness; a witness who is named is still checked', async () => {
      const normal = await phone();
      const { event } = await eventOk(normal.id, { type: 'MOVE', toLocationId: room2.id });
      expect(event.witness).toBeNull();
      await refused(normal.id, { type: 'MOVE', toLocationId: t.a.room.id, witness: W('sta.auditor', 'wrong-password') }, 422, 'WITNESS_INVALID');
      await refused(normal.id, { type: 'MOVE', toLocationId: t.a.room.id, witness: W('sta.clerk') }, 422, 'WITNESS_IS_ACTOR');
      const cosigned = await eventOk(normal.id, { type: 'MOVE', toLocationId: t.a.room.id, witness: W('sta.auditor') });
      expect(cosigned.event.witness.id).toBe(t.a.users.AUDITOR.id);
    });
  });

  describe('HIGH items only in secure locations', () => {
    it('MOVE of a HIGH item to a room that is not secure → 422 LOCATION_NOT_SECURE; to another safe → 201', async () => {
      const item = await drugs();
      await refused(item.id, { type: 'MOVE', toLocationId: t.a.room.id, witness: W() }, 422, 'LOCATION_NOT_SECURE');
      await refused(item.id, { type: 'MOVE', toLocationId: room2.id, witness: W() }, 422, 'LOCATION_NOT_SECURE');
      await refused(item.id, { type: 'MOVE', toLocationId: t.b.safe.id, witness: W() }, 422, 'LOCATION_NOT_FOUND');
      await refused(item.id, { type: 'MOVE', toLocationId: NO_SUCH_ID, witness: W() }, 422, 'LOCATION_NOT_FOUND');
      await refused(item.id, { type: 'MOVE', toLocationId: t.a.safe.id, witness: W() }, 409, 'ALREADY_THERE');
      const { event, item: after } = await eventOk(item.id, { type: 'MOVE', toLocationId: safe2.id, witness: W() });
      expect(after.locationId).toBe(safe2.id);
      expect([event.fromLocation.id, event.toLocation.id]).toEqual([t.a.safe.id, safe2.id]);
    });

    it('RECEIVE_BACK of a HIGH item into a room that is not secure → 422; into a safe → 201', async () => {
      const item = await cash();
      const out = await eventOk(item.id, sendOut({ amount: 5000, witness: W() }));
      expect(out.item).toMatchObject({ status: 'SENT_OUT', locationId: null, holderText: 'สถาบันนิติวิทยาศาสตร์' });
      await refused(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.room.id, amount: 5000, witness: W() }, 422, 'LOCATION_NOT_SECURE');
      await refused(item.id, { type: 'RECEIVE_BACK', toLocationId: t.b.safe.id, amount: 5000, witness: W() }, 422, 'LOCATION_NOT_FOUND');
      const back = await eventOk(item.id, { type: 'RECEIVE_BACK', toLocationId: safe2.id, amount: 5000, witness: W() });
      expect(back.item).toMatchObject({ status: 'IN_STORAGE', locationId: safe2.id, holderText: null });
      expect(back.event.recipient).toBe('สถาบันนิติวิทยาศาสตร์');
    });

    it('a NORMAL item may go to any location of the station, but not to another station’s', async () => {
      const item = await phone();
      await refused(item.id, { type: 'MOVE', toLocationId: t.b.room.id }, 422, 'LOCATION_NOT_FOUND');
      await refused(item.id, { type: 'MOVE', toLocationId: t.a.room.id }, 409, 'ALREADY_THERE');
      await eventOk(item.id, { type: 'MOVE', toLocationId: safe2.id });
      await eventOk(item.id, { type: 'MOVE', toLocationId: room2.id });
    });
  });

  describe('the state machine: each reachable status × each event type', () => {
    type Cell = [from: 'IN_STORAGE' | 'SENT_OUT', type: string, outcome: 201 | 409, statusAfter?: string];
    const TABLE: Cell[] = [
      ['IN_STORAGE', 'MOVE', 201, 'IN_STORAGE'],
      ['IN_STORAGE', 'SEND_OUT', 201, 'SENT_OUT'],
      ['IN_STORAGE', 'RECEIVE_BACK', 409],
      ['IN_STORAGE', 'CONDITION_CHECK', 201, 'IN_STORAGE'],
      ['IN_STORAGE', 'RESEAL', 201, 'IN_STORAGE'],
      ['IN_STORAGE', 'AMEND', 201, 'IN_STORAGE'],
      ['SENT_OUT', 'MOVE', 409],
      ['SENT_OUT', 'SEND_OUT', 409],
      ['SENT_OUT', 'RECEIVE_BACK', 201, 'IN_STORAGE'],
      ['SENT_OUT', 'CONDITION_CHECK', 409],
      ['SENT_OUT', 'RESEAL', 409],
      ['SENT_OUT', 'AMEND', 201, 'SENT_OUT'],
    ];

    for (const risk of ['NORMAL', 'HIGH'] as const) {
      const high = risk === 'HIGH';
      for (const [from, type, outcome, statusAfter] of TABLE) {
        it(`${risk} item ${from} + ${type} → ${outcome === 201 ? `201, ${statusAfter}` : '409 ILLEGAL_TRANSITION'}`, async () => {
          const item = high ? await drugs() : await phone();
          const home = high ? t.a.safe.id : t.a.room.id;
          const co = high ? { witness: W() } : {};
          const blind = high ? blindOf(item) : {};
          if (from === 'SENT_OUT') await eventOk(item.id, sendOut({ ...blind, ...co }));
          const bodies: Record<string, Body> = {
            MOVE: { type, toLocationId: high ? safe2.id : room2.id, ...co },
            SEND_OUT: sendOut({ ...blind, ...co }),
            RECEIVE_BACK: { type, toLocationId: home, ...blind, ...co },
            CONDITION_CHECK: { type, condition: 'DAMAGED', ...co },
            RESEAL: { type, sealNumber: nextSeal('RS'), reason: 'ซองเดิมฉีกขาด', ...co },
            AMEND: { type, changes: { description: `${item.description} (แก้ไข)` }, reason: 'พิมพ์คำบรรยายผิด', ...co },
          };
          if (outcome === 201) {
            const { item: after, event } = await eventOk(item.id, bodies[type]);
            expect(after.status).toBe(statusAfter);
            expect([event.fromStatus, event.toStatus]).toEqual([from, statusAfter]);
            const read = await t.http().get(`/api/items/${item.id}`).set(auth(t.a.tokens.CLERK)).expect(200);
            expect(read.body.status).toBe(statusAfter);
          } else {
            const res = await refused(item.id, bodies[type], 409, 'ILLEGAL_TRANSITION');
            expect(res.body.messageTh).toContain(`"${STATUS_TH[from]}"`);
            expect(res.body.message).toContain(type);
            expect(res.body.details).toMatchObject({ type, status: from });
          }
        });
      }
    }

    describe('requests this route does not take (nothing written)', () => {
      let item: Json;
      beforeAll(async () => {
        item = await phone();
      });

      for (const type of ['INTAKE', 'CHECKOUT', 'RETURN', 'DISPOSE', 'LOSE', 'move', '']) {
        it(`type "${type}" → 400 (loans, returns and disposals have their own routes)`, async () => {
          await refused(item.id, { type, toLocationId: room2.id }, 400, 'VALIDATION_FAILED');
        });
      }

      const badFormats: [string, () => Body][] = [
        ['no type', () => ({ toLocationId: room2.id })],
        ['toLocationId not a UUID', () => ({ type: 'MOVE', toLocationId: 'R2' })],
        ['an unknown condition', () => ({ type: 'CONDITION_CHECK', condition: 'BROKEN' })],
        ['an unknown destination', () => sendOut({ destination: 'HOME' })],
        ['a negative weight seen', () => sendOut({ weightGrams: -1 })],
        ['a weight seen as text', () => sendOut({ weightGrams: '20.5' })],
        ['an amount seen with 3 decimals', () => sendOut({ amount: 100.005 })],
        ['an empty reason', () => ({ type: 'RESEAL', sealNumber: 'X-1', reason: '' })],
        ['a note of 1001 characters', () => ({ type: 'CONDITION_CHECK', condition: 'GOOD', note: 'ก'.repeat(1001) })],
        ['an unknown field', () => ({ type: 'CONDITION_CHECK', condition: 'GOOD', colour: 'แดง' })],
        ['an unknown field in changes', () => ({ type: 'AMEND', changes: { colour: 'แดง' }, reason: 'x' })],
        ['an unknown field in a changes block', () => ({ type: 'AMEND', changes: { evidence: { suspectAge: 30 } }, reason: 'x' })],
        ['the witness as text', () => ({ type: 'MOVE', toLocationId: room2.id, witness: 'sta.supervisor' })],
      ];
      for (const [name, body] of badFormats) {
        it(`${name} → 400`, async () => {
          await refused(item.id, body(), 400, 'VALIDATION_FAILED');
        });
      }

      const missing: [() => Body, string[]][] = [
        [() => ({ type: 'MOVE' }), ['toLocationId']],
        [() => ({ type: 'SEND_OUT' }), ['recipient', 'destination', 'documentRef']],
        [() => ({ type: 'SEND_OUT', recipient: 'ศาล', destination: 'COURT' }), ['documentRef']],
        [() => ({ type: 'RECEIVE_BACK' }), ['toLocationId']],
        [() => ({ type: 'CONDITION_CHECK' }), ['condition']],
        [() => ({ type: 'RESEAL' }), ['sealNumber', 'reason']],
        [() => ({ type: 'RESEAL', sealNumber: 'X-2' }), ['reason']],
        [() => ({ type: 'AMEND' }), ['changes', 'reason']],
        [() => ({ type: 'AMEND', changes: { description: 'ใหม่' } }), ['reason']],
      ];
      for (const [body, fields] of missing) {
        it(`${body().type} ${Object.keys(body()).filter((k) => k !== 'type').join('+') || '(nothing else)'} → 422 EVENT_FIELDS_MISSING ${fields.join(', ')}`, async () => {
          const res = await refused(item.id, body(), 422, 'EVENT_FIELDS_MISSING');
          expect(res.body.details.missing).toEqual(fields);
        });
      }

      const misplaced: [string, () => Body, string[]][] = [
        ['MOVE', () => ({ type: 'MOVE', toLocationId: room2.id, recipient: 'ศาล' }), ['recipient']],
        ['MOVE', () => ({ type: 'MOVE', toLocationId: room2.id, condition: 'DAMAGED' }), ['condition']],
        ['SEND_OUT', () => sendOut({ toLocationId: room2.id }), ['toLocationId']],
        ['CONDITION_CHECK', () => ({ type: 'CONDITION_CHECK', condition: 'GOOD', changes: { description: 'x' } }), ['changes']],
        ['RESEAL', () => ({ type: 'RESEAL', sealNumber: 'X-3', reason: 'ชำรุด', destination: 'LAB' }), ['destination']],
        ['AMEND', () => ({ type: 'AMEND', changes: { description: 'x' }, reason: 'แก้', condition: 'GOOD' }), ['condition']],
        ['RECEIVE_BACK', () => ({ type: 'RECEIVE_BACK', toLocationId: room2.id, recipient: 'ศาล' }), ['recipient']],
      ];
      for (const [type, body, fields] of misplaced) {
        it(`${type} with ${fields.join(', ')} → 422 EVENT_FIELDS_NOT_APPLICABLE`, async () => {
          const res = await refused(item.id, body(), 422, 'EVENT_FIELDS_NOT_APPLICABLE');
          expect(res.body.details.misplaced).toEqual(fields);
        });
      }

      it('a valid request on the same item is accepted (the refusals above were about the request)', async () => {
        await eventOk(item.id, { type: 'MOVE', toLocationId: room2.id });
      });
    });
  });

  describe('blind checks on exit and return', () => {
    const discrepanciesOf = async (itemId: string, token = t.a.tokens.COMMANDER) => {
      const res = await t.http().get('/api/incidents').query({ itemId, pageSize: 200 }).set(auth(token));
      expect(res.status).toBe(200);
      return res.body as { items: Json[]; total: number; page: number; pageSize: number };
    };
    const discrepancyRows = async () => (await ownerRows<{ n: number }>('SELECT count(*)::int AS n FROM discrepancies'))[0].n;

    it('matching values (seal typed in another case and with spaces, weight within tolerance) → no discrepancy', async () => {
      const item = await drugs();
      const before = await discrepancyRows();
      const out = await eventOk(item.id, sendOut({ sealNumber: ` ${item.sealNumber.toLowerCase()} `, weightGrams: 20.5, witness: W() }));
      expect(out.discrepancies).toEqual([]);
      expect(out.event).toMatchObject({ sealSeen: item.sealNumber.toLowerCase(), weightSeenGrams: 20.5 });
      const back = await eventOk(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, sealNumber: item.sealNumber, weightGrams: 20.6, witness: W() });
      expect(back.discrepancies).toEqual([]);
      expect(await discrepancyRows()).toBe(before);
      expect((await discrepanciesOf(item.id)).total).toBe(0);
    });

    it('a seal mismatch → one SEAL_MISMATCH with expected and observed, listed in GET /api/incidents; the event is recorded', async () => {
      const item = await drugs();
      const before = await discrepancyRows();
      const out = await eventOk(item.id, sendOut({ sealNumber: 'S-WRONG', weightGrams: 20.5, witness: W() }));
      expect(out.item.status).toBe('SENT_OUT');
      expect(out.discrepancies).toHaveLength(1);
      expect(out.discrepancies[0]).toMatchObject({ kind: 'SEAL_MISMATCH', expected: item.sealNumber, observed: 'S-WRONG', status: 'OPEN', itemId: item.id, reportedBy: t.a.users.CLERK.id });
      expect(await discrepancyRows()).toBe(before + 1);
      const list = await discrepanciesOf(item.id);
      expect(list).toMatchObject({ total: 1, page: 1 });
      expect(list.items[0]).toMatchObject({ id: out.discrepancies[0].id, kind: 'SEAL_MISMATCH', expected: item.sealNumber, observed: 'S-WRONG' });
      expect(Number(list.items[0].eventId)).toBe(out.event.id);
      // The record keeps its seal: the mismatch is not silently accepted as the new value.
      const read = await t.http().get(`/api/items/${item.id}`).set(auth(t.a.tokens.CLERK)).expect(200);
      expect(read.body.sealNumber).toBe(item.sealNumber);
    });

    it('a weight beyond the tolerance (default 0.1 g) → one WEIGHT_MISMATCH; at the tolerance → none', async () => {
      const item = await drugs();
      const out = await eventOk(item.id, sendOut({ sealNumber: item.sealNumber, weightGrams: 20.7, witness: W() }));
      expect(out.discrepancies.map((d: Json) => [d.kind, d.expected, d.observed])).toEqual([['WEIGHT_MISMATCH', '20.5', '20.7']]);
      const back = await eventOk(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, sealNumber: item.sealNumber, weightGrams: 20.4, witness: W() });
      expect(back.discrepancies).toEqual([]);
      const light = await eventOk(item.id, sendOut({ sealNumber: item.sealNumber, weightGrams: 20.35, witness: W() }));
      expect(light.discrepancies.map((d: Json) => [d.kind, d.expected, d.observed])).toEqual([['WEIGHT_MISMATCH', '20.5', '20.35']]);
      expect((await discrepanciesOf(item.id)).total).toBe(2);
    });

    it('the station setting weightToleranceGrams widens the tolerance', async () => {
      const patch = (grams: number) => t.http().patch(`/api/stations/${t.a.station.id}/settings`).set(auth(t.a.tokens.COMMANDER)).send({ settings: { weightToleranceGrams: grams } });
      const item = await drugs();
      await patch(0.5).expect(200);
      try {
        const out = await eventOk(item.id, sendOut({ sealNumber: item.sealNumber, weightGrams: 20.9, witness: W() }));
        expect(out.discrepancies).toEqual([]);
        const back = await eventOk(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, sealNumber: item.sealNumber, weightGrams: 21.1, witness: W() });
        expect(back.discrepancies.map((d: Json) => d.kind)).toEqual(['WEIGHT_MISMATCH']);
      } finally {
        await patch(0.1).expect(200);
      }
      const again = await eventOk(item.id, sendOut({ sealNumber: item.sealNumber, weightGrams: 20.9, witness: W() }));
      expect(again.discrepancies.map((d: Json) => d.kind)).toEqual(['WEIGHT_MISMATCH']);
    });

    it('a cash amount mismatch → one AMOUNT_MISMATCH', async () => {
      const item = await cash();
      const out = await eventOk(item.id, sendOut({ amount: 4500, witness: W() }));
      expect(out.discrepancies.map((d: Json) => [d.kind, d.expected, d.observed])).toEqual([['AMOUNT_MISMATCH', '5000', '4500']]);
      expect(out.event.amountSeen).toBe(4500);
      const back = await eventOk(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, amount: 5000, witness: W() });
      expect(back.discrepancies).toEqual([]);
      expect((await discrepanciesOf(item.id)).items.map((d) => d.kind)).toEqual(['AMOUNT_MISMATCH']);
    });

    it('seal and weight both wrong → one discrepancy each', async () => {
      const item = await drugs();
      const before = await discrepancyRows();
      const out = await eventOk(item.id, sendOut({ sealNumber: 'S-OTHER', weightGrams: 25, witness: W() }));
      expect(out.discrepancies.map((d: Json) => d.kind).sort()).toEqual(['SEAL_MISMATCH', 'WEIGHT_MISMATCH']);
      expect(await discrepancyRows()).toBe(before + 2);
    });

    it('a HIGH exit or return without the blind values → 422 BLIND_CHECK_REQUIRED naming what is missing, nothing written', async () => {
      const item = await drugs();
      let res = await refused(item.id, sendOut({ witness: W() }), 422, 'BLIND_CHECK_REQUIRED');
      expect(res.body.details.missing).toEqual(['sealNumber', 'weightGrams']);
      res = await refused(item.id, sendOut({ sealNumber: item.sealNumber, witness: W() }), 422, 'BLIND_CHECK_REQUIRED');
      expect(res.body.details.missing).toEqual(['weightGrams']);
      const money = await cash();
      res = await refused(money.id, sendOut({ witness: W() }), 422, 'BLIND_CHECK_REQUIRED');
      expect(res.body.details.missing).toEqual(['amount']);
      await eventOk(item.id, sendOut({ ...blindOf(item), witness: W() }));
      res = await refused(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, weightGrams: 20.5, witness: W() }, 422, 'BLIND_CHECK_REQUIRED');
      expect(res.body.details.missing).toEqual(['sealNumber']);
    });

    it('a NORMAL item leaves without blind values; values it is given are still compared', async () => {
      const item = await phone();
      const out = await eventOk(item.id, sendOut());
      expect(out.discrepancies).toEqual([]);
      const back = await eventOk(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.room.id, sealNumber: 'N-WRONG' });
      expect(back.discrepancies.map((d: Json) => [d.kind, d.expected, d.observed])).toEqual([['SEAL_MISMATCH', item.sealNumber, 'N-WRONG']]);
    });

    it('GET /api/incidents: the station’s roles see them, another station does not, an OFFICER may not', async () => {
      for (const role of ['COMMANDER', 'SUPERVISOR', 'AUDITOR', 'CLERK'] as const) {
        const res = await t.http().get('/api/incidents').set(auth(t.a.tokens[role]));
        expect(res.status).toBe(200);
        expect(res.body.total).toBeGreaterThan(0);
        expect(new Set(res.body.items.map((d: Json) => d.stationId))).toEqual(new Set([t.a.station.id]));
      }
      const b = await t.http().get('/api/incidents').set(auth(t.b.tokens.COMMANDER)).expect(200);
      expect(b.body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
      expectError(await t.http().get('/api/incidents').set(auth(t.a.tokens.OFFICER)), 403, 'FORBIDDEN');
      const open = await t.http().get('/api/incidents').query({ status: 'OPEN', pageSize: 2 }).set(auth(t.a.tokens.AUDITOR)).expect(200);
      expect(open.body.items).toHaveLength(2);
      expect(open.body.pageSize).toBe(2);
      const [{ n }] = await ownerRows<{ n: number }>(`SELECT count(*)::int AS n FROM discrepancies WHERE station_id = $1 AND status = 'OPEN'`, [t.a.station.id]);
      expect(open.body.total).toBe(n);
      expectError(await t.http().get('/api/incidents').query({ status: 'CLOSED' }).set(auth(t.a.tokens.AUDITOR)), 400, 'VALIDATION_FAILED');
    });
  });

  describe('AMEND, RESEAL and CONDITION_CHECK', () => {
    it('AMEND records every changed field before and after, with its reason, and updates the record', async () => {
      const item = await phone({ evidence: { caseNumber: '300/2568', seizedFrom: 'นายเดิม ชื่อเก่า' } });
      const { event, item: after } = await eventOk(item.id, {
        type: 'AMEND',
        changes: { description: 'โทรศัพท์มือถือ สีขาว', quantity: 2, evidence: { caseNumber: '301/2568', seizedFrom: 'นายใหม่ ชื่อถูก' } },
        reason: 'เลขคดีและชื่อผู้ต้องหาพิมพ์ผิด',
      });
      expect(event.reason).toBe('เลขคดีและชื่อผู้ต้องหาพิมพ์ผิด');
      expect(event.changes.before).toMatchObject({ description: 'โทรศัพท์มือถือ', quantity: 1, caseNumber: '300/2568', details: { caseNumber: '300/2568', seizedFrom: 'นายเดิม ชื่อเก่า' } });
      expect(event.changes.after).toMatchObject({ description: 'โทรศัพท์มือถือ สีขาว', quantity: 2, caseNumber: '301/2568', details: { caseNumber: '301/2568', seizedFrom: 'นายใหม่ ชื่อถูก' } });
      expect(after).toMatchObject({ description: 'โทรศัพท์มือถือ สีขาว', quantity: 2, caseNumber: '301/2568', evidence: { caseNumber: '301/2568', seizedFrom: 'นายใหม่ ชื่อถูก' } });
      const byCase = await t.http().get('/api/items').query({ caseNumber: '301/2568' }).set(auth(t.a.tokens.CLERK)).expect(200);
      expect(byCase.body.items.map((i: Json) => i.id)).toEqual([item.id]);
      const byName = await t.http().get('/api/items').query({ q: 'ชื่อถูก' }).set(auth(t.a.tokens.CLERK)).expect(200);
      expect(byName.body.items.map((i: Json) => i.id)).toEqual([item.id]);
      expect((await t.http().get('/api/items').query({ q: 'ชื่อเก่า' }).set(auth(t.a.tokens.CLERK))).body.total).toBe(0);
      const [audit] = await ownerRows<{ action: string; before: Json; after: Json }>('SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1', [item.id]);
      expect(audit.action).toBe('ITEM_AMEND');
      expect(audit.before).toMatchObject({ description: 'โทรศัพท์มือถือ', caseNumber: '300/2568' });
      expect(audit.after).toMatchObject({ description: 'โทรศัพท์มือถือ สีขาว', caseNumber: '301/2568' });
    });

    it('AMEND that changes nothing, uses another category’s block, or breaks an item rule → refused, nothing written', async () => {
      const item = await phone();
      await refused(item.id, { type: 'AMEND', changes: { description: item.description }, reason: 'ไม่มีอะไรเปลี่ยน' }, 422, 'NOTHING_TO_AMEND');
      await refused(item.id, { type: 'AMEND', changes: {}, reason: 'ว่าง' }, 422, 'NOTHING_TO_AMEND');
      await refused(item.id, { type: 'AMEND', changes: { property: { assetNumber: 'X-1' } }, reason: 'ผิดส่วน' }, 422, 'DETAILS_FOR_OTHER_CATEGORY');
      await refused(item.id, { type: 'AMEND', changes: { denominations: { '100': 1 } }, reason: 'ไม่ใช่เงิน' }, 422, 'DENOMINATIONS_NOT_CASH');
      const desk = await register({ category: 'PROPERTY', kind: 'furniture', description: 'โต๊ะไม้', locationId: t.a.room.id });
      await refused(desk.id, { type: 'AMEND', changes: { kind: 'cash' }, reason: 'ผิดประเภท', witness: W() }, 422, 'KIND_NOT_IN_CATEGORY');
      const money = await cash();
      await refused(money.id, { type: 'AMEND', changes: { amount: 5500 }, reason: 'นับใหม่', witness: W() }, 422, 'DENOMINATIONS_DO_NOT_ADD_UP');
      const fixed = await eventOk(money.id, { type: 'AMEND', changes: { amount: 5500, denominations: { '1000': 5, '500': 1 } }, reason: 'นับใหม่', witness: W() });
      expect(fixed.item).toMatchObject({ amount: 5500, denominations: { '1000': 5, '500': 1 } });
    });

    it('AMEND of a weapon serial to one already registered → 409 SERIAL_TAKEN', async () => {
      const gun = (serial: string) =>
        register({ category: 'WEAPON', kind: 'firearm', description: 'ปืนลูกซอง', locationId: t.a.safe.id, serialNumber: serial, weapon: { make: 'Remington' }, witness: W() });
      await gun('AM-GUN-1');
      const other = await gun('AM-GUN-2');
      await refused(other.id, { type: 'AMEND', changes: { serialNumber: 'AM-GUN-1' }, reason: 'อ่านเลขผิด', witness: W() }, 409, 'SERIAL_TAKEN');
      const ok = await eventOk(other.id, { type: 'AMEND', changes: { serialNumber: 'AM-GUN-3' }, reason: 'อ่านเลขผิด', witness: W() });
      expect(ok.item.serialNumber).toBe('AM-GUN-3');
    });

    it('AMEND of a kind that makes the item HIGH needs a witness and a secure location', async () => {
      const inRoom = await phone();
      await refused(inRoom.id, { type: 'AMEND', changes: { kind: 'valuables' }, reason: 'เป็นทองคำ' }, 422, 'WITNESS_REQUIRED');
      await refused(inRoom.id, { type: 'AMEND', changes: { kind: 'valuables' }, reason: 'เป็นทองคำ', witness: W() }, 422, 'LOCATION_NOT_SECURE');
      await refused(inRoom.id, { type: 'AMEND', changes: { kind: 'drugs' }, reason: 'เป็นยาเสพติด', witness: W() }, 422, 'LOCATION_NOT_SECURE');
      const inSafe = await phone({ locationId: t.a.safe.id });
      await refused(inSafe.id, { type: 'AMEND', changes: { kind: 'drugs' }, reason: 'เป็นยาเสพติด', witness: W() }, 422, 'WEIGHT_REQUIRED');
      const { event, item } = await eventOk(inSafe.id, { type: 'AMEND', changes: { kind: 'valuables' }, reason: 'เป็นทองคำ', witness: W() });
      expect(item.riskClass).toBe('HIGH');
      expect(event.changes).toEqual({ before: { kind: 'electronics', riskClass: 'NORMAL' }, after: { kind: 'valuables', riskClass: 'HIGH' } });
      expect(event.witness.id).toBe(t.a.users.SUPERVISOR.id);
      // From now on it is treated as HIGH.
      await refused(inSafe.id, { type: 'MOVE', toLocationId: safe2.id }, 422, 'WITNESS_REQUIRED');
      await refused(inSafe.id, { type: 'MOVE', toLocationId: room2.id, witness: W() }, 422, 'LOCATION_NOT_SECURE');
    });

    it('RESEAL changes the seal on record (before/after in the event); later blind checks compare with the new seal', async () => {
      const item = await drugs();
      await refused(item.id, { type: 'RESEAL', sealNumber: 'RS-NEW', witness: W() }, 422, 'EVENT_FIELDS_MISSING');
      const { event, item: after } = await eventOk(item.id, { type: 'RESEAL', sealNumber: 'RS-NEW', reason: 'เปิดผนึกเพื่อตรวจพิสูจน์', documentRef: 'บันทึก 5/2568', witness: W() });
      expect(after.sealNumber).toBe('RS-NEW');
      expect(event.changes).toEqual({ before: { sealNumber: item.sealNumber }, after: { sealNumber: 'RS-NEW' } });
      expect(event.documentRef).toBe('บันทึก 5/2568');
      const out = await eventOk(item.id, sendOut({ sealNumber: 'RS-NEW', weightGrams: 20.5, witness: W() }));
      expect(out.discrepancies).toEqual([]);
      const back = await eventOk(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, sealNumber: item.sealNumber, weightGrams: 20.5, witness: W() });
      expect(back.discrepancies.map((d: Json) => [d.kind, d.expected, d.observed])).toEqual([['SEAL_MISMATCH', 'RS-NEW', item.sealNumber]]);
    });

    it('CONDITION_CHECK changes the condition; a check that finds it unchanged is still recorded; RECEIVE_BACK may set it', async () => {
      const item = await phone();
      const first = await eventOk(item.id, { type: 'CONDITION_CHECK', condition: 'DAMAGED', note: 'หน้าจอแตกร้าว' });
      expect(first.item.condition).toBe('DAMAGED');
      expect(first.event).toMatchObject({ condition: 'DAMAGED', note: 'หน้าจอแตกร้าว' });
      const second = await eventOk(item.id, { type: 'CONDITION_CHECK', condition: 'DAMAGED' });
      expect(second.item.condition).toBe('DAMAGED');
      await eventOk(item.id, sendOut({ destination: 'REPAIR', recipient: 'ร้านซ่อมทดสอบ' }));
      const back = await eventOk(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.room.id, condition: 'GOOD' });
      expect(back.item.condition).toBe('GOOD');
      const timeline = await t.http().get(`/api/items/${item.id}/custody`).set(auth(t.a.tokens.AUDITOR)).expect(200);
      expect(timeline.body.events.map((e: Json) => [e.type, e.condition])).toEqual([
        ['INTAKE', 'GOOD'],
        ['CONDITION_CHECK', 'DAMAGED'],
        ['CONDITION_CHECK', 'DAMAGED'],
        ['SEND_OUT', null],
        ['RECEIVE_BACK', 'GOOD'],
      ]);
    });
  });

  describe('concurrent events on one item', () => {
    async function race(itemId: string, n: number, body: () => Body) {
      const before = await state(itemId);
      const results = await Promise.all(Array.from({ length: n }, () => send(itemId, body())));
      const after = await state(itemId);
      return { results, before, after };
    }

    it('two concurrent SEND_OUTs of a HIGH item → exactly one 201, the other 409; one SEND_OUT in the timeline', async () => {
      const item = await drugs();
      const { results, before, after } = await race(item.id, 2, () => sendOut({ ...blindOf(item), witness: W() }));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expectError(results.find((r) => r.status === 409)!, 409, 'ILLEGAL_TRANSITION');
      expect({ events: after.events - before.events, audit: after.audit_log - before.audit_log }).toEqual({ events: 1, audit: 1 });
      const timeline = await t.http().get(`/api/items/${item.id}/custody`).set(auth(t.a.tokens.CLERK)).expect(200);
      expect(timeline.body.events.map((e: Json) => e.type)).toEqual(['INTAKE', 'SEND_OUT']);
    });

    it('ten concurrent SEND_OUTs of a NORMAL item → one 201, nine 409', async () => {
      const item = await phone();
      const { results, before, after } = await race(item.id, 10, () => sendOut());
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const losers = results.filter((r) => r.status !== 201);
      expect(losers.map((r) => [r.status, r.body.code])).toEqual(Array(9).fill([409, 'ILLEGAL_TRANSITION']));
      expect({ events: after.events - before.events, audit: after.audit_log - before.audit_log }).toEqual({ events: 1, audit: 1 });
      const timeline = await t.http().get(`/api/items/${item.id}/custody`).set(auth(t.a.tokens.CLERK)).expect(200);
      expect(timeline.body.events.filter((e: Json) => e.type === 'SEND_OUT')).toHaveLength(1);
    });

    it('ten concurrent MOVEs to one location → one 201, nine 409 ALREADY_THERE', async () => {
      const item = await phone();
      const { results, before, after } = await race(item.id, 10, () => ({ type: 'MOVE', toLocationId: room2.id }));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.code])).toEqual(Array(9).fill([409, 'ALREADY_THERE']));
      expect({ events: after.events - before.events, audit: after.audit_log - before.audit_log }).toEqual({ events: 1, audit: 1 });
    });
  });

  describe('the timeline: GET /api/items/:id/custody', () => {
    it('lists every event in order with actor, witness, locations, recipient and document', async () => {
      const item = await drugs();
      await eventOk(item.id, { type: 'MOVE', toLocationId: safe2.id, witness: W('sta.commander') });
      await eventOk(item.id, sendOut({ ...blindOf(item), documentRef: 'ตช 0026.1/777', note: 'ส่งตรวจพิสูจน์', witness: W() }));
      await eventOk(item.id, { type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, ...blindOf(item), documentRef: 'ผลตรวจ 12/2568', witness: W() });
      await eventOk(item.id, { type: 'CONDITION_CHECK', condition: 'GOOD', witness: W('sta.clerk') }, t.a.tokens.SUPERVISOR);
      await eventOk(item.id, { type: 'RESEAL', sealNumber: 'TL-NEW', reason: 'ผนึกใหม่หลังตรวจ', witness: W() });
      await eventOk(item.id, { type: 'AMEND', changes: { weightGrams: 20.25 }, reason: 'ชั่งใหม่หลังตรวจพิสูจน์', witness: W() });

      const res = await t.http().get(`/api/items/${item.id}/custody`).set(auth(t.a.tokens.OFFICER));
      expect(res.status).toBe(200);
      expect(res.body.item).toMatchObject({ id: item.id, sealNumber: 'TL-NEW', weightGrams: 20.25, locationId: t.a.safe.id, status: 'IN_STORAGE' });
      const events: Json[] = res.body.events;
      const { CLERK, SUPERVISOR, COMMANDER } = t.a.users;
      const loc = (id: string | null) => (id ? { id } : null);
      const expected = [
        { type: 'INTAKE', actor: CLERK.id, witness: SUPERVISOR.id, from: null, to: t.a.safe.id, fromStatus: null, toStatus: 'IN_STORAGE', documentRef: null, recipient: null },
        { type: 'MOVE', actor: CLERK.id, witness: COMMANDER.id, from: t.a.safe.id, to: safe2.id, fromStatus: 'IN_STORAGE', toStatus: 'IN_STORAGE', documentRef: null, recipient: null },
        { type: 'SEND_OUT', actor: CLERK.id, witness: SUPERVISOR.id, from: safe2.id, to: null, fromStatus: 'IN_STORAGE', toStatus: 'SENT_OUT', documentRef: 'ตช 0026.1/777', recipient: 'สถาบันนิติวิทยาศาสตร์' },
        { type: 'RECEIVE_BACK', actor: CLERK.id, witness: SUPERVISOR.id, from: null, to: t.a.safe.id, fromStatus: 'SENT_OUT', toStatus: 'IN_STORAGE', documentRef: 'ผลตรวจ 12/2568', recipient: 'สถาบันนิติวิทยาศาสตร์' },
        { type: 'CONDITION_CHECK', actor: SUPERVISOR.id, witness: CLERK.id, from: t.a.safe.id, to: t.a.safe.id, fromStatus: 'IN_STORAGE', toStatus: 'IN_STORAGE', documentRef: null, recipient: null },
        { type: 'RESEAL', actor: CLERK.id, witness: SUPERVISOR.id, from: t.a.safe.id, to: t.a.safe.id, fromStatus: 'IN_STORAGE', toStatus: 'IN_STORAGE', documentRef: null, recipient: null },
        { type: 'AMEND', actor: CLERK.id, witness: SUPERVISOR.id, from: t.a.safe.id, to: t.a.safe.id, fromStatus: 'IN_STORAGE', toStatus: 'IN_STORAGE', documentRef: null, recipient: null },
      ];
      expect(
        events.map((e) => ({
          type: e.type,
          actor: e.actor.id,
          witness: e.witness?.id ?? null,
          from: e.fromLocation?.id ?? null,
          to: e.toLocation?.id ?? null,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          documentRef: e.documentRef,
          recipient: e.recipient,
        })),
      ).toEqual(expected);
      for (const e of events) {
        expect(e.actor.displayName).toMatch(THAI);
        expect(typeof e.actor.rank).toBe('string');
        expect(e.witness.displayName).toMatch(THAI);
        if (e.toLocation) expect(e.toLocation).toMatchObject({ ...loc(e.toLocation.id), code: expect.any(String), name: expect.any(String) });
      }
      expect(events[2]).toMatchObject({ destination: 'LAB', note: 'ส่งตรวจพิสูจน์', sealSeen: item.sealNumber, weightSeenGrams: 20.5 });
      expect(events[5].changes).toEqual({ before: { sealNumber: item.sealNumber }, after: { sealNumber: 'TL-NEW' } });
      expect(events[6].changes).toEqual({ before: { weightGrams: 20.5 }, after: { weightGrams: 20.25 } });
      const ids = events.map((e) => e.id as number);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(ids.length);
      const times = events.map((e) => new Date(e.at).getTime());
      expect(times).toEqual([...times].sort((x, y) => x - y));
      // The item's history is exactly its events: one audit row each, in the same order.
      const audit = await ownerRows<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq', [item.id]);
      expect(audit.map((a) => a.action)).toEqual(['ITEM_REGISTERED', 'ITEM_MOVE', 'ITEM_SEND_OUT', 'ITEM_RECEIVE_BACK', 'ITEM_CONDITION_CHECK', 'ITEM_RESEAL', 'ITEM_AMEND']);
    });

    it('any role of the station reads it; another station and unknown ids get 404', async () => {
      const item = await phone();
      for (const role of ['COMMANDER', 'SUPERVISOR', 'CLERK', 'INVESTIGATOR', 'OFFICER', 'AUDITOR'] as const) {
        await t.http().get(`/api/items/${item.id}/custody`).set(auth(t.a.tokens[role])).expect(200);
      }
      await t.http().get(`/api/items/${item.id}/custody`).set(auth(t.adminToken)).expect(200);
      expectError(await t.http().get(`/api/items/${item.id}/custody`).set(auth(t.b.tokens.COMMANDER)), 404, 'NOT_FOUND');
      expectError(await t.http().get(`/api/items/${NO_SUCH_ID}/custody`).set(auth(t.a.tokens.COMMANDER)), 404, 'NOT_FOUND');
      await refused(item.id, { type: 'MOVE', toLocationId: t.b.room.id }, 404, 'NOT_FOUND', t.b.tokens.CLERK);
      expectError(await send(NO_SUCH_ID, { type: 'MOVE', toLocationId: room2.id }), 404, 'NOT_FOUND');
      expectError(await send('not-a-uuid', { type: 'MOVE', toLocationId: room2.id }), 400, 'INVALID_ID');
    });
  });

  describe('append-only', () => {
    it('custody_events refuses UPDATE, DELETE and TRUNCATE from the application role, and UPDATE/DELETE even from the owner', async () => {
      const item = await phone();
      await eventOk(item.id, { type: 'CONDITION_CHECK', condition: 'GOOD', note: 'ตรวจแล้ว' });
      const rows = () => ownerRows('SELECT * FROM custody_events WHERE item_id = $1 ORDER BY id', [item.id]);
      const before = await rows();
      expect(before).toHaveLength(2);
      await expect(t.dataSource.query(`UPDATE custody_events SET note = 'แก้ไขย้อนหลัง' WHERE item_id = $1`, [item.id])).rejects.toThrow(/permission denied|refused/);
      await expect(t.dataSource.query('DELETE FROM custody_events WHERE item_id = $1', [item.id])).rejects.toThrow(/permission denied|refused/);
      await expect(t.dataSource.query('TRUNCATE custody_events CASCADE')).rejects.toThrow(/permission denied|refused/);
      await expect(ownerRows(`UPDATE custody_events SET note = 'x' WHERE item_id = $1`, [item.id])).rejects.toThrow(/UPDATE refused on custody_events/);
      await expect(ownerRows('DELETE FROM custody_events WHERE item_id = $1', [item.id])).rejects.toThrow(/DELETE refused on custody_events/);
      await expect(t.dataSource.query('DELETE FROM discrepancies')).rejects.toThrow(/permission denied/);
      expect(await rows()).toEqual(before);
    });

    it('the audit chain of the station verifies after everything above', async () => {
      const res = await t.http().get('/api/audit-log/verify').set(auth(t.a.tokens.COMMANDER)).expect(200);
      expect(res.body).toMatchObject({ ok: true, firstBadSeq: null });
      const [{ n }] = await ownerRows<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE station_id = $1', [t.a.station.id]);
      expect(res.body.entries).toBe(n);
      // Every custody event of the station has exactly one audit row naming it.
      const [counts] = await ownerRows<{ events: number; audited: number }>(`SELECT (SELECT count(*) FROM custody_events WHERE station_id = $1 AND type <> 'INTAKE')::int AS events,
                (SELECT count(*) FROM audit_log WHERE station_id = $1 AND action LIKE 'ITEM\\_%' AND action <> 'ITEM_REGISTERED')::int AS audited`,
        [t.a.station.id],
      );
      expect(counts.audited).toBe(counts.events);
      expect(counts.events).toBeGreaterThan(50);
    });
  });
});
