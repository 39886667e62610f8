/**
 * Section 8 of the O23 report (DESIGN §6): the clerk writes the period's problems and corrective action;
 * it is kept per station and period, shown with the figures, audit-logged on every save, and refused
 * for bad input with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auth, expectError, expectOk, OwnerDb, THAI } from '../helpers/checks.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('O23 section 8: problems and corrective action', () => {
  let t: TestApp;
  const owner = new OwnerDb();

  beforeAll(async () => {
    t = await startTestApp();
    await owner.open(t.db.ownerUrl);
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  const put = (query: string, body: object, token = t.a.tokens.CLERK) => t.http().put(`/api/reports/o23/notes?${query}`).set(auth(token)).send(body);
  const get = (path: string, token = t.a.tokens.COMMANDER) => t.http().get(path).set(auth(token));
  const TEXT = { problems: 'ตรวจนับอาวุธประจำวันไม่ครบ 2 วัน เนื่องจากเจ้าหน้าที่ลาป่วย', correctiveAction: 'มอบหมายผู้ปฏิบัติหน้าที่แทน และให้หัวหน้างานตรวจสอบทุกสัปดาห์' };

  it('none is written at first: the note is null, and the figures carry problems: null', async () => {
    const res = await get('/api/reports/o23/notes?period=2569-11');
    expectOk(res);
    expect(res.body).toEqual({ from: '2569-11', to: '2569-11', note: null });
    expect((await get('/api/reports/o23/figures?period=2569-11')).body.problems).toBeNull();
  });

  it('the clerk writes it; it shows with the figures of that period only, and the save is on the audit chain', async () => {
    const res = await put('period=2569-11', TEXT);
    expectOk(res);
    expect(res.body).toMatchObject({ from: '2569-11', to: '2569-11', note: { ...TEXT, updatedBy: t.a.users.CLERK.id } });
    expect((await get('/api/reports/o23/figures?period=2569-11')).body.problems).toMatchObject(TEXT);
    expect((await get('/api/reports/o23/figures?period=2569-10')).body.problems).toBeNull();
    expect((await get('/api/reports/o23/figures?from=2569-10&to=2569-11')).body.problems).toBeNull();
    const [row] = await owner.rows(`SELECT action, entity_id, before, after FROM audit_log WHERE action = 'O23_NOTE_SAVED' ORDER BY id DESC LIMIT 1`);
    expect(row).toEqual({ action: 'O23_NOTE_SAVED', entity_id: '2569-11..2569-11', before: null, after: TEXT });
  });

  it('the supervisor corrects it: one row per period, the log keeps what it said before', async () => {
    const corrected = { ...TEXT, correctiveAction: 'จัดเวรตรวจนับสำรองทุกวัน' };
    expectOk(await put('period=2569-11', corrected, t.a.tokens.SUPERVISOR));
    const [{ n }] = await owner.rows<{ n: number }>(`SELECT count(*)::int AS n FROM o23_notes WHERE period_from = '2569-11'`);
    expect(n).toBe(1);
    const [row] = await owner.rows(`SELECT before, after FROM audit_log WHERE action = 'O23_NOTE_SAVED' ORDER BY id DESC LIMIT 1`);
    expect(row).toEqual({ before: TEXT, after: corrected });
    expect((await get('/api/reports/o23/notes?period=2569-11', t.a.tokens.AUDITOR)).body.note).toMatchObject({ ...corrected, updatedBy: t.a.users.SUPERVISOR.id });
  });

  it('a range has its own note, apart from its months', async () => {
    expectOk(await put('from=2569-10&to=2570-03', { problems: 'ครึ่งปีแรก', correctiveAction: 'ไม่มี' }));
    expect((await get('/api/reports/o23/notes?from=2569-10&to=2570-03')).body.note).toMatchObject({ problems: 'ครึ่งปีแรก' });
    expect((await get('/api/reports/o23/notes?period=2569-10')).body.note).toBeNull();
  });

  it('bad input is refused and writes nothing: a bad period (422), empty or missing text, unknown fields (400)', async () => {
    const before = await owner.rows(`SELECT (SELECT count(*) FROM o23_notes)::int AS notes, (SELECT count(*) FROM audit_log)::int AS log`);
    const cases: [string, object, number, string][] = [
      ['period=2569-13', TEXT, 422, 'PERIOD_INVALID'],
      ['', TEXT, 422, 'PERIOD_REQUIRED'],
      ['period=2569-11', { ...TEXT, problems: '   ' }, 400, 'VALIDATION_FAILED'],
      ['period=2569-11', { problems: 'x' }, 400, 'VALIDATION_FAILED'],
      ['period=2569-11', { ...TEXT, extra: 1 }, 400, 'VALIDATION_FAILED'],
      ['period=2569-11', { ...TEXT, problems: 'ก'.repeat(4001) }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [query, body, status, code] of cases) {
      const res = await put(query, body);
      expectError(res, status, code);
      expect(res.body.messageTh).toMatch(THAI);
    }
    expect(await owner.rows(`SELECT (SELECT count(*) FROM o23_notes)::int AS notes, (SELECT count(*) FROM audit_log)::int AS log`)).toEqual(before);
  });

  it("a station's note is its own: station B sees none of A's and writes its own", async () => {
    expect((await get('/api/reports/o23/notes?period=2569-11', t.b.tokens.COMMANDER)).body.note).toBeNull();
    expectOk(await put('period=2569-11', { problems: 'สถานีบี', correctiveAction: 'ไม่มี' }, t.b.tokens.CLERK));
    expect((await get('/api/reports/o23/notes?period=2569-11')).body.note).toMatchObject({ correctiveAction: 'จัดเวรตรวจนับสำรองทุกวัน' });
  });

  it('the app role cannot delete a note', async () => {
    await expect(owner.inRollback(`DELETE FROM o23_notes`, [], true)).rejects.toThrow(/permission denied/);
  });
});
