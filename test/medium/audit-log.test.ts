import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { AuditLogService } from '../../src/audit-log/audit-log.service.js';
import { nextNightlyRun, NightlyVerificationService } from '../../src/audit-log/nightly-verification.service.js';
import { systemContext } from '../../src/common/request-context.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { LocationKind } from '../../src/locations/location.entity.js';
import { LocationsService } from '../../src/locations/locations.service.js';
import { StationsService } from '../../src/stations/stations.service.js';
import { actorOf, startTestApp, type TestApp } from '../helpers/app.js';
import { ownerQuery, withOwner } from '../helpers/database.js';

interface Row {
  seq: number;
  prev_hash: string;
  hash: string;
  canonical: string;
}

describe('audit log', () => {
  let t: TestApp;
  let adminCtx: ReturnType<typeof systemContext>;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    adminCtx = systemContext(actorOf(t.admin), 'audit-test');
  });
  afterAll(async () => t?.close());

  /** A station of its own with `n` location rows on its chain, for tests that tamper with a chain. */
  async function stationWithRows(code: string, n: number): Promise<string> {
    const station = await t.app.get(StationsService).create(adminCtx, { code, nameTh: `สถานี ${code}`, nameEn: code });
    const locations = t.app.get(LocationsService);
    for (let i = 0; i < n; i++) {
      await locations.create(adminCtx, { code: `L${i}`, name: `ตู้ที่ ${i}`, kind: LocationKind.LOCKER, stationId: station.id });
    }
    return station.id;
  }

  const verify = (stationId: string | null) => t.app.get(AuditLogService).verify(stationId);
  const chainRows = (stationId: string) =>
    ownerQuery<Row>(t.db, 'SELECT seq, prev_hash, hash, canonical FROM audit_log WHERE chain_key = $1 ORDER BY seq', [stationId]);
  /** As superuser with triggers off: the only way to change a row, and what verification must catch. */
  const tamper = (sql: string, params: unknown[]) =>
    withOwner(t.db, async (client) => {
      await client.query('SET session_replication_role = replica');
      for (const statement of sql.split(';').filter((s) => s.trim())) await client.query(statement, params);
    });

  async function countRows(): Promise<number> {
    const [{ n }] = await ownerQuery<{ n: number }>(t.db, 'SELECT count(*)::int AS n FROM audit_log');
    return n;
  }

  it('writes exactly one row per state change, with actor, request id, address and before/after', async () => {
    const before = await countRows();
    const res = await t
      .http()
      .post('/api/locations')
      .set(auth(t.a.tokens.CLERK))
      .set('x-request-id', 'req-audit-1')
      .send({ code: 'AUD1', name: 'ตู้เก็บเอกสาร', kind: 'LOCKER' })
      .expect(201);
    expect(await countRows()).toBe(before + 1);
    const [row] = await ownerQuery<Record<string, unknown>>(t.db, "SELECT * FROM audit_log WHERE request_id = 'req-audit-1'");
    expect(row).toMatchObject({
      chain_key: t.a.station.id,
      station_id: t.a.station.id,
      actor_id: t.a.users.CLERK.id,
      action: 'LOCATION_CREATED',
      entity_type: 'location',
      entity_id: res.body.id,
      before: null,
    });
    expect(row.after).toMatchObject({ code: 'AUD1', name: 'ตู้เก็บเอกสาร', secure: false });
    expect(String(row.client_ip)).toMatch(/127\.0\.0\.1|::1/);

    // Each kind of change: one row each; a refused request: none.
    const steps: [() => Promise<unknown>, number][] = [
      [() => t.http().post('/api/stations').set(auth(t.adminToken)).send({ code: 'AUDX', nameTh: 'สถานี', nameEn: 'X' }).expect(201), 1],
      [() => t.http().post('/api/users').set(auth(t.adminToken)).send({ username: 'aud.user', password: 'password-123', displayName: 'ทดสอบ', rank: 'ด.ต.', roles: ['OFFICER'], stationId: t.a.station.id }).expect(201), 1],
      [() => t.http().patch(`/api/stations/${t.a.station.id}/settings`).set(auth(t.a.tokens.COMMANDER)).send({ settings: { overdueEscalationDays: 5 } }).expect(200), 1],
      [() => t.http().post(`/api/users/${t.a.users.AUDITOR.id}/deactivate`).set(auth(t.adminToken)).expect(200), 1],
      [() => t.http().post(`/api/users/${t.a.users.AUDITOR.id}/reactivate`).set(auth(t.adminToken)).expect(200), 1],
      [() => t.http().post('/api/locations').set(auth(t.a.tokens.CLERK)).send({ code: 'AUD1', name: 'ซ้ำ', kind: 'LOCKER' }).expect(409), 0],
      [() => t.http().post('/api/locations').set(auth(t.a.tokens.OFFICER)).send({ code: 'AUD2', name: 'x', kind: 'LOCKER' }).expect(403), 0],
    ];
    for (const [step, expected] of steps) {
      const n = await countRows();
      await step();
      expect(await countRows()).toBe(n + expected);
    }
    expect(await verify(t.a.station.id)).toMatchObject({ ok: true, firstBadSeq: null });
    expect(await verify(null)).toMatchObject({ ok: true, firstBadSeq: null });
  });

  it('rolls the row back with the change: a failed transaction leaves no row and no gap', async () => {
    const stationId = await stationWithRows('ROLL', 2);
    const tx = t.app.get(TransactionService);
    await expect(
      tx.run(async (em) => {
        await t.app.get(AuditLogService).append(em, adminCtx, { stationId, action: 'DOOMED', entityType: 'test', entityId: null });
        throw new Error('the change failed after its audit row');
      }),
    ).rejects.toThrow('the change failed');
    await t.app.get(LocationsService).create(adminCtx, { code: 'AFTER', name: 'หลังยกเลิก', kind: LocationKind.SHELF, stationId });
    const rows = await chainRows(stationId);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows.some((r) => r.canonical.includes('DOOMED'))).toBe(false);
  });

  it('cannot be changed by the application role', async () => {
    // t.dataSource acts as khlang_app, as the server does.
    const attempts = [
      "UPDATE audit_log SET canonical = canonical WHERE seq = 1",
      'DELETE FROM audit_log WHERE seq = 1',
      'TRUNCATE audit_log',
    ];
    for (const sql of attempts) {
      await expect(t.dataSource.query(sql)).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('cannot be changed even by the owner while the triggers stand', async () => {
    await expect(ownerQuery(t.db, 'UPDATE audit_log SET canonical = canonical WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(ownerQuery(t.db, 'DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(ownerQuery(t.db, 'TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('names the first bad row when the hashed text itself is rewritten', async () => {
    const stationId = await stationWithRows('TAMB', 5);
    await tamper(`UPDATE audit_log SET canonical = replace(canonical, 'LOCATION_CREATED', 'LOCATION_CREATEX') WHERE chain_key = $1 AND seq = 2`, [stationId]);
    expect(await verify(stationId)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('names the first bad row when a row is rewritten with a fresh hash of its own', async () => {
    const stationId = await stationWithRows('TAMC', 5);
    // The forger recomputes row 3's hash, but row 4 still points at the old one.
    await tamper(
      `UPDATE audit_log SET canonical = replace(canonical, '"actorId":"' || actor_id || '"', '"actorId":null')
       WHERE chain_key = $1 AND seq = 3;
       UPDATE audit_log SET hash = encode(sha256(convert_to(prev_hash || canonical, 'UTF8')), 'hex') WHERE chain_key = $1 AND seq = 3`,
      [stationId],
    );
    expect(await verify(stationId)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('names the missing number when a row is deleted from the middle or the end', async () => {
    const middle = await stationWithRows('TAMD', 5);
    await tamper('DELETE FROM audit_log WHERE chain_key = $1 AND seq = 3', [middle]);
    expect(await verify(middle)).toMatchObject({ ok: false, firstBadSeq: 3 });

    const tail = await stationWithRows('TAME', 5);
    await tamper('DELETE FROM audit_log WHERE chain_key = $1 AND seq = 5', [tail]);
    expect(await verify(tail)).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('derives every column from the hashed text: even a superuser cannot edit one, or store text that is not JSON', async () => {
    const stationId = await stationWithRows('TAMF', 3);
    await expect(tamper(`UPDATE audit_log SET after = '{"name":"ตู้ปลอม"}' WHERE chain_key = $1 AND seq = 2`, [stationId])).rejects.toThrow(/can only be updated to DEFAULT/);
    await expect(tamper(`UPDATE audit_log SET canonical = 'not json' WHERE chain_key = $1 AND seq = 2`, [stationId])).rejects.toThrow(/json/i);
    // A rewrite of the text moves the derived columns with it, and the hash no longer holds.
    await tamper(`UPDATE audit_log SET canonical = replace(canonical, 'ตู้ที่ 1', 'ตู้ปลอม') WHERE chain_key = $1 AND seq = 2`, [stationId]);
    const [row] = await ownerQuery<{ after: { name: string } }>(t.db, 'SELECT after FROM audit_log WHERE chain_key = $1 AND seq = 2', [stationId]);
    expect(row.after.name).toBe('ตู้ปลอม');
    expect(await verify(stationId)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('stays one unbroken chain under 20 concurrent writers on one station', async () => {
    const station = await t.app.get(StationsService).create(adminCtx, { code: 'CONC', nameTh: 'สถานีพร้อมกัน', nameEn: 'Concurrent' });
    const locations = t.app.get(LocationsService);
    await Promise.all(
      Array.from({ length: 20 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 10; i++) {
            await locations.create(adminCtx, { code: `W${w}-${i}`, name: `ช่อง ${w}/${i}`, kind: LocationKind.SHELF, stationId: station.id });
          }
        })(),
      ),
    );
    const rows = await chainRows(station.id);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(200); // no fork: no two rows share a parent
    expect(await verify(station.id)).toMatchObject({ ok: true, entries: 200, headSeq: 200, firstBadSeq: null });
  });

  it('keeps every station its own chain under 20 concurrent writers across stations', async () => {
    const ids: string[] = [];
    for (const code of ['MSA', 'MSB', 'MSC', 'MSD']) {
      ids.push((await t.app.get(StationsService).create(adminCtx, { code, nameTh: `สถานี ${code}`, nameEn: code })).id);
    }
    const locations = t.app.get(LocationsService);
    await Promise.all(
      Array.from({ length: 20 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 10; i++) {
            await locations.create(adminCtx, { code: `W${w}-${i}`, name: 'ช่อง', kind: LocationKind.SHELF, stationId: ids[w % 4] });
          }
        })(),
      ),
    );
    for (const id of ids) {
      const rows = await chainRows(id);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await verify(id)).toMatchObject({ ok: true, entries: 50, firstBadSeq: null });
    }
  });

  it('reproduces every stored hash from the stored text after a database round-trip', async () => {
    // Every chain no test tampered with: the two fixture stations, the system chain and the concurrency chains.
    const untouched = await ownerQuery<{ chain_key: string }>(
      t.db,
      "SELECT DISTINCT l.chain_key FROM audit_log l LEFT JOIN stations s ON s.id = l.station_id WHERE s.code IS NULL OR s.code NOT LIKE 'TAM%'",
    );
    let checked = 0;
    for (const { chain_key } of untouched) {
      const rows = await ownerQuery<Row>(t.db, 'SELECT seq, prev_hash, hash, canonical FROM audit_log WHERE chain_key = $1 ORDER BY seq', [chain_key]);
      let previous = '0'.repeat(64);
      for (const row of rows) {
        expect(row.prev_hash).toBe(previous);
        expect(createHash('sha256').update(row.prev_hash + row.canonical, 'utf8').digest('hex')).toBe(row.hash);
        expect(JSON.parse(row.canonical)).toMatchObject({ seq: row.seq, chain: chain_key });
        previous = row.hash;
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
  describe('checkpoints: a report recomputes only the rows since the last verification that held', () => {
    const incremental = (stationId: string) => t.app.get(AuditLogService).verify(stationId, { since: 'checkpoint', record: false });
    const addRows = async (stationId: string, from: number, n: number) => {
      for (let i = from; i < from + n; i++) {
        await t.app.get(LocationsService).create(adminCtx, { code: `N${i}`, name: `ตู้ใหม่ ${i}`, kind: LocationKind.LOCKER, stationId });
      }
    };
    const verifications = (stationId: string) =>
      ownerQuery<{ mode: string; from_seq: number; through_seq: number; ok: boolean }>(t.db, 'SELECT mode, from_seq, through_seq, ok FROM audit_verifications WHERE chain_key = $1 ORDER BY id', [stationId]);

    it('without a checkpoint verifies in full; a full verification that held becomes the checkpoint, recorded', async () => {
      const stationId = await stationWithRows('CKA', 4);
      const first = await incremental(stationId);
      expect(first).toMatchObject({ ok: true, entries: 4, headSeq: 4 });
      expect(first.since).toBeUndefined();
      expect(await verifications(stationId)).toEqual([]);
      await verify(stationId);
      expect(await verifications(stationId)).toEqual([{ mode: 'FULL', from_seq: 1, through_seq: 4, ok: true }]);
      await addRows(stationId, 0, 3);
      const next = await incremental(stationId);
      expect(next).toMatchObject({ ok: true, entries: 7, headSeq: 7, since: { seq: 4, mode: 'FULL' } });
      // The same head and hash as a full verification gives.
      const full = await verify(stationId);
      expect({ headSeq: full.headSeq, headHash: full.headHash, entries: full.entries }).toEqual({ headSeq: next.headSeq, headHash: next.headHash, entries: next.entries });
    });

    it('finds a bad row after the checkpoint', async () => {
      const stationId = await stationWithRows('CKB', 3);
      await verify(stationId);
      await addRows(stationId, 0, 3);
      await tamper(`UPDATE audit_log SET canonical = replace(canonical, 'LOCATION_CREATED', 'LOCATION_CREATEX') WHERE chain_key = $1 AND seq = 5`, [stationId]);
      expect(await incremental(stationId)).toMatchObject({ ok: false, firstBadSeq: 5, since: { seq: 3 } });
    });

    it('does not trust a checkpoint whose last row changed: it verifies in full and names the first bad row', async () => {
      const stationId = await stationWithRows('CKC', 5);
      await verify(stationId);
      // The forger rewrites row 2 and re-hashes every row after it, the checkpoint's last row included.
      await tamper(
        `UPDATE audit_log SET canonical = replace(canonical, 'LOCATION_CREATED', 'LOCATION_CREATEX') WHERE chain_key = $1 AND seq = 2`,
        [stationId],
      );
      for (let seq = 2; seq <= 5; seq++) {
        await tamper(
          `UPDATE audit_log a SET prev_hash = (SELECT hash FROM audit_log p WHERE p.chain_key = a.chain_key AND p.seq = a.seq - 1) WHERE chain_key = $1 AND seq = $2;
           UPDATE audit_log SET hash = encode(sha256(convert_to(prev_hash || canonical, 'UTF8')), 'hex') WHERE chain_key = $1 AND seq = $2`,
          [stationId, seq],
        );
      }
      const result = await incremental(stationId);
      expect(result.since).toBeUndefined();
      // Consistent again from row 2 on, but the head row still remembers the old last hash.
      expect(result.ok).toBe(false);
    });

    it('after a verification that failed, verifies in full until one holds again', async () => {
      const stationId = await stationWithRows('CKD', 5);
      await verify(stationId);
      await tamper(`UPDATE audit_log SET canonical = replace(canonical, 'LOCATION_CREATED', 'LOCATION_CREATEX') WHERE chain_key = $1 AND seq = 2`, [stationId]);
      // An incremental check alone would not see row 2 (before the checkpoint); the full one does, and is recorded.
      expect(await verify(stationId)).toMatchObject({ ok: false, firstBadSeq: 2 });
      const after = await incremental(stationId);
      expect(after).toMatchObject({ ok: false, firstBadSeq: 2 });
      expect(after.since).toBeUndefined();
    });

    it('does not continue from a checkpoint more than a day old', async () => {
      const stationId = await stationWithRows('CKE', 3);
      await withOwner(t.db, (c) =>
        c.query(`INSERT INTO audit_verifications (chain_key, mode, from_seq, through_seq, through_hash, ok, verified_at)
                 SELECT chain_key, 'FULL', 1, seq, hash, true, now() - interval '27 hours' FROM audit_log WHERE chain_key = $1 AND seq = 3`, [stationId]),
      );
      expect((await incremental(stationId)).since).toBeUndefined();
    });

    it('keeps the verifications append-only, for the application role and the owner alike', async () => {
      const stationId = await stationWithRows('CKF', 2);
      await verify(stationId);
      await expect(ownerQuery(t.db, 'UPDATE audit_verifications SET ok = true WHERE chain_key = $1', [stationId])).rejects.toThrow(/append-only|refuse/i);
      await expect(ownerQuery(t.db, 'DELETE FROM audit_verifications WHERE chain_key = $1', [stationId])).rejects.toThrow(/append-only|refuse/i);
      await expect(
        withOwner(t.db, async (c) => {
          await c.query('SET ROLE khlang_app');
          await c.query('UPDATE audit_verifications SET ok = true WHERE chain_key = $1', [stationId]);
        }),
      ).rejects.toThrow(/permission denied|append-only/i);
    });

    it('verifies every chain in full each night (02:00 in Bangkok) and records each result', async () => {
      expect(nextNightlyRun(new Date('2026-11-26T18:59:00Z')).toISOString()).toBe('2026-11-26T19:00:00.000Z');
      expect(nextNightlyRun(new Date('2026-11-26T19:00:00Z')).toISOString()).toBe('2026-11-27T19:00:00.000Z');
      const stationId = await stationWithRows('CKG', 2);
      const broken = await t.app.get(NightlyVerificationService).runAll();
      expect(broken).toBeGreaterThanOrEqual(0);
      expect((await verifications(stationId)).at(-1)).toEqual({ mode: 'FULL', from_seq: 1, through_seq: 2, ok: true });
      const [system] = await ownerQuery<{ n: number }>(t.db, "SELECT count(*)::int AS n FROM audit_verifications WHERE chain_key = 'SYSTEM' AND mode = 'FULL'");
      expect(system.n).toBeGreaterThan(0);
    });
  });

  // Last: it changes the schema of this file's database.
  it('fails every chain once a superuser turns a derived column back into an editable one', async () => {
    const stationId = await stationWithRows('TAMG', 4);
    expect(await verify(stationId)).toMatchObject({ ok: true });
    await withOwner(t.db, async (client) => {
      await client.query('ALTER TABLE audit_log ALTER COLUMN after DROP EXPRESSION');
      await client.query('SET session_replication_role = replica');
      await client.query(`UPDATE audit_log SET after = '{"name":"ตู้ปลอม"}' WHERE chain_key = $1 AND seq = 3`, [stationId]);
    });
    const result = await verify(stationId);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 1 });
    expect(result.problem).toMatch(/no longer generated/);
  });
});
