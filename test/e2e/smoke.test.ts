import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('answers health and verifies a fresh chain', async () => {
    await t.http().get('/health').expect(200, { status: 'ok', database: 'up' });
    const res = await t.http().get('/api/audit-log/verify').set('authorization', `Bearer ${t.a.tokens.CLERK}`).expect(200);
    expect(res.body).toMatchObject({ ok: true, firstBadSeq: null });
    expect(res.body.entries).toBeGreaterThan(5);
  });
});
