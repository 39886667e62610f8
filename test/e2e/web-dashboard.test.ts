/**
 * The commander's dashboard: items by category and status, loans awaiting approval, overdue loans,
 * open incidents, days without an arms count this month, the chain-verification state — each equal to
 * what the API says — and each user's own waiting work.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/common/clock.js';
import { auth, expectOk } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { pageClient } from '../helpers/web.js';

/** The text of a dashboard tile, by its label. */
function tile(page: string, label: string): string {
  const m = new RegExp(`<span class="tile-label">${label}</span><span class="tile-value">(.*?)</span></a>`, 's').exec(page);
  return (m?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

describe('the dashboard', () => {
  // Moved three days on after the data is made (below), so a loan due in two days is overdue.
  const clock = new ManualClock(new Date());
  let t: TestApp;

  const post = (path: string, body: object, token: string) => t.http().post(path).set(auth(token)).send(body);

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    const item = async () => (await post('/api/items', { category: 'PROPERTY', kind: 'furniture', description: 'เก้าอี้', locationId: t.a.room.id }, t.a.tokens.CLERK)).body;
    const [a, b, c] = [await item(), await item(), await item()];
    const dueAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const loan = async (itemId: string) => (await post('/api/loans', { items: [{ itemId }], purposeType: 'DUTY', purpose: 'ใช้ในราชการ', offPremises: false, dueAt }, t.a.tokens.OFFICER)).body;
    // One loan waits for approval; one is out and, three days on, overdue.
    await loan(a.id);
    const out = await loan(b.id);
    expectOk(await post(`/api/loans/${out.id}/approve`, {}, t.a.tokens.SUPERVISOR));
    expectOk(await post(`/api/loans/${out.id}/issue`, { items: [{ code: b.code }] }, t.a.tokens.CLERK));
    // An incident: a loan comes back damaged.
    const damaged = await loan(c.id);
    expectOk(await post(`/api/loans/${damaged.id}/approve`, {}, t.a.tokens.SUPERVISOR));
    expectOk(await post(`/api/loans/${damaged.id}/issue`, { items: [{ code: c.code }] }, t.a.tokens.CLERK));
    expectOk(await post(`/api/loans/${damaged.id}/return`, { items: [{ code: c.code, condition: 'DAMAGED' }] }, t.a.tokens.CLERK));
    clock.set(new Date(Date.now() + 3 * 86_400_000));
  });
  afterAll(async () => t?.close());

  it("shows the commander the station's figures as the API counts them", async () => {
    const res = await pageClient(t, t.a.tokens.COMMANDER).get('/');
    expect(res.status).toBe(200);
    expect(tile(res.text, 'คำขอยืมรออนุมัติ')).toBe('1 รายการ');
    expect(tile(res.text, 'ยืมเกินกำหนดคืน')).toBe('1 รายการ');
    const incidents = (await t.http().get('/api/incidents/counts').set(auth(t.a.tokens.COMMANDER))).body;
    expect(tile(res.text, 'เหตุผิดปกติที่ยังไม่ยุติ')).toBe(`${incidents.open} รายการ`);
    expect(incidents.open).toBe(1);
    // The station was made today (real time) and no count was closed: no day before today is missed
    // yet unless the clock moved into days after the station's first day.
    expect(tile(res.text, 'ตรวจนับอาวุธประจำวัน \\(เดือนนี้\\)')).toMatch(/^(ไม่ได้ตรวจนับ \d+ วัน|ตรวจนับครบทุกวัน) วันนี้ยังไม่ได้ตรวจนับ$/);
    const verify = (await t.http().get('/api/audit-log/verify').set(auth(t.a.tokens.COMMANDER))).body;
    expect(tile(res.text, 'บันทึกการตรวจสอบ \\(ห่วงโซ่แฮช\\)')).toMatch(new RegExp(`^ถูกต้อง \\(${verify.entries.toLocaleString('th-TH')} รายการ\\)`));
    // The register: PROPERTY has 2 in storage (one back damaged) and 1 on loan.
    expect(res.text).toMatch(/<th scope="row"><a href="\/items\?category=PROPERTY">ทรัพย์สินราชการ<\/a><\/th><td class="num">2<\/td><td class="num">0<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">3<\/td>/);
  });

  it('counts the missed arms-count days from the station\'s first day, and today once counted', async () => {
    const before = await pageClient(t, t.a.tokens.COMMANDER).get('/');
    const missed = Number(/ไม่ได้ตรวจนับ (\d+) วัน/.exec(tile(before.text, 'ตรวจนับอาวุธประจำวัน \\(เดือนนี้\\)'))?.[1] ?? 0);
    const today = new Date(clock.now().getTime() + 7 * 3600_000).getUTCDate();
    const created = new Date(Date.now() + 7 * 3600_000);
    // Days of this month before today, from the station's creation day (if it is in this month).
    const sameMonth = created.getUTCMonth() === new Date(clock.now().getTime() + 7 * 3600_000).getUTCMonth();
    expect(missed).toBe(sameMonth ? today - created.getUTCDate() : today - 1);

    const count = (await post('/api/audits', { kind: 'DAILY_ARMS' }, t.a.tokens.CLERK)).body;
    expectOk(await post(`/api/audits/${count.id}/close`, { witness: { username: 'sta.supervisor', password: TEST_PASSWORD } }, t.a.tokens.CLERK));
    // Closed at the application's clock, which is "today": the missed days stay, today is done.
    const after = await pageClient(t, t.a.tokens.COMMANDER).get('/');
    expect(tile(after.text, 'ตรวจนับอาวุธประจำวัน \\(เดือนนี้\\)')).toBe(`${missed ? `ไม่ได้ตรวจนับ ${missed} วัน` : 'ตรวจนับครบทุกวัน'} วันนี้ตรวจนับแล้ว`);
  });

  it('shows each user the work waiting for them, linked', async () => {
    const supervisor = await pageClient(t, t.a.tokens.SUPERVISOR).get('/');
    expect(supervisor.text).toMatch(/<li class="work-awaiting_approval"><a href="\/loans\/[0-9a-f-]{36}">คำขอยืมของ/);
    const officer = await pageClient(t, t.a.tokens.OFFICER).get('/');
    expect(officer.text).toMatch(/<li class="work-my_loan_overdue"><a href="\/loans\/[0-9a-f-]{36}">ของที่ท่านยืมเกินกำหนดส่งคืนแล้ว/);
    // An officer does not see the station's overview.
    expect(officer.text).not.toContain('ภาพรวมของสถานี');
  });
});
