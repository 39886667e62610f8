import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

describe('items smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  it('registers HIGH evidence with a witness, scans it, sends it out and back with a blind mismatch', async () => {
    const res = await t
      .http()
      .post('/api/items')
      .set(auth(t.a.tokens.CLERK))
      .send({
        category: 'EVIDENCE',
        kind: 'drugs',
        description: 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส',
        quantity: 200,
        unit: 'เม็ด',
        locationId: t.a.safe.id,
        sealNumber: 'S-0001',
        weightGrams: 20.5,
        evidence: { caseNumber: '123/2568', seizedFrom: 'นายสมชาย ใจดี', seizedAt: '2025-01-10T10:00:00+07:00' },
        witness: { username: 'sta.supervisor', password: TEST_PASSWORD },
      });
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^STA-EV\d{2}-000001$/);
    expect(res.body.riskClass).toBe('HIGH');
    const scan = await t.http().get(`/api/items/by-code/${res.body.code}`).set(auth(t.a.tokens.OFFICER)).expect(200);
    expect(scan.body.id).toBe(res.body.id);
    const out = await t
      .http()
      .post(`/api/items/${res.body.id}/events`)
      .set(auth(t.a.tokens.CLERK))
      .send({ type: 'SEND_OUT', recipient: 'กองพิสูจน์หลักฐาน', destination: 'LAB', documentRef: 'ตช 1/2568', sealNumber: 'S-0001', weightGrams: 20.5, witness: { username: 'sta.supervisor', password: TEST_PASSWORD } });
    expect(out.status).toBe(201);
    expect(out.body.item.status).toBe('SENT_OUT');
    const back = await t
      .http()
      .post(`/api/items/${res.body.id}/events`)
      .set(auth(t.a.tokens.CLERK))
      .send({ type: 'RECEIVE_BACK', toLocationId: t.a.safe.id, sealNumber: 'S-0002', weightGrams: 19.9, witness: { username: 'sta.supervisor', password: TEST_PASSWORD } });
    expect(back.status).toBe(201);
    expect(back.body.discrepancies.map((d: { kind: string }) => d.kind).sort()).toEqual(['SEAL_MISMATCH', 'WEIGHT_MISMATCH']);
    const timeline = await t.http().get(`/api/items/${res.body.id}/custody`).set(auth(t.a.tokens.COMMANDER)).expect(200);
    expect(timeline.body.events.map((e: { type: string }) => e.type)).toEqual(['INTAKE', 'SEND_OUT', 'RECEIVE_BACK']);
    const search = await t.http().get('/api/items').query({ q: 'สมชาย' }).set(auth(t.a.tokens.CLERK)).expect(200);
    expect(search.body.total).toBe(1);
    await t.http().get('/api/audit-log/verify').set(auth(t.a.tokens.CLERK)).expect(200).then((r) => expect(r.body.ok).toBe(true));
    const png = await t.http().get(`/api/items/${res.body.id}/label.png`).set(auth(t.a.tokens.CLERK)).buffer(true).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    const pdf = await t.http().post('/api/labels/sheet').set(auth(t.a.tokens.CLERK)).send({ itemIds: [res.body.id], locationIds: [t.a.safe.id], template: 'a4-3x8' }).buffer(true).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });
});
