/**
 * Items (DESIGN §2 Item, §3 rules 4 and 8, §7): registration of each category with its own block,
 * validation that writes nothing, gap-free codes under concurrent and failing registrations, search
 * (Thai free text and filters), lookups by code, another station's items, and items never deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type supertest from 'supertest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const THAI = /[\u0E00-\u0E7F]/;
const CODE = /^STA-(EV|GP|WP|DN)\d{2}-\d{6}$/;
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const CAT: Record<string, string> = { EVIDENCE: 'EV', PROPERTY: 'GP', WEAPON: 'WP', DONATION: 'DN' };

type Body = Record<string, unknown>;
type Res = supertest.Response;

/** One owner (superuser) session for the file's checks of the database: a new connection per check is slow. */
let owner: pg.Client;
async function ownerRows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await owner.query(sql, params)).rows as T[];
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const witnessA = (username = 'sta.supervisor', password = TEST_PASSWORD) => ({ username, password });

/** The Buddhist-era year in Bangkok at a moment, computed independently of the server (Intl, not an offset). */
function buddhistYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Bangkok', year: 'numeric' }).format(at)) + 543;
}

/** Every error answer: the status, a stable code, an English and a Thai message. */
function expectError(res: Res, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.trim().length).toBeGreaterThan(0);
  expect(res.body.messageTh).toMatch(THAI);
}

/** What a refused registration must leave as it was: rows, counters and chain heads. */
async function snapshot() {
  const [row] = await ownerRows<{ items: number; events: number; audit_log: number; discrepancies: number; counters: unknown[]; heads: unknown[] }>(`SELECT (SELECT count(*) FROM items)::int AS items,
            (SELECT count(*) FROM custody_events)::int AS events,
            (SELECT count(*) FROM audit_log)::int AS audit_log,
            (SELECT count(*) FROM discrepancies)::int AS discrepancies,
            (SELECT coalesce(json_agg(json_build_object('station', station_id, 'cat', category_code, 'year', year_be, 'last', last_seq)
                     ORDER BY station_id, category_code, year_be), '[]') FROM item_code_counters) AS counters,
            (SELECT coalesce(json_agg(json_build_object('chain', chain_key, 'seq', seq, 'hash', hash) ORDER BY chain_key), '[]') FROM audit_chain_heads) AS heads`,
  );
  return row;
}

describe('items (e2e)', () => {
  let t: TestApp;
  const post = (token: string, body: Body) => t.http().post('/api/items').set(auth(token)).send(body);
  const clerk = (body: Body) => post(t.a.tokens.CLERK, body);

  // Valid registrations of station A, one per category and kind family; tests break one thing each.
  const drugs = (over: Body = {}): Body => ({
    category: 'EVIDENCE',
    kind: 'drugs',
    description: 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส',
    quantity: 200,
    unit: 'เม็ด',
    locationId: t.a.safe.id,
    sealNumber: 'S-0001',
    weightGrams: 20.5,
    netWeightGrams: 18.25,
    evidence: {
      caseNumber: '123/2568',
      dailyReportRef: 'ปจว. ข้อ 5 ลง 10 ม.ค. 2568',
      offence: 'มียาเสพติดให้โทษประเภท 1 ไว้ในครอบครอง',
      seizedFrom: 'นายสมชาย ใจดี',
      seizedAt: '2025-01-10T10:00:00+07:00',
      seizedPlace: 'หน้าร้านสะดวกซื้อ ซอยลาดพร้าว 101',
      seizingOfficer: 'ร.ต.อ. ทดสอบ ตรวจยึด',
      reviewDate: '2025-07-10',
    },
    witness: witnessA(),
    ...over,
  });
  const phone = (over: Body = {}): Body => ({
    category: 'EVIDENCE',
    kind: 'electronics',
    description: 'โทรศัพท์มือถือ สีดำ',
    locationId: t.a.room.id,
    serialNumber: 'IMEI-0001',
    evidence: { caseNumber: '124/2568', seizedFrom: 'นางสาวทดลอง ใช้ดี' },
    ...over,
  });
  const computer = (over: Body = {}): Body => ({
    category: 'PROPERTY',
    kind: 'electronics',
    description: 'เครื่องคอมพิวเตอร์ตั้งโต๊ะ พร้อมจอภาพ',
    quantity: 1,
    unit: 'เครื่อง',
    locationId: t.a.room.id,
    serialNumber: 'PC-0001',
    property: {
      assetNumber: '7440-001-0001/68',
      acquisitionDate: '2024-10-15',
      acquisitionMethod: 'PURCHASE',
      acquisitionDocument: 'ใบส่งของ 45/2567',
      fundingSource: 'BUDGET',
      unitPrice: 25900,
      usefulLifeYears: 5,
      depreciationRate: 20,
    },
    ...over,
  });
  const pistol = (serial: string, over: Body = {}): Body => ({
    category: 'WEAPON',
    kind: 'firearm',
    description: 'ปืนพกสั้นกึ่งอัตโนมัติ',
    locationId: t.a.safe.id,
    serialNumber: serial,
    weapon: { make: 'Glock', model: '19', calibre: '9 มม.', registrationNumber: 'ทะเบียน 55/2560' },
    witness: witnessA(),
    ...over,
  });
  const cashDonation = (over: Body = {}): Body => ({
    category: 'DONATION',
    kind: 'cash',
    description: 'เงินสดบริจาคเพื่อจัดซื้อวิทยุสื่อสาร',
    locationId: t.a.safe.id,
    amount: 6000,
    denominations: { '1000': 5, '500': 2 },
    donation: {
      donorName: 'บริษัท ใจบุญ จำกัด',
      donorContact: '02-000-0000',
      receivedAt: '2025-02-01T09:30:00+07:00',
      estimatedValue: 6000,
      purpose: 'ใช้ในงานป้องกันปราบปราม',
      receiptNumber: 'ใบเสร็จ 12/2568',
    },
    witness: witnessA(),
    ...over,
  });
  const chairs = (over: Body = {}): Body => ({
    category: 'DONATION',
    kind: 'furniture',
    description: 'เก้าอี้สำนักงาน',
    quantity: 10,
    unit: 'ตัว',
    locationId: t.a.room.id,
    donation: { donorName: 'นายใจดี มีทรัพย์', receivedAt: '2025-03-01', purpose: 'ใช้ในห้องสอบสวน' },
    ...over,
  });

  async function registerOk(body: Body, token = t.a.tokens.CLERK) {
    const res = await post(token, body);
    expect(res.status === 201 ? 'created' : `${res.status} ${JSON.stringify(res.body)}`).toBe('created');
    return res.body as Record<string, any>;
  }

  beforeAll(async () => {
    t = await startTestApp();
    owner = new pg.Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  describe('registration of each category, read back with GET /api/items/:id', () => {
    async function roundTrip(body: Body, block: string) {
      const before = buddhistYear(new Date());
      const created = await registerOk(body);
      const after = buddhistYear(new Date());
      const read = await t.http().get(`/api/items/${created.id}`).set(auth(t.a.tokens.OFFICER));
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created);
      const item = read.body;
      // Only its own category block, exactly as sent.
      for (const other of ['evidence', 'property', 'weapon', 'donation']) {
        if (other === block) expect(item[other]).toEqual(body[block] ?? {});
        else expect(item).not.toHaveProperty(other);
      }
      expect(item).toMatchObject({
        stationId: t.a.station.id,
        category: body.category,
        kind: body.kind,
        description: body.description,
        locationId: body.locationId,
        status: 'IN_STORAGE',
        condition: 'GOOD',
        registeredBy: t.a.users.CLERK.id,
        holderId: null,
        holderText: null,
      });
      expect(item.code).toMatch(CODE);
      expect(item.code.slice(4, 6)).toBe(CAT[body.category as string]);
      expect([before % 100, after % 100].map((y) => String(y).padStart(2, '0'))).toContain(item.code.slice(6, 8));
      expect(item.location).toMatchObject({ id: body.locationId });
      expect(new Date(item.registeredAt).getTime()).not.toBeNaN();
      return item;
    }

    it('EVIDENCE drugs: HIGH, every field round-trips, the INTAKE names the witness', async () => {
      const body = drugs();
      const item = await roundTrip(body, 'evidence');
      expect(item).toMatchObject({
        riskClass: 'HIGH',
        quantity: 200,
        unit: 'เม็ด',
        sealNumber: 'S-0001',
        weightGrams: 20.5,
        netWeightGrams: 18.25,
        caseNumber: '123/2568',
        serialNumber: null,
        amount: null,
        denominations: null,
      });
      const timeline = await t.http().get(`/api/items/${item.id}/custody`).set(auth(t.a.tokens.CLERK)).expect(200);
      expect(timeline.body.events).toHaveLength(1);
      expect(timeline.body.events[0]).toMatchObject({
        type: 'INTAKE',
        actor: { id: t.a.users.CLERK.id },
        witness: { id: t.a.users.SUPERVISOR.id },
        fromStatus: null,
        toStatus: 'IN_STORAGE',
        toLocation: { id: t.a.safe.id },
        sealSeen: 'S-0001',
        weightSeenGrams: 20.5,
        quantity: 200,
      });
    });

    it('EVIDENCE electronics: NORMAL, no witness needed, unit defaults to ชิ้น and quantity to 1', async () => {
      const item = await roundTrip(phone(), 'evidence');
      expect(item).toMatchObject({ riskClass: 'NORMAL', quantity: 1, unit: 'ชิ้น', serialNumber: 'IMEI-0001', caseNumber: '124/2568' });
      const timeline = await t.http().get(`/api/items/${item.id}/custody`).set(auth(t.a.tokens.CLERK)).expect(200);
      expect(timeline.body.events.map((e: { type: string; witness: unknown }) => [e.type, e.witness])).toEqual([['INTAKE', null]]);
    });

    it('EVIDENCE cash: HIGH, amount and denominations round-trip', async () => {
      const item = await roundTrip(
        { category: 'EVIDENCE', kind: 'cash', description: 'ธนบัตรของกลาง', locationId: t.a.safe.id, amount: 1750.5, denominations: { '1000': 1, '500': 1, '100': 2, '50': 1, '0.5': 1 }, evidence: { caseNumber: '125/2568' }, witness: witnessA() },
        'evidence',
      );
      expect(item).toMatchObject({ riskClass: 'HIGH', amount: 1750.5, denominations: { '1000': 1, '500': 1, '100': 2, '50': 1, '0.5': 1 }, unit: 'ชุด' });
    });

    it('PROPERTY electronics: NORMAL, the asset number is also a top-level field', async () => {
      const item = await roundTrip(computer(), 'property');
      expect(item).toMatchObject({ riskClass: 'NORMAL', assetNumber: '7440-001-0001/68', caseNumber: null, quantity: 1, unit: 'เครื่อง', serialNumber: 'PC-0001' });
    });

    it('PROPERTY without a property block is accepted and reads back with an empty block', async () => {
      const item = await roundTrip({ category: 'PROPERTY', kind: 'furniture', description: 'โต๊ะทำงานเหล็ก', locationId: t.a.room.id }, 'property');
      expect(item.property).toEqual({});
      expect(item.assetNumber).toBeNull();
    });

    it('WEAPON firearm: HIGH in the safe with a witness, unit กระบอก, weapon block round-trips', async () => {
      const item = await roundTrip(pistol('GLK-0001'), 'weapon');
      expect(item).toMatchObject({ riskClass: 'HIGH', serialNumber: 'GLK-0001', unit: 'กระบอก', quantity: 1 });
    });

    it('WEAPON ammunition: bulk quantity in นัด', async () => {
      const item = await roundTrip(
        { category: 'WEAPON', kind: 'ammunition', description: 'กระสุนปืนพก 9 มม.', quantity: 150, locationId: t.a.safe.id, weapon: { calibre: '9 มม.' }, witness: witnessA() },
        'weapon',
      );
      expect(item).toMatchObject({ riskClass: 'HIGH', quantity: 150, unit: 'นัด' });
    });

    it('DONATION cash: HIGH, donation block and denominations round-trip', async () => {
      const item = await roundTrip(cashDonation(), 'donation');
      expect(item).toMatchObject({ riskClass: 'HIGH', amount: 6000, denominations: { '1000': 5, '500': 2 } });
    });

    it('DONATION furniture: NORMAL in a plain room', async () => {
      const item = await roundTrip(chairs(), 'donation');
      expect(item).toMatchObject({ riskClass: 'NORMAL', quantity: 10, unit: 'ตัว' });
    });

    it('an INVESTIGATOR books evidence in; an OFFICER may not register', async () => {
      const res = await post(t.a.tokens.INVESTIGATOR, phone({ serialNumber: 'IMEI-INV', evidence: { caseNumber: '130/2568' } }));
      expect(res.status).toBe(201);
      expect(res.body.registeredBy).toBe(t.a.users.INVESTIGATOR.id);
      const before = await snapshot();
      const refused = await post(t.a.tokens.OFFICER, phone());
      expectError(refused, 403, 'FORBIDDEN');
      // Property, weapons and donations are the clerk's registers, not the investigator's.
      expectError(await post(t.a.tokens.INVESTIGATOR, computer()), 403, 'CLERK_REGISTERS_THIS');
      expectError(await post(t.a.tokens.INVESTIGATOR, chairs()), 403, 'CLERK_REGISTERS_THIS');
      expect(await snapshot()).toEqual(before);
    });

    it('keeps weapon serial numbers in one spelling, so case or spaces cannot make a second registration', async () => {
      const first = await post(t.a.tokens.CLERK, pistol('zz 9911 a', { locationId: t.a.safe.id, witness: { username: 'sta.supervisor', password: TEST_PASSWORD } }));
      expect(first.status).toBe(201);
      expect(first.body.serialNumber).toBe('ZZ9911A');
      const again = await post(t.a.tokens.CLERK, pistol('ZZ9911A', { locationId: t.a.safe.id, witness: { username: 'sta.supervisor', password: TEST_PASSWORD } }));
      expectError(again, 409, 'SERIAL_TAKEN');
      const found = await t.http().get('/api/items').query({ serialNumber: 'zz9911a' }).set('authorization', `Bearer ${t.a.tokens.CLERK}`).expect(200);
      expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([first.body.id]);
    });

    it('writes one INTAKE event and one ITEM_REGISTERED audit row per registration', async () => {
      const before = await snapshot();
      const item = await registerOk(chairs({ description: 'เก้าอี้พลาสติก' }));
      const after = await snapshot();
      expect({ items: after.items - before.items, events: after.events - before.events, audit: after.audit_log - before.audit_log }).toEqual({ items: 1, events: 1, audit: 1 });
      const rows = await ownerRows(`SELECT action, entity_type, entity_id, actor_id FROM audit_log WHERE entity_id = $1`, [item.id]);
      expect(rows).toEqual([{ action: 'ITEM_REGISTERED', entity_type: 'item', entity_id: item.id, actor_id: t.a.users.CLERK.id }]);
    });
  });

  describe('refused registrations: 400/422 with code and Thai message, nothing written', () => {
    const long = (n: number) => 'ก'.repeat(n);
    const cases: { name: string; body: () => Body; status: 400 | 422; code: string }[] = [
      { name: 'no category', body: () => ({ ...phone(), category: undefined }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'an unknown category', body: () => phone({ category: 'LOST_AND_FOUND' }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'an unknown kind', body: () => phone({ kind: 'laser' }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'no description', body: () => ({ ...phone(), description: undefined }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a blank description', body: () => phone({ description: '   ' }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a description of 1001 characters', body: () => phone({ description: long(1001) }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a NUL character in the description (refused by the database after the number is taken)', body: () => phone({ description: 'โทรศัพท์\u0000' }), status: 400, code: 'INVALID_VALUE' },
      { name: 'quantity 0', body: () => phone({ quantity: 0 }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a negative quantity', body: () => phone({ quantity: -3 }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a quantity as text', body: () => phone({ quantity: '5' }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'weight with 4 decimals', body: () => drugs({ weightGrams: 20.1234 }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a serial number of 101 characters', body: () => phone({ serialNumber: 'X'.repeat(101) }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'an unknown condition', body: () => phone({ condition: 'BROKEN' }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'an unknown top-level field', body: () => phone({ colour: 'ดำ' }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'an unknown field in the evidence block', body: () => phone({ evidence: { caseNumber: '1/2568', suspectAge: 30 } }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'the evidence block as an array', body: () => phone({ evidence: [{ caseNumber: '1/2568' }] }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'evidence without a case number', body: () => phone({ evidence: { seizedFrom: 'นายเอ' } }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'evidence seizedAt not a date', body: () => phone({ evidence: { caseNumber: '1/2568', seizedAt: '2025-13-45' } }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'donation block without purpose', body: () => chairs({ donation: { donorName: 'นายบี', receivedAt: '2025-03-01' } }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a property fundingSource outside the list', body: () => computer({ property: { fundingSource: 'LOTTERY' } }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'locationId not a UUID', body: () => phone({ locationId: 'R1' }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a witness without a password', body: () => drugs({ witness: { username: 'sta.supervisor' } }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'EVIDENCE without its evidence block', body: () => ({ ...phone(), evidence: undefined }), status: 422, code: 'DETAILS_REQUIRED' },
      { name: 'DONATION without its donation block', body: () => ({ ...chairs(), donation: undefined }), status: 422, code: 'DETAILS_REQUIRED' },
      { name: 'EVIDENCE with a property block too', body: () => phone({ property: { assetNumber: 'X-1' } }), status: 422, code: 'DETAILS_FOR_OTHER_CATEGORY' },
      { name: 'WEAPON with a donation block', body: () => pistol('GLK-BLOCK', { donation: { donorName: 'นายซี', receivedAt: '2025-03-01', purpose: 'ใช้งาน' } }), status: 422, code: 'DETAILS_FOR_OTHER_CATEGORY' },
      { name: 'PROPERTY with an evidence block', body: () => computer({ evidence: { caseNumber: '1/2568' } }), status: 422, code: 'DETAILS_FOR_OTHER_CATEGORY' },
      { name: 'a WEAPON of kind drugs', body: () => pistol('GLK-KIND', { kind: 'drugs', weightGrams: 5 }), status: 422, code: 'KIND_NOT_IN_CATEGORY' },
      { name: 'PROPERTY of kind cash', body: () => computer({ kind: 'cash', amount: 100 }), status: 422, code: 'KIND_NOT_IN_CATEGORY' },
      { name: 'a DONATION of kind firearm', body: () => chairs({ kind: 'firearm', serialNumber: 'DN-GUN', locationId: t.a.safe.id, witness: witnessA() }), status: 422, code: 'KIND_NOT_IN_CATEGORY' },
      { name: 'a DONATION of kind drugs', body: () => chairs({ kind: 'drugs', weightGrams: 3, locationId: t.a.safe.id, witness: witnessA() }), status: 422, code: 'KIND_NOT_IN_CATEGORY' },
      { name: 'a weapon firearm without a serial number', body: () => ({ ...pistol('x'), serialNumber: undefined }), status: 422, code: 'SERIAL_REQUIRED' },
      { name: 'drugs without a weight', body: () => ({ ...drugs(), weightGrams: undefined, netWeightGrams: undefined }), status: 422, code: 'WEIGHT_REQUIRED' },
      { name: 'drugs with a net weight above the gross', body: () => drugs({ netWeightGrams: 25 }), status: 422, code: 'NET_OVER_GROSS' },
      { name: 'a cash amount with 3 decimals (baht are kept to the satang)', body: () => cashDonation({ amount: 6000.005 }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'cash without an amount', body: () => ({ ...cashDonation(), amount: undefined, denominations: undefined }), status: 422, code: 'AMOUNT_REQUIRED' },
      { name: 'cash whose denominations do not add up', body: () => cashDonation({ denominations: { '1000': 5, '500': 1 } }), status: 422, code: 'DENOMINATIONS_DO_NOT_ADD_UP' },
      { name: 'a denomination that is not a value', body: () => cashDonation({ amount: 1000, denominations: { 'พันบาท': 1 } }), status: 422, code: 'DENOMINATIONS_INVALID' },
      { name: 'a fractional banknote count', body: () => cashDonation({ amount: 1250, denominations: { '500': 2.5 } }), status: 422, code: 'DENOMINATIONS_INVALID' },
      { name: 'denominations on something that is not cash', body: () => chairs({ denominations: { '100': 1 } }), status: 422, code: 'DENOMINATIONS_NOT_CASH' },
      { name: 'an unknown location', body: () => phone({ locationId: NO_SUCH_ID }), status: 422, code: 'LOCATION_NOT_FOUND' },
      { name: "another station's location", body: () => phone({ locationId: t.b.room.id }), status: 422, code: 'LOCATION_NOT_FOUND' },
      { name: 'a HIGH item in a location that is not secure', body: () => drugs({ locationId: t.a.room.id }), status: 422, code: 'LOCATION_NOT_SECURE' },
      { name: 'a HIGH item without a witness', body: () => ({ ...drugs(), witness: undefined }), status: 422, code: 'WITNESS_REQUIRED' },
      { name: "a witness's wrong password", body: () => drugs({ witness: witnessA('sta.auditor', 'not-the-password') }), status: 422, code: 'WITNESS_INVALID' },
      { name: 'an unknown witness', body: () => drugs({ witness: witnessA('nobody.here') }), status: 422, code: 'WITNESS_INVALID' },
      { name: 'the actor as witness', body: () => drugs({ witness: witnessA('sta.clerk') }), status: 422, code: 'WITNESS_IS_ACTOR' },
      { name: 'a witness of another station', body: () => drugs({ witness: witnessA('stb.supervisor') }), status: 422, code: 'WITNESS_INVALID' },
    ];

    beforeAll(async () => {
      // Every counter row exists, so "last_seq did not move" is a real comparison.
      await registerOk(chairs({ description: 'ชั้นวางเอกสาร' }));
      await registerOk(phone({ serialNumber: 'IMEI-SNAP' }));
      await registerOk(computer({ serialNumber: 'PC-SNAP', property: {} }));
      await registerOk(pistol('GLK-SNAP'));
    });

    for (const c of cases) {
      it(`${c.name} → ${c.status} ${c.code}`, async () => {
        const before = await snapshot();
        expect(before.counters.length).toBeGreaterThanOrEqual(4);
        const res = await clerk(c.body());
        expectError(res, c.status, c.code);
        expect(await snapshot()).toEqual(before);
      });
    }

    it('the bodies above differ from a valid one by one defect: the unbroken bodies are accepted', async () => {
      for (const body of [phone({ serialNumber: 'IMEI-OK' }), chairs(), computer({ serialNumber: 'PC-OK' }), drugs(), pistol('GLK-OK'), cashDonation()]) {
        const res = await clerk(body);
        expect(res.status === 201 ? 'created' : `${res.status} ${JSON.stringify(res.body)}`).toBe('created');
      }
    });

    it('a weapon serial already registered in the station → 409 SERIAL_TAKEN, nothing written; another station may use it', async () => {
      const before = await snapshot();
      expectError(await clerk(pistol('GLK-0001', { description: 'ปืนอีกกระบอก' })), 409, 'SERIAL_TAKEN');
      expect(await snapshot()).toEqual(before);
      const inB = await post(t.b.tokens.CLERK, { ...pistol('GLK-0001'), locationId: t.b.safe.id, witness: { username: 'stb.supervisor', password: TEST_PASSWORD } });
      expect(inB.status).toBe(201);
      expect(inB.body.code).toMatch(/^STB-WP\d{2}-\d{6}$/);
    });
  });

  describe('codes: {STATION}-{CAT}{YY}-{SEQ}', () => {
    it('each category gets its CAT, the Bangkok Buddhist-era year and the next six-digit number', async () => {
      for (const body of [phone({ serialNumber: 'IMEI-CODE' }), computer({ serialNumber: 'PC-CODE' }), pistol('GLK-CODE'), chairs()]) {
        const cat = CAT[body.category as string];
        const yearBefore = buddhistYear(new Date());
        const [counter] = await ownerRows<{ last_seq: number }>(`SELECT last_seq FROM item_code_counters WHERE station_id = $1 AND category_code = $2 AND year_be = $3`, [
          t.a.station.id,
          cat,
          yearBefore,
        ]);
        const item = await registerOk(body);
        const yearAfter = buddhistYear(new Date());
        expect(yearAfter).toBe(yearBefore); // a registration across Bangkok's New Year midnight would make this test ambiguous
        const yy = String(yearBefore % 100).padStart(2, '0');
        expect(item.code).toBe(`STA-${cat}${yy}-${String((counter?.last_seq ?? 0) + 1).padStart(6, '0')}`);
        const [row] = await ownerRows<{ year_be: number; seq: number }>('SELECT year_be, seq FROM items WHERE id = $1', [item.id]);
        expect(row).toEqual({ year_be: yearBefore, seq: (counter?.last_seq ?? 0) + 1 });
      }
    });

    it('a station whose numbers for the year are used up answers 409 and its counter stays where it was', async () => {
      const year = buddhistYear(new Date());
      const counterOf = async () =>
        (await ownerRows<{ last_seq: number }>(`SELECT last_seq FROM item_code_counters WHERE station_id = $1 AND category_code = 'DN' AND year_be = $2`, [t.a.station.id, year]))[0]
          .last_seq;
      await registerOk(chairs({ description: 'พัดลมตั้งพื้น' }));
      const real = await counterOf();
      await ownerRows(`UPDATE item_code_counters SET last_seq = 999999 WHERE station_id = $1 AND category_code = 'DN' AND year_be = $2`, [t.a.station.id, year]);
      try {
        const before = await snapshot();
        const res = await clerk(chairs());
        expectError(res, 409, 'CODE_NUMBERS_EXHAUSTED');
        expect(await snapshot()).toEqual(before);
        expect(await counterOf()).toBe(999999);
      } finally {
        await ownerRows(`UPDATE item_code_counters SET last_seq = $3 WHERE station_id = $1 AND category_code = 'DN' AND year_be = $2`, [t.a.station.id, year, real]);
      }
      // And with the real counter back, numbering goes on from where it was.
      const next = await registerOk(chairs());
      expect(next.code.endsWith(`-${String(real + 1).padStart(6, '0')}`)).toBe(true);
    });
  });

  describe('gap-free numbering under 50 concurrent registrations (station B)', () => {
    it('the successful ones hold exactly 1..N per category; refused and rolled-back ones leave no gap', async () => {
      const wB = (username = 'stb.supervisor', password = TEST_PASSWORD) => ({ username, password });
      const b = t.b;
      const countsInB = async () =>
        Object.fromEntries(
          (await ownerRows<{ cat: string; n: number }>(`SELECT substr(code, 5, 2) AS cat, count(*)::int AS n FROM items WHERE station_id = $1 GROUP BY 1`, [b.station.id])).map((r) => [r.cat, r.n]),
        ) as Record<string, number>;
      const prior = await countsInB();
      // One weapon already registered, so a duplicate of its serial is refused.
      const first = await post(b.tokens.CLERK, { ...pistol('B-EXISTING'), locationId: b.safe.id, witness: wB() });
      expect(first.status).toBe(201);

      type Job = { expect: 'ok' | number; body: Body; token?: string };
      const jobs: Job[] = [];
      for (let i = 0; i < 8; i++) jobs.push({ expect: 'ok', body: phone({ locationId: b.room.id, serialNumber: `B-IMEI-${i}`, evidence: { caseNumber: `${i}/2568`, seizedFrom: 'นายบี' } }), token: i % 2 ? b.tokens.CLERK : b.tokens.INVESTIGATOR });
      for (let i = 0; i < 8; i++) jobs.push({ expect: 'ok', body: computer({ locationId: b.room.id, serialNumber: `B-PC-${i}`, property: { assetNumber: `B-${i}` } }) });
      for (let i = 0; i < 6; i++) jobs.push({ expect: 'ok', body: pistol(`B-GUN-${i}`, { locationId: b.safe.id, witness: wB() }) });
      for (let i = 0; i < 6; i++) jobs.push({ expect: 'ok', body: chairs({ locationId: b.room.id }) });
      // Five registrations of one new serial: one wins; the others fail, some after taking a number.
      for (let i = 0; i < 5; i++) jobs.push({ expect: 409, body: pistol('B-DUP', { locationId: b.safe.id, witness: wB() }) });
      jobs.push({ expect: 409, body: pistol('B-EXISTING', { locationId: b.safe.id, witness: wB() }) });
      // HIGH in a room that is not secure.
      for (let i = 0; i < 5; i++) jobs.push({ expect: 422, body: drugs({ locationId: b.room.id, witness: wB() }) });
      // Wrong witness passwords (another witness, fewer than the lock-out limit).
      for (let i = 0; i < 4; i++) jobs.push({ expect: 422, body: cashDonation({ locationId: b.safe.id, witness: wB('stb.auditor', 'wrong-password') }) });
      // Refused by the database on insert, after the number was taken: the transaction gives it back.
      for (let i = 0; i < 3; i++) jobs.push({ expect: 400, body: chairs({ locationId: b.room.id, description: `เก้าอี้\u0000${i}` }) });
      for (let i = 0; i < 2; i++) jobs.push({ expect: 400, body: phone({ locationId: b.room.id, description: `โทรศัพท์\u0000${i}` }) });
      // Station A's room is no location of station B.
      for (let i = 0; i < 2; i++) jobs.push({ expect: 422, body: chairs({ locationId: t.a.room.id }) });
      expect(jobs).toHaveLength(50);

      const results = await Promise.all(jobs.map((j) => post(j.token ?? b.tokens.CLERK, j.body)));
      const outcome = (r: Res) => (r.status === 201 ? 'ok' : r.status);
      const dup = results.slice(28, 33);
      expect(dup.filter((r) => r.status === 201)).toHaveLength(1);
      expect(dup.filter((r) => r.status === 409)).toHaveLength(4);
      const others = jobs.map((j, i) => ({ i, j, r: results[i] })).filter(({ i }) => i < 28 || i >= 33);
      expect(others.map(({ r }) => outcome(r))).toEqual(others.map(({ j }) => j.expect));
      for (const r of results.filter((r) => r.status !== 201)) expect(r.body.messageTh).toMatch(THAI);

      const year = buddhistYear(new Date());
      const added: Record<string, number> = { EV: 8, GP: 8, WP: 1 + 6 + 1, DN: 6 };
      const expected = Object.fromEntries(Object.entries(added).map(([cat, n]) => [cat, (prior[cat] ?? 0) + n]));
      expect(await countsInB()).toEqual(expected);
      for (const [cat, n] of Object.entries(expected)) {
        const seqs = (await ownerRows<{ seq: number }>(`SELECT seq FROM items WHERE station_id = $1 AND code LIKE $2 ORDER BY seq`, [b.station.id, `STB-${cat}%`])).map((r) => r.seq);
        expect({ cat, seqs }).toEqual({ cat, seqs: Array.from({ length: n }, (_, k) => k + 1) });
        const [counter] = await ownerRows<{ last_seq: number }>('SELECT last_seq FROM item_code_counters WHERE station_id = $1 AND category_code = $2 AND year_be = $3', [
          b.station.id,
          cat,
          year,
        ]);
        expect({ cat, last: counter.last_seq }).toEqual({ cat, last: n });
      }
      // The codes the winners were told are exactly those sequences, once each.
      const codes = [first, ...results].filter((r) => r.status === 201).map((r) => r.body.code as string);
      expect(new Set(codes).size).toBe(codes.length);
      for (const [cat, n] of Object.entries(added)) {
        const mine = codes.filter((c) => c.startsWith(`STB-${cat}`)).map((c) => Number(c.slice(-6))).sort((x, y) => x - y);
        const from = prior[cat] ?? 0;
        expect({ cat, mine }).toEqual({ cat, mine: Array.from({ length: n }, (_, k) => from + k + 1) });
      }
      // Every winner has its INTAKE and its audit row; the chain is intact.
      const [{ events, audits }] = await ownerRows<{ events: number; audits: number }>(`SELECT (SELECT count(*) FROM custody_events WHERE station_id = $1 AND type = 'INTAKE')::int AS events,
                (SELECT count(*) FROM audit_log WHERE station_id = $1 AND action = 'ITEM_REGISTERED')::int AS audits`,
        [b.station.id],
      );
      const itemsInB = (await ownerRows<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE station_id = $1', [b.station.id]))[0].n;
      expect({ events, audits }).toEqual({ events: itemsInB, audits: itemsInB });
      const verify = await t.http().get('/api/audit-log/verify').set(auth(b.tokens.CLERK)).expect(200);
      expect(verify.body).toMatchObject({ ok: true, firstBadSeq: null });
    });
  });

  describe('search: GET /api/items', () => {
    let mali: Record<string, any>;
    let donated: Record<string, any>;

    beforeAll(async () => {
      mali = await registerOk(
        phone({
          description: 'โทรศัพท์มือถือยี่ห้อซัมซุง สีทอง จอแตก',
          serialNumber: 'IMEI-3569-ABC',
          evidence: { caseNumber: '777/2568', seizedFrom: 'นางสาวมาลี ศรีสุข', offence: 'ลักทรัพย์', ownerName: 'นายเจ้าของ ตัวจริง' },
        }),
      );
      donated = await registerOk(chairs({ description: 'ตู้เก็บเอกสารเหล็ก 4 ลิ้นชัก', donation: { donorName: 'มูลนิธิร่วมใจภักดี', receivedAt: '2025-04-01', purpose: 'ใช้ในงานธุรการ' } }));
      // An item of station B that every search of A must not see.
      const inB = await post(t.b.tokens.CLERK, phone({ locationId: t.b.room.id, description: 'กล้องวงจรปิดของสถานีบี', serialNumber: 'B-ONLY-CCTV', evidence: { caseNumber: '777/2568', seizedFrom: 'นางสาวมาลี ศรีสุข' } }));
      expect(inB.status).toBe(201);
    });

    const search = (query: Record<string, unknown>, token = t.a.tokens.CLERK) => t.http().get('/api/items').query(query).set(auth(token));
    const codesOf = (res: Res) => (res.body.items as { code: string }[]).map((i) => i.code).sort();

    it.each([
      ['a seized-from name', 'มาลี'],
      ['part of the Thai description', 'ซัมซุง สีทอง'],
      ['a serial number, case-insensitively', 'imei-3569'],
      ['the case number', '777/2568'],
      ['an owner name', 'เจ้าของ ตัวจริง'],
      ['the offence', 'ลักทรัพย์'],
    ])('q by %s finds exactly the item, only in the own station', async (_what, q) => {
      const res = await search({ q });
      expect(res.status).toBe(200);
      expect(codesOf(res)).toEqual([mali.code]);
      expect(res.body.total).toBe(1);
    });

    it('q by the code (as scanned or typed in lower case) and by a donor name', async () => {
      expect(codesOf(await search({ q: mali.code }))).toEqual([mali.code]);
      expect(codesOf(await search({ q: mali.code.toLowerCase() }))).toEqual([mali.code]);
      expect(codesOf(await search({ q: 'ร่วมใจภักดี' }))).toEqual([donated.code]);
    });

    it('q with LIKE wildcards matches them literally, not as wildcards', async () => {
      for (const q of ['%', '_', 'มาลี%ศรี', '\\']) {
        const res = await search({ q });
        expect({ q, status: res.status, total: res.body.total }).toEqual({ q, status: 200, total: 0 });
      }
    });

    it('q that only B has finds nothing for A; B finds its own', async () => {
      expect((await search({ q: 'วงจรปิด' })).body.total).toBe(0);
      expect((await search({ q: 'B-ONLY-CCTV' })).body.total).toBe(0);
      expect((await search({ q: 'วงจรปิด' }, t.b.tokens.CLERK)).body.total).toBe(1);
    });

    it('each filter returns exactly the station’s matching items (compared with the database)', async () => {
      // One item out, so the status filter has something to find.
      const out = await t
        .http()
        .post(`/api/items/${mali.id}/events`)
        .set(auth(t.a.tokens.CLERK))
        .send({ type: 'SEND_OUT', recipient: 'ศาลจังหวัดทดสอบ', destination: 'COURT', documentRef: 'ศ 1/2568' });
      expect(out.status).toBe(201);
      const filters: [Record<string, string>, string, unknown[]][] = [
        [{ category: 'WEAPON' }, 'category = $2', ['WEAPON']],
        [{ category: 'DONATION' }, 'category = $2', ['DONATION']],
        [{ kind: 'drugs' }, 'kind = $2', ['drugs']],
        [{ kind: 'electronics' }, 'kind = $2', ['electronics']],
        [{ status: 'SENT_OUT' }, 'status = $2', ['SENT_OUT']],
        [{ status: 'IN_STORAGE' }, 'status = $2', ['IN_STORAGE']],
        [{ riskClass: 'HIGH' }, 'risk_class = $2', ['HIGH']],
        [{ riskClass: 'NORMAL' }, 'risk_class = $2', ['NORMAL']],
        [{ locationId: t.a.safe.id }, 'location_id = $2', [t.a.safe.id]],
        [{ caseNumber: '777/2568' }, 'case_number = $2', ['777/2568']],
        [{ serialNumber: 'GLK-0001' }, 'serial_number = $2', ['GLK-0001']],
        [{ category: 'EVIDENCE', riskClass: 'HIGH', locationId: t.a.safe.id }, 'category = $2 AND risk_class = $3 AND location_id = $4', ['EVIDENCE', 'HIGH', t.a.safe.id]],
        [{ category: 'EVIDENCE', q: 'มาลี' }, `category = $2 AND search_text LIKE '%มาลี%'`, ['EVIDENCE']],
      ];
      for (const [query, where, params] of filters) {
        const res = await search({ ...query, pageSize: 200 });
        expect(res.status).toBe(200);
        const rows = await ownerRows<{ code: string }>(`SELECT code FROM items WHERE station_id = $1 AND ${where} ORDER BY code`, [t.a.station.id, ...params]);
        const want = rows.map((r) => r.code).sort();
        expect({ query, codes: codesOf(res), total: res.body.total }).toEqual({ query, codes: want, total: want.length });
        expect(want.length).toBeGreaterThan(0);
      }
      expect(codesOf(await search({ serialNumber: 'GLK-0001' }))).toHaveLength(1);
    });

    it('pages: {items,total,page,pageSize}, consecutive pages do not overlap, past the end is empty', async () => {
      const all = await search({ pageSize: 200 });
      const total = all.body.total as number;
      expect(total).toBeGreaterThan(4);
      expect(all.body.items).toHaveLength(total);
      const p1 = await search({ page: 1, pageSize: 2 });
      const p2 = await search({ page: 2, pageSize: 2 });
      for (const [res, page] of [[p1, 1], [p2, 2]] as const) {
        expect(Object.keys(res.body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
        expect(res.body).toMatchObject({ total, page, pageSize: 2 });
        expect(res.body.items).toHaveLength(2);
      }
      const ids = [...p1.body.items, ...p2.body.items].map((i: { id: string }) => i.id);
      expect(new Set(ids).size).toBe(4);
      expect(ids).toEqual(all.body.items.slice(0, 4).map((i: { id: string }) => i.id));
      const past = await search({ page: 1000, pageSize: 50 });
      expect(past.body).toEqual({ items: [], total, page: 1000, pageSize: 50 });
      const dflt = await search({});
      expect(dflt.body).toMatchObject({ page: 1, pageSize: 50, total });
    });

    it.each([
      [{ page: 0 }],
      [{ pageSize: 201 }],
      [{ category: 'JEWELS' }],
      [{ kind: 'laser' }],
      [{ status: 'LOST' }],
      [{ riskClass: 'MEDIUM' }],
      [{ locationId: 'R1' }],
      [{ q: 'ก'.repeat(201) }],
      [{ sort: 'code' }],
    ])('bad query %j → 400 with a Thai message', async (query) => {
      const res = await search(query);
      expectError(res, 400, 'VALIDATION_FAILED');
    });

    it('a station user naming another station gets an empty page; the ADMIN chooses the station', async () => {
      const mine = await search({ stationId: t.b.station.id, pageSize: 200 });
      expect(mine.body).toMatchObject({ items: [], total: 0 });
      const admin = await search({ stationId: t.b.station.id, pageSize: 200 }, t.adminToken);
      expect(admin.status).toBe(200);
      expect(admin.body.total).toBeGreaterThan(0);
      expect(new Set(admin.body.items.map((i: { stationId: string }) => i.stationId))).toEqual(new Set([t.b.station.id]));
    });
  });

  describe('scan by code and another station’s items', () => {
    let mine: Record<string, any>;
    let theirs: Record<string, any>;

    beforeAll(async () => {
      mine = await registerOk(chairs({ description: 'โต๊ะพับ' }));
      const res = await post(t.b.tokens.CLERK, chairs({ locationId: t.b.room.id, description: 'โต๊ะของสถานีบี' }));
      expect(res.status).toBe(201);
      theirs = res.body;
    });

    it('GET /api/items/by-code/:code → 200 for the own station, as scanned, typed in lower case or with spaces', async () => {
      for (const code of [mine.code, mine.code.toLowerCase(), ` ${mine.code} `]) {
        const res = await t.http().get(`/api/items/by-code/${encodeURIComponent(code)}`).set(auth(t.a.tokens.OFFICER));
        expect({ code, status: res.status, id: res.body.id }).toEqual({ code, status: 200, id: mine.id });
      }
    });

    it("another station's code, an unknown code and a malformed code → 404 NOT_FOUND", async () => {
      expect(theirs.code).toMatch(/^STB-DN\d{2}-\d{6}$/);
      const unknown = mine.code.replace(/\d{6}$/, '999999');
      for (const code of [theirs.code, unknown, 'NOT-A-CODE', 'ก'.repeat(80)]) {
        const res = await t.http().get(`/api/items/by-code/${encodeURIComponent(code)}`).set(auth(t.a.tokens.CLERK));
        expectError(res, 404, 'NOT_FOUND');
      }
      // The code exists: station B's own clerk and the administrator find it.
      await t.http().get(`/api/items/by-code/${theirs.code}`).set(auth(t.b.tokens.CLERK)).expect(200);
      await t.http().get(`/api/items/by-code/${theirs.code}`).set(auth(t.adminToken)).expect(200);
    });

    it("another station's item id → 404 on every items and custody route, and nothing is written", async () => {
      const before = await snapshot();
      const [rowBefore] = await ownerRows('SELECT * FROM items WHERE id = $1', [theirs.id]);
      const calls: [string, () => supertest.Test][] = [
        ['GET /api/items/:id', () => t.http().get(`/api/items/${theirs.id}`).set(auth(t.a.tokens.COMMANDER))],
        ['GET /api/items/:id/custody', () => t.http().get(`/api/items/${theirs.id}/custody`).set(auth(t.a.tokens.COMMANDER))],
        ['POST /api/items/:id/events CONDITION_CHECK', () => t.http().post(`/api/items/${theirs.id}/events`).set(auth(t.a.tokens.CLERK)).send({ type: 'CONDITION_CHECK', condition: 'DAMAGED' })],
        ['POST /api/items/:id/events MOVE', () => t.http().post(`/api/items/${theirs.id}/events`).set(auth(t.a.tokens.SUPERVISOR)).send({ type: 'MOVE', toLocationId: t.a.room.id })],
        [
          'POST /api/items/:id/events SEND_OUT',
          () => t.http().post(`/api/items/${theirs.id}/events`).set(auth(t.a.tokens.CLERK)).send({ type: 'SEND_OUT', recipient: 'ร้านซ่อม', destination: 'REPAIR', documentRef: 'x' }),
        ],
        [
          'POST /api/items/:id/events AMEND',
          () => t.http().post(`/api/items/${theirs.id}/events`).set(auth(t.a.tokens.CLERK)).send({ type: 'AMEND', changes: { description: 'ของเรา' }, reason: 'ทดสอบ' }),
        ],
      ];
      for (const [name, call] of calls) {
        const res = await call();
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 404, code: 'NOT_FOUND' });
        expect(res.body.messageTh).toMatch(THAI);
      }
      // Same answer as for an id that does not exist at all.
      expectError(await t.http().get(`/api/items/${NO_SUCH_ID}`).set(auth(t.a.tokens.COMMANDER)), 404, 'NOT_FOUND');
      expectError(await t.http().get(`/api/items/${NO_SUCH_ID}/custody`).set(auth(t.a.tokens.COMMANDER)), 404, 'NOT_FOUND');
      expectError(await t.http().get('/api/items/not-a-uuid').set(auth(t.a.tokens.COMMANDER)), 400, 'INVALID_ID');
      expect(await snapshot()).toEqual(before);
      expect((await ownerRows('SELECT * FROM items WHERE id = $1', [theirs.id]))[0]).toEqual(rowBefore);
      // A's discrepancy list filtered on B's item shows nothing of B.
      const disc = await t.http().get('/api/incidents').query({ itemId: theirs.id }).set(auth(t.a.tokens.COMMANDER)).expect(200);
      expect(disc.body).toMatchObject({ items: [], total: 0 });
    });
  });

  describe('items are never deleted', () => {
    let item: Record<string, any>;
    beforeAll(async () => {
      item = await registerOk(chairs({ description: 'เก้าอี้ที่ห้ามลบ' }));
    });
    const stillThere = async () => (await ownerRows('SELECT id FROM items WHERE id = $1', [item.id])).length;

    it('there is no DELETE route: 404 ROUTE_NOT_FOUND for the clerk, the commander and the administrator', async () => {
      for (const token of [t.a.tokens.CLERK, t.a.tokens.COMMANDER, t.adminToken]) {
        const res = await t.http().delete(`/api/items/${item.id}`).set(auth(token));
        expectError(res, 404, 'ROUTE_NOT_FOUND');
      }
      expect(await stillThere()).toBe(1);
    });

    it('the application role cannot DELETE FROM or TRUNCATE items (a database error), nor can the owner delete', async () => {
      await expect(t.dataSource.query('DELETE FROM items WHERE id = $1', [item.id])).rejects.toThrow(/permission denied|refused/);
      await expect(t.dataSource.query('TRUNCATE items CASCADE')).rejects.toThrow(/permission denied|refused/);
      await expect(ownerRows('DELETE FROM items WHERE id = $1', [item.id])).rejects.toThrow(/DELETE refused on items/);
      expect(await stillThere()).toBe(1);
      await t.http().get(`/api/items/${item.id}`).set(auth(t.a.tokens.CLERK)).expect(200);
    });
  });

  describe('station setting extraHighRiskKinds', () => {
    const settings = (token: string, extra: string[]) =>
      t.http().patch(`/api/stations/${t.a.station.id}/settings`).set(auth(token)).send({ settings: { extraHighRiskKinds: extra } });

    it('a kind the COMMANDER adds becomes HIGH for new registrations of that station only', async () => {
      const normal = await registerOk(phone({ serialNumber: 'IMEI-BEFORE' }));
      expect(normal.riskClass).toBe('NORMAL');

      expectError(await settings(t.a.tokens.CLERK, ['electronics']), 403, 'FORBIDDEN');
      const patched = await settings(t.a.tokens.COMMANDER, ['electronics']);
      expect(patched.status).toBe(200);
      expect(patched.body.settings.extraHighRiskKinds).toEqual(['electronics']);
      try {
        const before = await snapshot();
        expectError(await clerk(phone({ serialNumber: 'IMEI-AFTER' })), 422, 'WITNESS_REQUIRED');
        expectError(await clerk(phone({ serialNumber: 'IMEI-AFTER', witness: witnessA() })), 422, 'LOCATION_NOT_SECURE');
        expect(await snapshot()).toEqual(before);
        const high = await registerOk(phone({ serialNumber: 'IMEI-AFTER', locationId: t.a.safe.id, witness: witnessA() }));
        expect(high.riskClass).toBe('HIGH');
        const found = await t.http().get('/api/items').query({ riskClass: 'HIGH', kind: 'electronics' }).set(auth(t.a.tokens.CLERK)).expect(200);
        expect(found.body.items.map((i: { id: string }) => i.id)).toContain(high.id);
        // Station B has not added the kind.
        const inB = await post(t.b.tokens.CLERK, phone({ locationId: t.b.room.id, serialNumber: 'B-IMEI-NORMAL' }));
        expect(inB.status).toBe(201);
        expect(inB.body.riskClass).toBe('NORMAL');
      } finally {
        await settings(t.a.tokens.COMMANDER, []).expect(200);
      }
      const again = await registerOk(phone({ serialNumber: 'IMEI-RESET' }));
      expect(again.riskClass).toBe('NORMAL');
    });
  });

  describe('the end', () => {
    it('the audit chains of both stations verify', async () => {
      for (const token of [t.a.tokens.AUDITOR, t.b.tokens.AUDITOR]) {
        const res = await t.http().get('/api/audit-log/verify').set(auth(token)).expect(200);
        expect(res.body).toMatchObject({ ok: true, firstBadSeq: null });
        expect(res.body.entries).toBeGreaterThan(0);
      }
    });
  });
});
