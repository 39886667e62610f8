import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type supertest from 'supertest';
import { ownerQuery } from '../helpers/database.js';
import { startTestApp, TEST_JWT_SECRET, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const MAX_FAILURES = 3;
const LOCK_SECONDS = 2;
const THAI = /[\u0E00-\u0E7F]/;

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT built by hand, so the tests control every claim, the header and the key. */
function handToken(payload: Record<string, unknown>, options: { secret?: string; alg?: 'HS256' | 'HS512' | 'none' } = {}): string {
  const alg = options.alg ?? 'HS256';
  const head = `${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}`;
  if (alg === 'none') return `${head}.`;
  const hmac = createHmac(alg === 'HS512' ? 'sha512' : 'sha256', options.secret ?? TEST_JWT_SECRET);
  return `${head}.${hmac.update(head).digest('base64url')}`;
}

/** Replaces one character of a base64url text with a different one (never a no-op). */
function flipChar(text: string, index: number): string {
  const c = text[index];
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

function expectError(res: supertest.Response, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  expect(res.body.messageTh).toMatch(THAI);
  expect(res.body.accessToken).toBeUndefined();
}

describe('auth (e2e)', () => {
  let t: TestApp;
  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });
  const me = (token: string) => t.http().get('/api/auth/me').set('authorization', `Bearer ${token}`);
  const asAdmin = (req: supertest.Test) => req.set('authorization', `Bearer ${t.adminToken}`);
  const throttleRow = async (username: string) =>
    (await ownerQuery<{ failures: number; locked_until: Date | null }>(t.db, 'SELECT failures, locked_until FROM login_throttle WHERE username = $1', [username]))[0];

  async function newUser(username: string) {
    const res = await asAdmin(t.http().post('/api/users')).send({
      username,
      password: TEST_PASSWORD,
      displayName: `ผู้ใช้ ${username}`,
      rank: 'ด.ต.',
      roles: ['CLERK'],
      stationId: t.a.station.id,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; username: string };
  }

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCK_SECONDS: String(LOCK_SECONDS) });
  });
  afterAll(async () => t?.close());

  describe('login', () => {
    it('answers 200 with a bearer token and the user, never the password hash; the token works on /me', async () => {
      const user = t.a.users.CLERK;
      const res = await login('sta.clerk', TEST_PASSWORD).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType', 'user']);
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: t.config.jwtExpiresInSeconds,
        user: { id: user.id, username: 'sta.clerk', roles: ['CLERK'], stationId: t.a.station.id, active: true },
      });
      expect(res.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

      const [{ password_hash: hash }] = await ownerQuery<{ password_hash: string }>(t.db, 'SELECT password_hash FROM users WHERE id = $1', [user.id]);
      expect(hash).toMatch(/^\$argon2id\$/);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(hash);
      expect(text).not.toContain('$argon2');
      expect(text).not.toMatch(/password/i);

      const [header, payload] = res.body.accessToken.split('.').slice(0, 2).map((part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()));
      expect(header.alg).toBe('HS256');
      expect(payload.sub).toBe(user.id);
      expect(payload.exp - payload.iat).toBe(t.config.jwtExpiresInSeconds);

      const who = await me(res.body.accessToken).expect(200);
      expect(who.body).toMatchObject({ id: user.id, username: 'sta.clerk', stationId: t.a.station.id });
      expect(JSON.stringify(who.body)).not.toContain('$argon2');
      expect(JSON.stringify(who.body)).not.toMatch(/password/i);
    });

    it('refuses a wrong password with 401 INVALID_CREDENTIALS', async () => {
      const res = await login('sta.commander', 'not-the-password');
      expectError(res, 401, 'INVALID_CREDENTIALS');
    });

    it('answers an unknown username exactly like a wrong password', async () => {
      const wrong = await login('stb.commander', 'not-the-password');
      const unknown = await login('nobody.here', 'not-the-password');
      expectError(unknown, 401, 'INVALID_CREDENTIALS');
      expect(unknown.body).toEqual(wrong.body);
    });

    it('takes the username case-insensitively (and trimmed)', async () => {
      const upper = await login('STA.Supervisor', TEST_PASSWORD).expect(200);
      expect(upper.body.user).toMatchObject({ id: t.a.users.SUPERVISOR.id, username: 'sta.supervisor' });
      await me(upper.body.accessToken).expect(200);
      const padded = await login('  STB.SUPERVISOR ', TEST_PASSWORD).expect(200);
      expect(padded.body.user.id).toBe(t.b.users.SUPERVISOR.id);
    });

    it('does not take the password case-insensitively', async () => {
      expectError(await login('stb.officer', TEST_PASSWORD.toUpperCase()), 401, 'INVALID_CREDENTIALS');
      await login('stb.officer', TEST_PASSWORD).expect(200);
    });
  });

  describe('lock-out', () => {
    it(`locks a username after ${MAX_FAILURES} failures, leaves others alone, and unlocks after the lock time`, async () => {
      const username = 'sta.investigator';
      for (let i = 1; i < MAX_FAILURES; i++) expectError(await login(username, `wrong-${i}`), 401, 'INVALID_CREDENTIALS');
      // The failure that reaches the limit sets the lock and says so.
      const limit = await login(username, 'wrong-last');
      expectError(limit, 429, 'LOGIN_LOCKED');
      const row = await throttleRow(username);
      expect(row.failures).toBe(MAX_FAILURES);
      expect(row.locked_until).not.toBeNull();
      // The lock is a security event on the station's audit chain, once.
      const lockRows = await ownerQuery<{ station_id: string; actor_id: string | null }>(
        t.db,
        "SELECT station_id, actor_id FROM audit_log WHERE action = 'LOGIN_LOCKED' AND entity_id = $1",
        [t.a.users.INVESTIGATOR.id],
      );
      expect(lockRows).toEqual([{ station_id: t.a.station.id, actor_id: null }]);

      // Even the right password is refused while the lock holds, and the username's case does not matter.
      for (const name of [username, 'STA.Investigator']) {
        const locked = await login(name, TEST_PASSWORD);
        expectError(locked, 429, 'LOGIN_LOCKED');
        expect(Number.isInteger(locked.body.details.retryAfterSeconds)).toBe(true);
        expect(locked.body.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect(locked.body.details.retryAfterSeconds).toBeLessThanOrEqual(LOCK_SECONDS);
      }

      // Another username is not affected.
      const other = await login('sta.officer', TEST_PASSWORD).expect(200);
      expect(other.body.user.id).toBe(t.a.users.OFFICER.id);

      // Real wait for the lock to run out (not a timing assertion).
      await sleep(LOCK_SECONDS * 1000 + 600);
      const after = await login(username, TEST_PASSWORD).expect(200);
      expect(after.body.user.id).toBe(t.a.users.INVESTIGATOR.id);
      expect(await throttleRow(username)).toBeUndefined();

      // The counter starts again from zero: one failure is a plain 401, not a lock.
      expectError(await login(username, 'wrong-again'), 401, 'INVALID_CREDENTIALS');
      expect((await throttleRow(username)).failures).toBe(1);
      await login(username, TEST_PASSWORD).expect(200);
      expect(await throttleRow(username)).toBeUndefined();
    });

    it('locks unknown usernames the same way, so a lock does not reveal who exists', async () => {
      let last: supertest.Response | undefined;
      for (let i = 1; i <= MAX_FAILURES + 1; i++) last = await login('ghost.user', `wrong-${i}`);
      expectError(last!, 429, 'LOGIN_LOCKED');
      expect(Object.keys(last!.body).sort()).toEqual(['code', 'details', 'message', 'messageTh', 'statusCode']);
      expect((await throttleRow('ghost.user')).failures).toBe(MAX_FAILURES);
      // A name that is nobody's has no chain to go on: only the log line records it.
      expect(await ownerQuery(t.db, "SELECT 1 FROM audit_log WHERE action = 'LOGIN_LOCKED' AND canonical LIKE '%ghost.user%'")).toEqual([]);
    });
  });

  describe('tokens', () => {
    const claims = () => ({ sub: t.a.users.CLERK.id, st: t.a.station.id });
    const now = () => Math.floor(Date.now() / 1000);

    it('accepts a hand-built token signed with the test secret (the control for the refusals below)', async () => {
      const res = await me(handToken({ ...claims(), iat: now(), exp: now() + 600 })).expect(200);
      expect(res.body.id).toBe(t.a.users.CLERK.id);
    });

    it('refuses an expired token with 401 TOKEN_EXPIRED', async () => {
      expectError(await me(handToken({ ...claims(), iat: now() - 7200, exp: now() - 60 })), 401, 'TOKEN_EXPIRED');
    });

    it('refuses a token whose payload was changed', async () => {
      const good = (await login('stb.clerk', TEST_PASSWORD).expect(200)).body.accessToken as string;
      await me(good).expect(200);
      const [head, payload, signature] = good.split('.');
      // Same signature, but the payload now claims to be the administrator.
      const forged = `${head}.${b64url({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: t.admin.id, st: null })}.${signature}`;
      expectError(await me(forged), 401, 'TOKEN_INVALID');
      expectError(await me(`${head}.${flipChar(payload, 5)}.${signature}`), 401, 'TOKEN_INVALID');
    });

    it('refuses a token whose signature was changed', async () => {
      const good = (await login('stb.auditor', TEST_PASSWORD).expect(200)).body.accessToken as string;
      const [head, payload, signature] = good.split('.');
      expectError(await me(`${head}.${payload}.${flipChar(signature, 10)}`), 401, 'TOKEN_INVALID');
      expectError(await me(`${head}.${payload}.`), 401, 'TOKEN_INVALID');
    });

    it('refuses a token signed with another secret', async () => {
      const token = handToken({ ...claims(), iat: now(), exp: now() + 600 }, { secret: 'another-secret-another-secret-another-0123' });
      expectError(await me(token), 401, 'TOKEN_INVALID');
    });

    it('refuses an alg:none token and a token in another algorithm', async () => {
      expectError(await me(handToken({ ...claims(), iat: now(), exp: now() + 600 }, { alg: 'none' })), 401, 'TOKEN_INVALID');
      expectError(await me(handToken({ ...claims(), iat: now(), exp: now() + 600 }, { alg: 'HS512' })), 401, 'TOKEN_INVALID');
    });

    it('refuses a well-signed token for a user that does not exist, or with a malformed subject', async () => {
      expectError(await me(handToken({ sub: '00000000-0000-4000-8000-000000000000', st: null, iat: now(), exp: now() + 600 })), 401, 'ACCOUNT_INACTIVE');
      expectError(await me(handToken({ sub: "' OR 1=1 --", st: null, iat: now(), exp: now() + 600 })), 401, 'TOKEN_INVALID');
      expectError(await me(handToken({ st: null, iat: now(), exp: now() + 600 })), 401, 'TOKEN_INVALID');
    });

    it('refuses missing, malformed and non-bearer Authorization headers', async () => {
      expectError(await t.http().get('/api/auth/me'), 401, 'UNAUTHENTICATED');
      expectError(await t.http().get('/api/auth/me').set('authorization', `Basic ${Buffer.from('sta.clerk:' + TEST_PASSWORD).toString('base64')}`), 401, 'UNAUTHENTICATED');
      expectError(await t.http().get('/api/auth/me').set('authorization', 'Bearer '), 401, 'UNAUTHENTICATED');
      expectError(await me('not-a-jwt'), 401, 'TOKEN_INVALID');
    });
  });

  describe('deactivation', () => {
    it('stops a deactivated user logging in (403) and their issued token at once (401); reactivation restores both', async () => {
      const user = await newUser('deact.clerk');
      const token = (await login('deact.clerk', TEST_PASSWORD).expect(200)).body.accessToken as string;
      await me(token).expect(200);
      await t.http().get('/api/locations').set('authorization', `Bearer ${token}`).expect(200);

      // Only the administrator may deactivate.
      expectError(await t.http().post(`/api/users/${user.id}/deactivate`).set('authorization', `Bearer ${t.a.tokens.COMMANDER}`), 403, 'FORBIDDEN');

      const off = await asAdmin(t.http().post(`/api/users/${user.id}/deactivate`)).expect(200);
      expect(off.body).toMatchObject({ id: user.id, active: false });
      expectError(await login('deact.clerk', TEST_PASSWORD), 403, 'ACCOUNT_DEACTIVATED');
      expectError(await me(token), 401, 'ACCOUNT_INACTIVE');
      expectError(await t.http().get('/api/locations').set('authorization', `Bearer ${token}`), 401, 'ACCOUNT_INACTIVE');
      // A wrong password is still just a wrong password (no hint that the account exists).
      expectError(await login('deact.clerk', 'not-the-password'), 401, 'INVALID_CREDENTIALS');

      const on = await asAdmin(t.http().post(`/api/users/${user.id}/reactivate`)).expect(200);
      expect(on.body).toMatchObject({ id: user.id, active: true });
      await me(token).expect(200);
      const again = await login('deact.clerk', TEST_PASSWORD).expect(200);
      await me(again.body.accessToken).expect(200);

      const rows = await ownerQuery<{ action: string; actor_id: string }>(
        t.db,
        `SELECT action, actor_id FROM audit_log WHERE entity_type = 'user' AND entity_id = $1 AND action IN ('USER_DEACTIVATED', 'USER_REACTIVATED') ORDER BY seq`,
        [user.id],
      );
      expect(rows).toEqual([
        { action: 'USER_DEACTIVATED', actor_id: t.admin.id },
        { action: 'USER_REACTIVATED', actor_id: t.admin.id },
      ]);
    });

    it('does not let the administrator deactivate themselves', async () => {
      const res = await asAdmin(t.http().post(`/api/users/${t.admin.id}/deactivate`));
      expectError(res, 422, 'CANNOT_DEACTIVATE_SELF');
      const [row] = await ownerQuery<{ active: boolean }>(t.db, 'SELECT active FROM users WHERE id = $1', [t.admin.id]);
      expect(row.active).toBe(true);
      await me(t.adminToken).expect(200);
      await login('admin', TEST_PASSWORD).expect(200);
    });
  });

  describe('password change', () => {
    it('makes the old password fail and the new one work, and writes one audit row without the hash', async () => {
      const user = await newUser('pw.clerk');
      const newPassword = 'a-brand-new-password-2568';
      const auditCount = async () => Number((await ownerQuery<{ n: string }>(t.db, 'SELECT count(*) AS n FROM audit_log'))[0].n);
      const before = await auditCount();

      const res = await asAdmin(t.http().post(`/api/users/${user.id}/password`)).send({ password: newPassword });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');

      expectError(await login('pw.clerk', TEST_PASSWORD), 401, 'INVALID_CREDENTIALS');
      const ok = await login('pw.clerk', newPassword).expect(200);
      await me(ok.body.accessToken).expect(200);

      expect(await auditCount()).toBe(before + 1);
      const rows = await ownerQuery<{ action: string; actor_id: string; entity_id: string; before: unknown; after: unknown; canonical: string }>(
        t.db,
        `SELECT action, actor_id, entity_id, before, after, canonical FROM audit_log WHERE action = 'USER_PASSWORD_CHANGED'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_id: t.admin.id, entity_id: user.id });
      const [{ password_hash: hash }] = await ownerQuery<{ password_hash: string }>(t.db, 'SELECT password_hash FROM users WHERE id = $1', [user.id]);
      const text = JSON.stringify(rows[0]);
      expect(text).not.toContain(hash);
      expect(text).not.toContain(newPassword);
      expect(text).not.toContain('$argon2');

      // No row anywhere in the log holds a password hash or the password.
      const leaks = await ownerQuery<{ n: string }>(
        t.db,
        `SELECT count(*) AS n FROM audit_log WHERE canonical LIKE '%$argon2%' OR canonical LIKE $1 OR coalesce(before::text, '') LIKE '%argon2%' OR coalesce(after::text, '') LIKE '%argon2%'`,
        [`%${newPassword}%`],
      );
      expect(Number(leaks[0].n)).toBe(0);

      // The chain is still intact after the change.
      const verify = await t.http().get('/api/audit-log/verify').set('authorization', `Bearer ${t.a.tokens.COMMANDER}`).expect(200);
      expect(verify.body).toMatchObject({ ok: true, firstBadSeq: null });
    });

    it('is for the administrator only', async () => {
      const res = await t.http().post(`/api/users/${t.a.users.AUDITOR.id}/password`).set('authorization', `Bearer ${t.a.tokens.COMMANDER}`).send({ password: 'commander-sets-this' });
      expectError(res, 403, 'FORBIDDEN');
      await login('sta.auditor', TEST_PASSWORD).expect(200);
    });
  });
});
