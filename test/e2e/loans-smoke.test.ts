import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/common/clock.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const W = (username: string) => ({ username, password: TEST_PASSWORD });

describe('loans smoke', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2026-11-25T09:00:00+07:00'));
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
  });
  afterAll(async () => t?.close());

  it('request → approve → issue → partial return → return; shift; daily count', async () => {
    const post = (url: string, body: object, token: string) => t.http().post(url).set(auth(token)).send(body);
    const pistol = await post('/api/items', { category: 'WEAPON', kind: 'firearm', description: 'ปืนพก', locationId: t.a.safe.id, serialNumber: 'G-1', weapon: { make: 'Glock' }, witness: W('sta.supervisor') }, t.a.tokens.CLERK);
    expect(pistol.status).toBe(201);
    const ammo = await post('/api/items', { category: 'WEAPON', kind: 'ammunition', description: 'กระสุน 9 มม.', quantity: 50, unit: 'นัด', locationId: t.a.safe.id, weapon: { calibre: '9 มม.' }, witness: W('sta.supervisor') }, t.a.tokens.CLERK);
    expect(ammo.status).toBe(201);
    const loan = await post('/api/loans', { items: [{ itemId: pistol.body.id }, { itemId: ammo.body.id, quantity: 50 }], purposeType: 'TRAINING', purpose: 'ฝึกยิงปืน', offPremises: false, dueAt: '2026-11-25T17:00:00+07:00' }, t.a.tokens.OFFICER);
    expect(loan.status).toBe(201);
    expect(loan.body.approverRoles.sort()).toEqual(['COMMANDER', 'SUPERVISOR']);
    const again = await post('/api/loans', { items: [{ itemId: pistol.body.id }], purposeType: 'DUTY', purpose: 'x', offPremises: false, dueAt: '2026-11-25T17:00:00+07:00' }, t.a.tokens.INVESTIGATOR);
    expect([again.status, again.body.code]).toEqual([409, 'ITEM_ON_OPEN_LOAN']);
    const approved = await post(`/api/loans/${loan.body.id}/approve`, { note: 'อนุมัติ' }, t.a.tokens.SUPERVISOR);
    expect(approved.status).toBe(200);
    const issued = await post(`/api/loans/${loan.body.id}/issue`, { items: [{ code: pistol.body.code }, { code: ammo.body.code }], witness: W('sta.officer') }, t.a.tokens.CLERK);
    expect(issued.body).toMatchObject({ status: 'ISSUED' });
    clock.advance(9 * 3600_000);
    const overdue = await t.http().get(`/api/loans?status=OVERDUE`).set(auth(t.a.tokens.OFFICER));
    expect(overdue.body.total).toBe(1);
    clock.advance(7 * 86400_000);
    const notes = await t.http().get('/api/notifications').set(auth(t.a.tokens.SUPERVISOR));
    expect(notes.body.items.map((n: any) => n.type)).toContain('ESCALATION');
    const partial = await post(`/api/loans/${loan.body.id}/return`, { items: [{ code: ammo.body.code, quantity: 20, spentQuantity: 30, spentReason: 'ฝึกยิง', condition: 'GOOD' }], witness: W('sta.officer') }, t.a.tokens.CLERK);
    expect(partial.status).toBe(200);
    expect(partial.body.loan.status).toBe('OVERDUE');
    expect(partial.body.loan.storedStatus).toBe('PARTIALLY_RETURNED');
    const full = await post(`/api/loans/${loan.body.id}/return`, { items: [{ code: pistol.body.code, condition: 'DAMAGED' }], witness: W('sta.officer') }, t.a.tokens.CLERK);
    expect(full.status).toBe(200);
    expect(full.body.loan.status).toBe('RETURNED');
    expect(full.body.discrepancies.map((d: any) => d.kind)).toEqual(['DAMAGED_ON_RETURN']);
    const notes2 = await t.http().get('/api/notifications').set(auth(t.a.tokens.SUPERVISOR));
    expect(notes2.body.items.map((n: any) => n.type)).not.toContain('ESCALATION');
    const ammoNow = await t.http().get(`/api/items/${ammo.body.id}`).set(auth(t.a.tokens.CLERK));
    expect(ammoNow.body).toMatchObject({ quantity: 20, status: 'IN_STORAGE', locationId: t.a.safe.id });

    // shift
    const shift = await post('/api/shifts', { name: 'ผลัดเช้า' }, t.a.tokens.SUPERVISOR);
    expect(shift.status).toBe(201);
    const si = await post(`/api/shifts/${shift.body.id}/issue`, { officerCode: 'sta.officer', code: pistol.body.code, witness: W('sta.officer') }, t.a.tokens.CLERK);
    expect(si.status).toBe(200);
    const rifle = await post('/api/items', { category: 'WEAPON', kind: 'firearm', description: 'ปืนยาว', locationId: t.a.safe.id, serialNumber: 'M-1', weapon: { make: 'Colt' }, witness: W('sta.supervisor') }, t.a.tokens.CLERK);
    const count = await post('/api/audits', { kind: 'DAILY_ARMS' }, t.a.tokens.CLERK);
    expect(count.status).toBe(201);
    const sc = await post(`/api/audits/${count.body.id}/scans`, { code: ammo.body.code, locationCode: 'STA-LOC-SAFE1' }, t.a.tokens.CLERK);
    expect(sc.body.outcome).toBe('COUNTED');
    const dup = await post(`/api/audits/${count.body.id}/scans`, { code: ammo.body.code }, t.a.tokens.CLERK);
    expect(dup.body.outcome).toBe('DUPLICATE');
    const closed = await post(`/api/audits/${count.body.id}/close`, { witness: W('sta.supervisor') }, t.a.tokens.CLERK);
    expect(closed.status).toBe(200);
    expect(closed.body.findings.map((f: any) => `${f.code}:${f.type}`).sort()).toEqual([`${ammo.body.code}:DUPLICATE_SCAN`, `${ammo.body.code}:FOUND`, `${pistol.body.code}:AWAY`, `${rifle.body.code}:MISSING`].sort());
    const close = await post(`/api/shifts/${shift.body.id}/close`, {}, t.a.tokens.SUPERVISOR);
    expect([close.status, close.body.code]).toEqual([409, 'SHIFT_HAS_UNRETURNED']);
    const back = await post(`/api/shifts/${shift.body.id}/return`, { code: pistol.body.code, witness: W('sta.officer') }, t.a.tokens.CLERK);
    expect(back.status).toBe(200);
    const close2 = await post(`/api/shifts/${shift.body.id}/close`, {}, t.a.tokens.SUPERVISOR);
    expect(close2.status).toBe(200);
    const verify = await t.http().get('/api/audit-log/verify').set(auth(t.a.tokens.COMMANDER));
    expect(verify.body.ok).toBe(true);
  });
});
