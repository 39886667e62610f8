/**
 * The commander decides a donation on its item page: accept (a donor named on the station's evidence
 * must be acknowledged first) with a receipt number, or decline with the reason. Others see the state only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auth, expectOk, type Json } from '../helpers/checks.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { pageClient } from '../helpers/web.js';

describe('donation decisions on the item page', () => {
  let t: TestApp;
  let plain: Json;
  let conflicted: Json;
  let declined: Json;

  const donate = async (donorName: string) => {
    const res = await t.http().post('/api/items').set(auth(t.a.tokens.CLERK)).send({ category: 'DONATION', kind: 'furniture', description: 'ตู้เอกสารเหล็ก', locationId: t.a.room.id, donation: { donorName, receivedAt: '2026-11-20', purpose: 'ใช้ในงานธุรการ' } });
    expectOk(res, 201);
    return res.body;
  };
  const status = async (id: string) => (await t.http().get(`/api/donations/${id}`).set(auth(t.a.tokens.COMMANDER))).body.status;

  beforeAll(async () => {
    t = await startTestApp();
    // A donor who is also named on the station's evidence.
    expectOk(await t.http().post('/api/items').set(auth(t.a.tokens.INVESTIGATOR)).send({ category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชี', locationId: t.a.room.id, evidence: { caseNumber: '9/2569', seizedFrom: 'นายมั่งมี ศรีสุข' } }), 201);
    plain = await donate('ร้านใจดีพาณิชย์');
    conflicted = await donate('นายมั่งมี ศรีสุข');
    declined = await donate('บริษัท ทดสอบ จำกัด');
  });
  afterAll(async () => t?.close());

  it('shows the commander the decision forms on a pending donation, and nobody else', async () => {
    const commander = await pageClient(t, t.a.tokens.COMMANDER).get(`/items/${plain.id}`);
    expect(commander.text).toContain(`action="/items/${plain.id}/donation/accept"`);
    expect(commander.text).toContain('รอผู้บังคับบัญชาพิจารณารับ');
    const clerk = await pageClient(t, t.a.tokens.CLERK).get(`/items/${plain.id}`);
    expect(clerk.text).toContain('รอผู้บังคับบัญชาพิจารณารับ');
    expect(clerk.text).not.toContain('/donation/accept');
    expect((await pageClient(t, t.a.tokens.CLERK).post(`/items/${plain.id}/donation/accept`, {})).status).toBe(403);
  });

  it('accepts with a receipt number', async () => {
    const res = await pageClient(t, t.a.tokens.COMMANDER).post(`/items/${plain.id}/donation/accept`, { acceptNote: 'ใช้ตามวัตถุประสงค์ผู้บริจาค' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/items/${plain.id}\\?done=donation-accepted&receipt=STA-RC\\d{2}-\\d+#donation$`));
    expect(await status(plain.id)).toBe('ACCEPTED');
    const page = await pageClient(t, t.a.tokens.COMMANDER).get(res.headers.location.split('#')[0]);
    expect(page.text).toMatch(/รับบริจาคแล้ว ใบรับเลขที่ STA-RC\d{2}-\d+/);
    expect(page.text).not.toContain('/donation/accept"');
  });

  it('a donor named on the evidence: refused until acknowledged, next to the checkbox', async () => {
    const page = await pageClient(t, t.a.tokens.COMMANDER).get(`/items/${conflicted.id}`);
    expect(page.text).toContain('ชื่อผู้บริจาคตรงกับบุคคลในของกลางของสถานี');
    expect(page.text).toContain('name="acknowledgeConflict"');
    const refused = await pageClient(t, t.a.tokens.COMMANDER).post(`/items/${conflicted.id}/donation/accept`, {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('ต้องยืนยันรับทราบก่อนรับบริจาค');
    expect(await status(conflicted.id)).toBe('PENDING');
    const accepted = await pageClient(t, t.a.tokens.COMMANDER).post(`/items/${conflicted.id}/donation/accept`, { acknowledgeConflict: 'true' });
    expect(accepted.status).toBe(303);
    expect(await status(conflicted.id)).toBe('ACCEPTED');
  });

  it('declines only with a reason', async () => {
    const refused = await pageClient(t, t.a.tokens.COMMANDER).post(`/items/${declined.id}/donation/decline`, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/id="f-declineNote"[^>]*aria-invalid="true"/);
    expect(await status(declined.id)).toBe('PENDING');
    const res = await pageClient(t, t.a.tokens.COMMANDER).post(`/items/${declined.id}/donation/decline`, { declineNote: 'ไม่ตรงกับความต้องการของสถานี' });
    expect(res.status).toBe(303);
    expect(await status(declined.id)).toBe('DECLINED');
  });

  it("another station's donation is not found", async () => {
    expect((await pageClient(t, t.b.tokens.COMMANDER).post(`/items/${declined.id}/donation/accept`, {})).status).toBe(404);
  });
});
