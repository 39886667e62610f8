/**
 * Station isolation (DESIGN §2, §7): no request ever reads or writes another station's rows, and
 * another station's ids are answered as "not found" — exactly as an id that does not exist — so their
 * existence is not revealed. Station A is the caller's, station B is "another station".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { Role, STATION_ROLES } from '../../src/common/roles.js';
import { startTestApp, type StationFixture, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { ownerQuery } from '../helpers/database.js';

type StationRole = Exclude<Role, Role.ADMIN>;
const ROLES_OF_A = STATION_ROLES as StationRole[];
const AUDIT_LOG_READERS: StationRole[] = [Role.COMMANDER, Role.SUPERVISOR, Role.AUDITOR];
const PAGE_KEYS = ['items', 'page', 'pageSize', 'total'];

const outcome = (res: Response) => ({ status: res.status, code: res.body.code as string | undefined });

describe('station isolation', () => {
  let t: TestApp;
  let A: StationFixture;
  let B: StationFixture;

  beforeAll(async () => {
    t = await startTestApp();
    A = t.a;
    B = t.b;
    // One more row on A's chain, so A's and B's chains differ in length as well as in hashes.
    const res = await t
      .http()
      .post('/api/locations')
      .set('authorization', `Bearer ${A.tokens.CLERK}`)
      .send({ code: 'LOCKER1', name: 'ตู้ล็อกเกอร์', kind: 'LOCKER', parentId: A.room.id });
    expect(res.status).toBe(201);
  });
  afterAll(async () => t?.close());

  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).set('authorization', `Bearer ${token}`),
    post: (path: string, body?: object) => t.http().post(path).set('authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body?: object) => t.http().patch(path).set('authorization', `Bearer ${token}`).send(body),
  });

  async function count(table: 'locations' | 'audit_log' | 'users' | 'stations', where = 'true', params: unknown[] = []): Promise<number> {
    const [row] = await ownerQuery<{ n: number }>(t.db, `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return row.n;
  }

  /** Rows a write could leave behind, read as the database owner (not through the app). */
  async function footprint() {
    return {
      locations: await count('locations'),
      auditLog: await count('audit_log'),
      users: await count('users'),
      stations: await count('stations'),
      chainHeads: await ownerQuery(t.db, 'SELECT chain_key, seq, hash FROM audit_chain_heads ORDER BY chain_key'),
      stationB: await ownerQuery(t.db, 'SELECT settings, settings_version FROM stations WHERE id = $1', [B.station.id]),
      usersB: await ownerQuery(t.db, 'SELECT id, active, password_hash FROM users WHERE station_id = $1 ORDER BY id', [B.station.id]),
    };
  }

  const idsOf = (s: StationFixture) => ({
    station: s.station.id,
    users: Object.values(s.users).map((u) => u.id),
    locations: [s.room.id, s.safe.id],
  });

  async function auditRowsOf(stationId: string) {
    return ownerQuery<{ seq: string; hash: string }>(t.db, 'SELECT seq, hash FROM audit_log WHERE station_id = $1 ORDER BY seq', [stationId]);
  }

  describe("reading B's rows by id: 404, the same answer as for an id that does not exist", () => {
    const byId = (s: StationFixture) => [
      `/api/stations/${s.station.id}`,
      ...Object.values(s.users).map((u) => `/api/users/${u.id}`),
      `/api/locations/${s.room.id}`,
      `/api/locations/${s.safe.id}`,
    ];

    for (const role of ROLES_OF_A) {
      it(`A's ${role}`, async () => {
        const token = A.tokens[role];
        const got: Record<string, unknown> = {};
        const want: Record<string, unknown> = {};
        for (const path of byId(B)) {
          got[path] = outcome(await as(token).get(path));
          want[path] = { status: 404, code: 'NOT_FOUND' };
        }
        // An id nobody has: the answer B's ids must be indistinguishable from.
        for (const resource of ['stations', 'users', 'locations']) {
          const path = `/api/${resource}/${randomUUID()}`;
          got[path] = outcome(await as(token).get(path));
          want[path] = { status: 404, code: 'NOT_FOUND' };
        }
        // Control: the same reads of A's own rows succeed, so the 404s above are about the station.
        for (const path of byId(A)) {
          const res = await as(token).get(path);
          got[path] = { status: res.status, id: res.body.id };
          want[path] = { status: 200, id: path.split('/').pop() };
        }
        expect(got).toEqual(want);
      });
    }

    it('no body of a refusal names anything of B', async () => {
      const res = await as(A.tokens.COMMANDER).get(`/api/users/${B.users.CLERK.id}`);
      expect(res.status).toBe(404);
      const text = JSON.stringify(res.body);
      for (const secret of [B.users.CLERK.id, B.users.CLERK.username, B.station.id, B.station.code]) expect(text).not.toContain(secret);
    });
  });

  describe("writing B's rows by id is refused and writes nothing", () => {
    it("A's COMMANDER (who may change A's settings) gets 404 for B's settings", async () => {
      const before = await footprint();
      const res = await as(A.tokens.COMMANDER).patch(`/api/stations/${B.station.id}/settings`, { settings: { samplingPercent: 99 } });
      expect(outcome(res)).toEqual({ status: 404, code: 'NOT_FOUND' });
      const missing = await as(A.tokens.COMMANDER).patch(`/api/stations/${randomUUID()}/settings`, { settings: { samplingPercent: 99 } });
      expect(outcome(missing)).toEqual(outcome(res));
      expect(await footprint()).toEqual(before);
      // Control: the same change of A's own station goes through.
      const own = await as(A.tokens.COMMANDER).patch(`/api/stations/${A.station.id}/settings`, { settings: { samplingPercent: 30 } });
      expect(own.status).toBe(200);
      expect(own.body.settings.samplingPercent).toBe(30);
    });

    it("other roles of A are refused B's settings (403 by role, as for an unknown id)", async () => {
      const before = await footprint();
      for (const role of ROLES_OF_A.filter((r) => r !== Role.COMMANDER)) {
        const res = await as(A.tokens[role]).patch(`/api/stations/${B.station.id}/settings`, { settings: { samplingPercent: 99 } });
        const missing = await as(A.tokens[role]).patch(`/api/stations/${randomUUID()}/settings`, { settings: { samplingPercent: 99 } });
        expect({ role, ...outcome(res) }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
        expect(outcome(missing)).toEqual(outcome(res));
      }
      expect(await footprint()).toEqual(before);
    });

    // Deactivating, reactivating and resetting passwords are ADMIN's alone: every station user is refused
    // by role before any lookup, so the answer cannot tell B's user from an id that does not exist.
    for (const action of ['deactivate', 'reactivate', 'password'] as const) {
      it(`POST /api/users/<B's user>/${action} by each role of A: 403, like an unknown id, nothing written`, async () => {
        const before = await footprint();
        const body = action === 'password' ? { password: 'taken-over-2568' } : undefined;
        for (const role of ROLES_OF_A) {
          const res = await as(A.tokens[role]).post(`/api/users/${B.users.CLERK.id}/${action}`, body);
          const missing = await as(A.tokens[role]).post(`/api/users/${randomUUID()}/${action}`, body);
          expect({ role, ...outcome(res) }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
          expect(outcome(missing)).toEqual(outcome(res));
        }
        expect(await footprint()).toEqual(before);
        // B's clerk can still log in with the old password.
        await t.http().post('/api/auth/login').send({ username: B.users.CLERK.username, password: TEST_PASSWORD }).expect(200);
      });
    }
  });

  describe("lists never contain B's rows, even when asked for B", () => {
    const queries = (path: string) => [`${path}?pageSize=200`, `${path}?pageSize=200&stationId=${B.station.id}`];

    for (const role of ROLES_OF_A) {
      it(`GET /api/users, /api/locations, /api/stations as A's ${role}`, async () => {
        const b = idsOf(B);
        const usersOfA = await count('users', 'station_id = $1', [A.station.id]);
        const locationsOfA = await count('locations', 'station_id = $1', [A.station.id]);

        for (const path of queries('/api/users')) {
          const res = await as(A.tokens[role]).get(path);
          expect(res.status).toBe(200);
          expect(Object.keys(res.body).sort()).toEqual(PAGE_KEYS);
          const items = res.body.items as { id: string; stationId: string }[];
          expect(items.filter((u) => u.stationId !== A.station.id || b.users.includes(u.id))).toEqual([]);
          expect(res.body.total).toBe(items.length);
          if (!path.includes('stationId')) expect(items.length).toBe(usersOfA);
        }

        for (const path of queries('/api/locations')) {
          const res = await as(A.tokens[role]).get(path);
          expect(res.status).toBe(200);
          expect(Object.keys(res.body).sort()).toEqual(PAGE_KEYS);
          const items = res.body.items as { id: string; stationId: string }[];
          expect(items.filter((l) => l.stationId !== A.station.id || b.locations.includes(l.id))).toEqual([]);
          expect(res.body.total).toBe(items.length);
          if (!path.includes('stationId')) expect(items.length).toBe(locationsOfA);
        }

        for (const path of queries('/api/stations')) {
          const res = await as(A.tokens[role]).get(path);
          // ListStationsQueryDto has no stationId: asking for one is refused as an unknown field.
          if (path.includes('stationId')) {
            expect(res.status).toBe(400);
            continue;
          }
          expect(res.status).toBe(200);
          expect(Object.keys(res.body).sort()).toEqual(PAGE_KEYS);
          expect((res.body.items as { id: string }[]).map((s) => s.id)).toEqual([A.station.id]);
          expect(res.body.total).toBe(1);
        }

        // Filters naming B's rows find nothing.
        const filtered = [
          `/api/users?q=${B.station.code.toLowerCase()}`,
          `/api/users?q=${encodeURIComponent(B.users.CLERK.username)}`,
          `/api/locations?parentId=${B.room.id}`,
        ];
        for (const path of filtered) {
          const res = await as(A.tokens[role]).get(path);
          expect({ path, status: res.status, total: res.body.total, items: res.body.items }).toEqual({ path, status: 200, total: 0, items: [] });
        }
      });
    }

    for (const role of AUDIT_LOG_READERS) {
      it(`GET /api/audit-log as A's ${role}: A's chain only`, async () => {
        const rowsA = await auditRowsOf(A.station.id);
        const hashesB = new Set((await auditRowsOf(B.station.id)).map((r) => r.hash.trim()));
        const hashesA = new Set(rowsA.map((r) => r.hash.trim()));
        expect(hashesB.size).toBeGreaterThan(0);

        for (const path of queries('/api/audit-log')) {
          const res = await as(A.tokens[role]).get(path);
          expect(res.status).toBe(200);
          expect(Object.keys(res.body).sort()).toEqual(PAGE_KEYS);
          const hashes = (res.body.items as { hash: string }[]).map((i) => i.hash.trim());
          expect(hashes.filter((h) => hashesB.has(h))).toEqual([]);
          expect(hashes.filter((h) => !hashesA.has(h))).toEqual([]);
          expect(hashes.length).toBe(rowsA.length);
          expect(res.body.total).toBe(rowsA.length);
        }

        // Filters naming B's rows find nothing.
        for (const path of [`/api/audit-log?entityId=${B.room.id}`, `/api/audit-log?entityId=${B.users.CLERK.id}`, `/api/audit-log?entityType=location&entityId=${B.safe.id}`]) {
          const res = await as(A.tokens[role]).get(path);
          expect({ path, status: res.status, total: res.body.total, items: res.body.items }).toEqual({ path, status: 200, total: 0, items: [] });
        }
      });
    }
  });

  describe("creating a location in or under B's station", () => {
    const body = (extra: Record<string, unknown>) => ({ code: 'X-CROSS', name: 'ข้ามสถานี', kind: 'SHELF', ...extra });

    it("A's CLERK: a parent of B is refused like an unknown parent; stationId of B is 404; nothing is written", async () => {
      const clerk = as(A.tokens.CLERK);
      const before = await footprint();

      const parentOfB = await clerk.post('/api/locations', body({ parentId: B.room.id }));
      expect(parentOfB.status).toBeGreaterThanOrEqual(400);
      expect(parentOfB.status).toBeLessThan(500);
      const unknownParent = await clerk.post('/api/locations', body({ parentId: randomUUID() }));
      expect(outcome(parentOfB)).toEqual(outcome(unknownParent));

      expect(outcome(await clerk.post('/api/locations', body({ stationId: B.station.id })))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(outcome(await clerk.post('/api/locations', body({ stationId: B.station.id, parentId: B.room.id })))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(outcome(await clerk.post('/api/locations', body({ stationId: randomUUID() })))).toEqual({ status: 404, code: 'NOT_FOUND' });

      expect(await footprint()).toEqual(before);
      expect(await count('locations', 'code = $1', ['X-CROSS'])).toBe(0);

      // Control: the same body under A's own room is accepted, in A's station, with one audit row on A's chain.
      const auditA = await count('audit_log', 'station_id = $1', [A.station.id]);
      const auditB = await count('audit_log', 'station_id = $1', [B.station.id]);
      const own = await clerk.post('/api/locations', body({ parentId: A.room.id }));
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({ stationId: A.station.id, parentId: A.room.id, code: 'X-CROSS' });
      expect(await count('locations')).toBe(before.locations + 1);
      expect(await count('audit_log', 'station_id = $1', [A.station.id])).toBe(auditA + 1);
      expect(await count('audit_log', 'station_id = $1', [B.station.id])).toBe(auditB);
    });

    it('ADMIN cannot hang a location of A under a location of B either', async () => {
      const before = await footprint();
      const res = await as(t.adminToken).post('/api/locations', body({ code: 'X-ADMIN', stationId: A.station.id, parentId: B.room.id }));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await footprint()).toEqual(before);
      expect(await count('locations', 'code = $1', ['X-ADMIN'])).toBe(0);
    });
  });

  describe('the ADMIN is system-wide', () => {
    it('sees both stations, their users and their locations', async () => {
      const admin = as(t.adminToken);

      const stations = await admin.get('/api/stations?pageSize=200');
      expect(stations.status).toBe(200);
      expect((stations.body.items as { id: string }[]).map((s) => s.id)).toEqual(expect.arrayContaining([A.station.id, B.station.id]));

      for (const s of [A, B]) {
        const users = await admin.get(`/api/users?pageSize=200&stationId=${s.station.id}`);
        expect(users.status).toBe(200);
        const items = users.body.items as { id: string; stationId: string }[];
        expect(items.every((u) => u.stationId === s.station.id)).toBe(true);
        expect(items.map((u) => u.id)).toEqual(expect.arrayContaining(idsOf(s).users));
        expect(users.body.total).toBe(await count('users', 'station_id = $1', [s.station.id]));

        const locations = await admin.get(`/api/locations?pageSize=200&stationId=${s.station.id}`);
        expect(locations.status).toBe(200);
        expect((locations.body.items as { id: string }[]).map((l) => l.id)).toEqual(expect.arrayContaining(idsOf(s).locations));
        expect(locations.body.total).toBe(await count('locations', 'station_id = $1', [s.station.id]));

        for (const path of [`/api/stations/${s.station.id}`, `/api/users/${s.users.CLERK.id}`, `/api/locations/${s.safe.id}`]) {
          expect({ path, status: (await admin.get(path)).status }).toEqual({ path, status: 200 });
        }

        const log = await admin.get(`/api/audit-log?pageSize=200&stationId=${s.station.id}`);
        expect(log.status).toBe(200);
        expect(log.body.total).toBe(await count('audit_log', 'station_id = $1', [s.station.id]));
      }

      const all = await admin.get('/api/locations?pageSize=200');
      const stationIds = new Set((all.body.items as { stationId: string }[]).map((l) => l.stationId));
      expect(stationIds).toEqual(new Set([A.station.id, B.station.id]));
    });
  });

  describe("GET /api/audit-log/verify covers the caller's chain only", () => {
    it("for every role of A: A's entries and head, even when asking for B", async () => {
      const rowsA = await auditRowsOf(A.station.id);
      const rowsB = await auditRowsOf(B.station.id);
      expect(rowsA.length).not.toBe(rowsB.length); // the extra location made in beforeAll
      const headA = rowsA[rowsA.length - 1];
      const chainA = { ok: true, entries: rowsA.length, headSeq: Number(headA.seq), headHash: headA.hash.trim(), firstBadSeq: null };

      for (const role of ROLES_OF_A) {
        for (const path of ['/api/audit-log/verify', `/api/audit-log/verify?stationId=${B.station.id}`]) {
          const res = await as(A.tokens[role]).get(path);
          expect({ role, path, status: res.status, body: res.body }).toEqual({ role, path, status: 200, body: chainA });
        }
      }
    });

    it("B's user gets B's chain; the ADMIN names either", async () => {
      const rowsA = await auditRowsOf(A.station.id);
      const rowsB = await auditRowsOf(B.station.id);
      const own = await as(B.tokens.AUDITOR).get('/api/audit-log/verify');
      expect(own.body).toMatchObject({ ok: true, entries: rowsB.length, headHash: rowsB[rowsB.length - 1].hash.trim() });
      for (const [s, rows] of [[A, rowsA], [B, rowsB]] as const) {
        const res = await as(t.adminToken).get(`/api/audit-log/verify?stationId=${s.station.id}`);
        expect(res.body).toMatchObject({ ok: true, entries: rows.length, headHash: rows[rows.length - 1].hash.trim() });
      }
    });
  });
});
