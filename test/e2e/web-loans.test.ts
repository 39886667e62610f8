/**
 * The loans pages (src/web/loans) through HTTP as a browser sends them: the request form and its Thai
 * errors next to the fields (with nothing written), the approval queue, approve and reject, issue and
 * return at the counter (a HIGH item with its witness and blind values, spent ammunition), overdue in
 * red on a manual clock, cancel, another station's loan, roles without access, and no English left
 * in the visible text. Items are registered through the API, as the rest of the suite does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/common/clock.js';
import { thaiDateValue } from '../../src/web/forms.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { auth, expectOk, type Json, OwnerDb, type Res, THAI } from '../helpers/checks.js';
import { fieldError, fieldId, flash, formError, pageClient, type PageClient, visibleText } from '../helpers/web.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const owner = new OwnerDb();

/** English a Thai page must never show: leaked values, enum names, service messages. */
const ENGLISH_LEFTOVERS = /\b(undefined|null|NaN|Error|error|true|false|object|Object|REQUESTED|APPROVED|REJECTED|CANCELLED|ISSUED|PARTIALLY_RETURNED|RETURNED|OVERDUE|COURT|DUTY|LAB|COMMANDER|SUPERVISOR|CLERK|GOOD|DAMAGED|HIGH|NORMAL|must|Cannot|not found|sealNumber|weightGrams|witness)\b/;

/** The test fixture names its users after their roles ("ผู้ใช้ CLERK STA"): their data, not the page's words. */
const FIXTURE_NAMES = /ผู้ใช้ (COMMANDER|SUPERVISOR|CLERK|INVESTIGATOR|OFFICER|AUDITOR) ST[AB]/g;

function expectThai(res: Res): void {
  const text = visibleText(res.text).replace(FIXTURE_NAMES, '');
  expect(text).toMatch(THAI);
  expect(text.match(ENGLISH_LEFTOVERS)?.[0] ?? null).toBeNull();
}


/** The rows of the loans table, with whether each is marked overdue. */
function rows(page: string): { overdue: boolean; text: string; loanId: string }[] {
  return [...page.matchAll(/<tr( class="overdue")?>\s*<td data-label="[^"]*"><a class="loan-link" href="\/loans\/([0-9a-f-]+)">([\s\S]*?)<\/tr>/g)].map((m) => ({ overdue: !!m[1], loanId: m[2], text: visibleText(m[3]) }));
}

describe('loans pages (e2e)', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2026-12-01T09:00:00+07:00'));
  let serial = 0;
  const browsers = {} as Record<'officer' | 'investigator' | 'supervisor' | 'commander' | 'clerk' | 'auditor' | 'admin' | 'otherClerk' | 'otherSupervisor', PageClient>;

  const post = (url: string, body: Json, token: string) => t.http().post(url).set(auth(token)).send(body);
  const getLoan = async (id: string): Promise<Json> => {
    const res = await t.http().get(`/api/loans/${id}`).set(auth(t.a.tokens.CLERK));
    expectOk(res);
    return res.body;
  };
  const count = async (table: string): Promise<number> => Number((await owner.rows(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const counts = async () => ({ loans: await count('loans'), lines: await count('loan_items'), events: await count('custody_events'), log: await count('audit_log') });

  // ---- items through the API -----------------------------------------------------------------------
  const W = { username: 'sta.commander', password: TEST_PASSWORD };
  async function register(body: Json): Promise<Json> {
    const res = await post('/api/items', body, t.a.tokens.CLERK);
    expectOk(res, 201);
    return res.body;
  }
  const documentItem = () => register({ category: 'EVIDENCE', kind: 'document', description: `สมุดบัญชีของกลาง เล่มที่ ${++serial}`, locationId: t.a.room.id, evidence: { caseNumber: '501/2569', seizedFrom: 'นายทดสอบ หน้าเว็บ' } });
  const drugs = () =>
    register({ category: 'EVIDENCE', kind: 'drugs', description: 'ยาบ้า บรรจุถุงพลาสติกใส', quantity: 100, unit: 'เม็ด', locationId: t.a.safe.id, sealNumber: `WS-${++serial}`, weightGrams: 20.5, evidence: { caseNumber: '502/2569', seizedFrom: 'นายต้องหา ทดสอบ' }, witness: W });
  const ammunition = () => register({ category: 'WEAPON', kind: 'ammunition', description: 'กระสุนปืนพก 9 มม.', quantity: 100, unit: 'นัด', locationId: t.a.safe.id, weapon: { calibre: '9 มม.' }, witness: W });
  const camera = () => register({ category: 'PROPERTY', kind: 'equipment', description: 'กล้องถ่ายภาพ', locationId: t.a.room.id, property: { assetNumber: `6720-001-${++serial}`, unitPrice: 12000 } });

  // ---- the request form ------------------------------------------------------------------------------
  /** A due date two days from the clock's now, as the form takes it (วว/ดด/ปปปป, Buddhist era). */
  const dueDate = (days = 2) => thaiDateValue(new Date(clock.now().getTime() + days * DAY).toISOString());
  const requestForm = (codes: string, over: Record<string, string> = {}) => ({
    codes,
    purposeType: 'COURT',
    purpose: 'นำส่งศาลจังหวัดในคดีอาญาที่ 501/2569',
    offPremises: 'false',
    dueDate: dueDate(),
    dueTime: '16:30',
    intent: 'submit',
    ...over,
  });
  /** Requests a loan through the form; answers its id (from the redirect to the loan's page). */
  async function requestThroughForm(codes: string, browser = browsers.officer, over: Record<string, string> = {}): Promise<string> {
    const res = await browser.post('/loans/new', requestForm(codes, over));
    expect({ status: res.status, error: res.status === 303 ? null : (formError(res.text) ?? visibleText(res.text).slice(0, 400)) }).toEqual({ status: 303, error: null });
    const match = /^\/loans\/([0-9a-f-]{36})\?done=requested$/.exec(res.headers.location);
    expect(match).not.toBeNull();
    return match![1];
  }
  const approveApi = async (id: string) => expectOk(await post(`/api/loans/${id}/approve`, {}, t.a.tokens.SUPERVISOR));

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await owner.open(t.db.ownerUrl);
    browsers.officer = pageClient(t, t.a.tokens.OFFICER);
    browsers.investigator = pageClient(t, t.a.tokens.INVESTIGATOR);
    browsers.supervisor = pageClient(t, t.a.tokens.SUPERVISOR);
    browsers.commander = pageClient(t, t.a.tokens.COMMANDER);
    browsers.clerk = pageClient(t, t.a.tokens.CLERK);
    browsers.auditor = pageClient(t, t.a.tokens.AUDITOR);
    browsers.admin = pageClient(t, t.adminToken);
    browsers.otherClerk = pageClient(t, t.b.tokens.CLERK);
    browsers.otherSupervisor = pageClient(t, t.b.tokens.SUPERVISOR);
  });

  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  describe('the request form', () => {
    it('opens empty for a borrower, and prefilled from ?code= and ?itemId=', async () => {
      const item = await documentItem();
      const empty = await browsers.officer.get('/loans/new');
      expect(empty.status).toBe(200);
      expectThai(empty);
      expect(empty.text).toContain('name="codes"');
      expect(empty.text).toContain('name="purposeType"');
      expect(empty.text).toContain('name="offPremises"');
      expect(empty.text).toContain('name="dueDate"');
      expect(empty.text).toContain('วว/ดด/ปปปป');
      for (const path of [`/loans/new?code=${item.code.toLowerCase()}`, `/loans/new?itemId=${item.id}`]) {
        const res = await browsers.officer.get(path);
        expect(res.status).toBe(200);
        expect(res.text).toMatch(new RegExp(`<textarea[^>]*name="codes"[^>]*>${item.code}</textarea>`));
        expect(res.text).toContain(item.description);
      }
      const unknown = await browsers.officer.get('/loans/new?code=STA-EV69-999999');
      expect(fieldError(unknown.text, 'codes')).toBe('ไม่พบของที่ต้องการยืมในคลังของสถานีนี้');
    });

    it('requests a loan of several lines, a bulk one with its quantity; the loan exists through the API', async () => {
      const doc = await documentItem();
      const rounds = await ammunition();
      const id = await requestThroughForm(`${doc.code}\r\n${rounds.code.toLowerCase()} 25\r\n`);
      const loan = await getLoan(id);
      expect(loan.storedStatus).toBe('REQUESTED');
      expect(loan.requester.id).toBe(t.a.users.OFFICER.id);
      expect(loan.purposeType).toBe('COURT');
      expect(loan.offPremises).toBe(false);
      expect(loan.items.map((l: Json) => [l.code, l.quantity]).sort()).toEqual([
        [doc.code, 1],
        [rounds.code, 25],
      ].sort());
      // 16:30 Bangkok time on the date typed in the Buddhist era.
      const [d, m, y] = dueDate().split('/').map(Number);
      expect(new Date(loan.dueAt).toISOString()).toBe(new Date(`${y - 543}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T16:30:00+07:00`).toISOString());

      const page = await browsers.officer.get(`/loans/${id}?done=requested`);
      expect(page.status).toBe(200);
      expect(flash(page.text)).toBe('ส่งคำขอยืมแล้ว รอผู้มีอำนาจอนุมัติ');
      expect(page.text).toContain(doc.code);
      expect(visibleText(page.text)).toContain('25 นัด');
      expectThai(page);
    });

    it('"check" shows what the codes name and writes nothing', async () => {
      const doc = await documentItem();
      const before = await counts();
      const res = await browsers.officer.post('/loans/new', { ...requestForm(doc.code), intent: 'check', purpose: '' });
      expect(res.status).toBe(200);
      expect(res.text).toContain(doc.description);
      expect(fieldError(res.text, 'purpose')).toBeNull();
      expect(await counts()).toEqual(before);
    });

    it('shows each mistake in Thai next to its field, keeps what was typed, and writes nothing', async () => {
      const before = await counts();
      const res = await browsers.officer.post('/loans/new', { codes: 'STA-EV69-999999\nSTA-EV69-999998', purposeType: '', purpose: '', dueDate: '31/02/2570', dueTime: '25:00', intent: 'submit' });
      expect(res.status).toBe(422);
      expectThai(res);
      expect(fieldError(res.text, 'codes')).toBe('ไม่พบรหัส STA-EV69-999999, STA-EV69-999998 ในคลังของสถานีนี้');
      expect(fieldError(res.text, 'purposeType')).toBe('กรุณากรอกช่องนี้');
      expect(fieldError(res.text, 'purpose')).toBe('กรุณากรอกช่องนี้');
      expect(fieldError(res.text, 'offPremises')).toBe('กรุณาเลือกว่าใช้ภายในสถานีหรือนำออกนอกสถานที่');
      expect(fieldError(res.text, 'dueDate')).toBe('กรุณากรอกวันที่แบบ วว/ดด/ปปปป (พ.ศ.)');
      expect(fieldError(res.text, 'dueTime')).toBe('กรุณากรอกเวลาแบบ ชม.:นาที เช่น 14:30');
      expect(res.text).toContain('STA-EV69-999999\nSTA-EV69-999998</textarea>');
      expect(res.text).toContain('value="31/02/2570"');
      expect(await counts()).toEqual(before);
    });

    it('unreadable lines, repeated codes and bad quantities are named by the codes field', async () => {
      const doc = await documentItem();
      const cases: [string, string][] = [
        [`${doc.code} 5 6`, 'อ่านบรรทัดที่ 1 ไม่ได้ ให้เขียนรหัส แล้วเว้นวรรคตามด้วยจำนวน (ถ้ามี)'],
        [`${doc.code}\n${doc.code.toLowerCase()}`, `ระบุรหัสซ้ำ: ${doc.code}`],
        [`${doc.code} ห้า`, `จำนวนของ ${doc.code} ไม่ถูกต้อง`],
        [`${doc.code} 0`, `จำนวนของ ${doc.code} ไม่ถูกต้อง`],
      ];
      for (const [codes, message] of cases) {
        const res = await browsers.officer.post('/loans/new', requestForm(codes));
        expect({ codes, status: res.status, error: fieldError(res.text, 'codes') }).toEqual({ codes, status: 422, error: message });
      }
    });

    it("the service's refusals come back in Thai next to the field they are about", async () => {
      const doc = await documentItem();
      const other = await documentItem();
      const rounds = await ammunition();
      await requestThroughForm(doc.code);
      const before = await counts();
      const onLoan = await browsers.investigator.post('/loans/new', requestForm(doc.code));
      expect(onLoan.status).toBe(409);
      expect(fieldError(onLoan.text, 'codes')).toBe(`${doc.code} อยู่ในคำขอยืม/การยืมอื่นที่ยังไม่ปิด`);
      expectThai(onLoan);

      const past = await browsers.investigator.post('/loans/new', requestForm(other.code, { dueDate: thaiDateValue(new Date(clock.now().getTime() - DAY).toISOString()) }));
      expect(past.status).toBe(422);
      expect(fieldError(past.text, 'dueDate')).toBe('กำหนดส่งคืนต้องเป็นเวลาในอนาคต');

      const tooMany = await browsers.investigator.post('/loans/new', requestForm(`${rounds.code} 500`));
      expect(tooMany.status).toBe(422);
      expect(fieldError(tooMany.text, 'codes')).toBe(`${rounds.code} มีอยู่เพียง 100 นัด`);

      const elsewhere = await pageClient(t, t.b.tokens.OFFICER).post('/loans/new', requestForm(other.code));
      expect(fieldError(elsewhere.text, 'codes')).toBe(`ไม่พบรหัส ${other.code} ในคลังของสถานีนี้`);
      expect(await counts()).toEqual(before);
    });
  });

  describe('the approval queue', () => {
    it('shows a request to a supervisor and the commander, never to its requester', async () => {
      const byOfficer = await requestThroughForm((await documentItem()).code);
      const bySupervisor = await requestThroughForm((await documentItem()).code, browsers.supervisor);
      const supervisor = await browsers.supervisor.get('/loans/approvals');
      expect(supervisor.status).toBe(200);
      expectThai(supervisor);
      expect(supervisor.text).toContain(`action="/loans/${byOfficer}/approve"`);
      expect(supervisor.text).toContain(`action="/loans/${byOfficer}/reject"`);
      expect(supervisor.text).not.toContain(bySupervisor);
      const commander = await browsers.commander.get('/loans/approvals');
      expect(commander.text).toContain(`action="/loans/${bySupervisor}/approve"`);
      expect(commander.text).toContain(`action="/loans/${byOfficer}/approve"`);
      // Approving is one tap: the form has no required field; rejecting asks for its reason.
      const approveForm = new RegExp(`<form method="post" action="/loans/${byOfficer}/approve"[\\s\\S]*?</form>`).exec(supervisor.text)![0];
      expect(approveForm).not.toContain('required');
      const rejectForm = new RegExp(`<form method="post" action="/loans/${byOfficer}/reject"[\\s\\S]*?</form>`).exec(supervisor.text)![0];
      expect(rejectForm).toMatch(/<textarea[^>]*name="note"[^>]*required/);
    });

    it('an off-premises request of property waits for the commander only (ข้อ 208)', async () => {
      const id = await requestThroughForm((await camera()).code, browsers.officer, { offPremises: 'true', purposeType: 'DUTY' });
      expect((await browsers.supervisor.get('/loans/approvals')).text).not.toContain(id);
      expect((await browsers.commander.get('/loans/approvals')).text).toContain(id);
      const refused = await browsers.supervisor.post(`/loans/${id}/approve`, { back: 'loan' });
      expect(refused.status).toBe(403);
      expect(formError(refused.text)).toBe('คำขอยืมนี้ต้องได้รับอนุมัติจาก ผู้บังคับบัญชา (หัวหน้าสถานี)');
      expect((await getLoan(id)).storedStatus).toBe('REQUESTED');
    });

    it('approves with one tap and goes back to the queue with a message', async () => {
      const id = await requestThroughForm((await documentItem()).code);
      const res = await browsers.supervisor.post(`/loans/${id}/approve`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/loans/approvals?done=approved');
      const loan = await getLoan(id);
      expect(loan.storedStatus).toBe('APPROVED');
      expect(loan.approver.id).toBe(t.a.users.SUPERVISOR.id);
      const queue = await browsers.supervisor.get(res.headers.location);
      expect(flash(queue.text)).toBe('อนุมัติคำขอยืมแล้ว');
      expect(queue.text).not.toContain(id);
    });

    it('rejects only with a reason: without one the note field says so and nothing changes', async () => {
      const id = await requestThroughForm((await documentItem()).code);
      const before = await counts();
      const bare = await browsers.supervisor.post(`/loans/${id}/reject`, { note: '   ' });
      expect(bare.status).toBe(422);
      expectThai(bare);
      expect(fieldError(bare.text, 'note', fieldId(`reject-note-${id}`))).toBe('กรุณาระบุเหตุผลที่ไม่อนุมัติ');
      expect(bare.text).toMatch(/<details class="reject" open>/);
      expect(await counts()).toEqual(before);
      expect((await getLoan(id)).storedStatus).toBe('REQUESTED');

      const res = await browsers.supervisor.post(`/loans/${id}/reject`, { note: 'เอกสารประกอบไม่ครบ' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/loans/approvals?done=rejected');
      const loan = await getLoan(id);
      expect(loan.storedStatus).toBe('REJECTED');
      expect(loan.decisionNote).toBe('เอกสารประกอบไม่ครบ');
      const page = await browsers.officer.get(`/loans/${id}`);
      expect(visibleText(page.text)).toContain('เอกสารประกอบไม่ครบ');
      expect(visibleText(page.text)).toContain('ไม่อนุมัติ');
    });

    it('refuses approving one\'s own request, in Thai', async () => {
      const id = await requestThroughForm((await documentItem()).code, browsers.supervisor);
      const res = await browsers.supervisor.post(`/loans/${id}/approve`, {});
      expect(res.status).toBe(403);
      expectThai(res);
      expect(formError(res.text)).toBe('ผู้ขอยืมอนุมัติหรือไม่อนุมัติคำขอของตนเองไม่ได้');
      expect((await getLoan(id)).storedStatus).toBe('REQUESTED');
    });

    it('decides from the loan\'s own page too, and comes back to it', async () => {
      const id = await requestThroughForm((await documentItem()).code);
      const page = await browsers.commander.get(`/loans/${id}`);
      expect(page.text).toContain(`action="/loans/${id}/approve"`);
      const res = await browsers.commander.post(`/loans/${id}/approve`, { back: 'loan', note: 'อนุมัติตามเสนอ' });
      expect(res.headers.location).toBe(`/loans/${id}?done=approved`);
      expect((await getLoan(id)).decisionNote).toBe('อนุมัติตามเสนอ');
    });
  });

  describe('at the counter', () => {
    it('issues and receives back a HIGH item: witness and blind values in the same form, the record never shown', async () => {
      const item = await drugs();
      const id = await requestThroughForm(item.code);
      await approveApi(id);

      const page = await browsers.clerk.get(`/loans/${id}`);
      expect(page.status).toBe(200);
      expectThai(page);
      expect(page.text).toContain(`action="/loans/${id}/issue"`);
      for (const name of ['items.0.code', 'items.0.sealNumber', 'items.0.weightGrams', 'witnessUsername', 'witnessPassword']) expect(page.text).toContain(`name="${name}"`);
      expect(page.text).not.toContain('name="items.0.amount"');
      // Blind: the recorded seal and weight are nowhere on the page.
      expect(page.text).not.toContain(item.sealNumber);
      expect(page.text).not.toContain('20.5');
      // The requester and the approver are offered no issue form.
      expect((await browsers.officer.get(`/loans/${id}`)).text).not.toContain(`/loans/${id}/issue`);

      const before = await counts();
      const noWitness = await browsers.clerk.post(`/loans/${id}/issue`, { 'items.0.code': item.code, 'items.0.sealNumber': item.sealNumber, 'items.0.weightGrams': '20.5' });
      expect(noWitness.status).toBe(422);
      expectThai(noWitness);
      expect(fieldError(noWitness.text, 'witnessUsername')).toBe('ของที่มีความเสี่ยงสูงต้องมีพยานยืนยันตัวตนในรายการนี้ (ชื่อผู้ใช้และรหัสผ่านของพยาน)');
      expect(noWitness.text).toContain(`value="${item.code}"`);

      const wrong = await browsers.clerk.post(`/loans/${id}/issue`, { 'items.0.code': 'STA-EV69-000999', witnessUsername: W.username, witnessPassword: W.password });
      expect(wrong.status).toBe(422);
      expect(fieldError(wrong.text, 'items.0.code')).toBe(`รหัสที่สแกนไม่ใช่ ${item.code} ของแถวนี้`);

      const noBlind = await browsers.clerk.post(`/loans/${id}/issue`, { 'items.0.code': item.code, witnessUsername: W.username, witnessPassword: W.password });
      expect(noBlind.status).toBe(422);
      expect(fieldError(noBlind.text, 'items.0.sealNumber')).toBe('กรุณากรอกค่าที่เห็นบนของจริง');
      expect(fieldError(noBlind.text, 'items.0.weightGrams')).toBe('กรุณากรอกค่าที่เห็นบนของจริง');
      expectThai(noBlind);

      const badWitness = await browsers.clerk.post(`/loans/${id}/issue`, { 'items.0.code': item.code, 'items.0.sealNumber': item.sealNumber, 'items.0.weightGrams': '20.5', witnessUsername: W.username, witnessPassword: 'wrong-password' });
      expect(badWitness.status).toBe(422);
      expect(fieldError(badWitness.text, 'witnessUsername')).toBe('ชื่อผู้ใช้หรือรหัสผ่านของพยานไม่ถูกต้อง หรือพยานไม่ได้สังกัดสถานีนี้');
      expect(badWitness.text).not.toContain('wrong-password');
      expect(await counts()).toEqual(before);

      const issued = await browsers.clerk.post(`/loans/${id}/issue`, { 'items.0.code': item.code.toLowerCase(), 'items.0.sealNumber': item.sealNumber, 'items.0.weightGrams': '20.5', witnessUsername: W.username, witnessPassword: W.password });
      expect(issued.status).toBe(303);
      expect(issued.headers.location).toBe(`/loans/${id}?done=issued`);
      let loan = await getLoan(id);
      expect(loan.storedStatus).toBe('ISSUED');
      expect(loan.issuedBy.id).toBe(t.a.users.CLERK.id);
      expect(loan.witness.id).toBe(t.a.users.COMMANDER.id);
      const shown = await browsers.clerk.get(issued.headers.location);
      expect(flash(shown.text)).toBe('จ่ายของให้ผู้ยืมแล้ว');
      expect(shown.text).toContain(`action="/loans/${id}/return"`);
      expect(shown.text).toContain('name="items.0.condition"');
      expectThai(shown);

      // Back with a different weight: accepted, and the mismatch recorded as an incident (DESIGN §3 rule 4).
      const back = await browsers.clerk.post(`/loans/${id}/return`, {
        'items.0.code': item.code,
        'items.0.condition': 'GOOD',
        'items.0.sealNumber': item.sealNumber,
        'items.0.weightGrams': '19',
        witnessUsername: W.username,
        witnessPassword: W.password,
      });
      expect(back.status).toBe(303);
      expect(back.headers.location).toBe(`/loans/${id}?done=returned&mismatch=1`);
      loan = await getLoan(id);
      expect(loan.storedStatus).toBe('RETURNED');
      expect(loan.items[0].returnCondition).toBe('GOOD');
      const [{ n }] = await owner.rows(`SELECT count(*)::int AS n FROM discrepancies d JOIN loan_items li ON li.id = d.loan_item_id WHERE li.loan_id = $1 AND d.kind = 'WEIGHT_MISMATCH'`, [id]);
      expect(n).toBe(1);
      const after = await browsers.clerk.get(back.headers.location);
      expect(flash(after.text)).toContain('พบค่าที่ไม่ตรงกับทะเบียน');
      expect(after.text).not.toContain(`/loans/${id}/return`);
      expectThai(after);
    });

    it('receives ammunition in part: rounds spent need their reason, the rest stays out', async () => {
      const rounds = await ammunition();
      const id = await requestThroughForm(`${rounds.code} 50`, browsers.officer, { purposeType: 'TRAINING', purpose: 'ฝึกยิงปืนประจำเดือน' });
      await approveApi(id);
      expectOk(await post(`/api/loans/${id}/issue`, { items: [{ code: rounds.code }], witness: W }, t.a.tokens.CLERK));
      const page = await browsers.clerk.get(`/loans/${id}`);
      for (const name of ['items.0.quantity', 'items.0.spentQuantity', 'items.0.spentReason']) expect(page.text).toContain(`name="${name}"`);

      const empty = await browsers.clerk.post(`/loans/${id}/return`, { 'items.0.code': '', witnessUsername: W.username, witnessPassword: W.password });
      expect(empty.status).toBe(422);
      expect(formError(empty.text)).toBe('กรุณาสแกนรหัสของที่คืนอย่างน้อยหนึ่งรายการ');

      const base = { 'items.0.code': rounds.code, 'items.0.quantity': '40', 'items.0.spentQuantity': '5', 'items.0.condition': 'GOOD', witnessUsername: W.username, witnessPassword: W.password };
      const noReason = await browsers.clerk.post(`/loans/${id}/return`, base);
      expect(noReason.status).toBe(422);
      expect(fieldError(noReason.text, 'items.0.spentReason')).toBe(`กรุณาระบุเหตุผลที่ใช้กระสุน ${rounds.code} ไป 5 นัด`);
      expect(noReason.text).toContain('value="40"');
      expectThai(noReason);

      const tooMuch = await browsers.clerk.post(`/loans/${id}/return`, { ...base, 'items.0.quantity': '60', 'items.0.spentQuantity': '' });
      expect(tooMuch.status).toBe(422);
      expect(fieldError(tooMuch.text, 'items.0.quantity')).toContain('มากกว่าที่ยืมออกไปและยังไม่คืน');

      const res = await browsers.clerk.post(`/loans/${id}/return`, { ...base, 'items.0.spentReason': 'ฝึกยิงปืนประจำเดือน' });
      expect(res.status).toBe(303);
      const loan = await getLoan(id);
      expect(loan.storedStatus).toBe('PARTIALLY_RETURNED');
      expect(loan.items[0]).toMatchObject({ returnedQuantity: 40, spentQuantity: 5, outstanding: 5, open: true });
      const shown = visibleText((await browsers.clerk.get(`/loans/${id}`)).text);
      expect(shown).toContain('ใช้ไป 5 นัด (ฝึกยิงปืนประจำเดือน)');
      expect(shown).toContain('ยังไม่คืน 5 นัด');
    });

    it('the requester cannot take their own loan back at the counter, and a stale form is refused in Thai', async () => {
      const item = await documentItem();
      const id = await requestThroughForm(item.code, browsers.clerk);
      await approveApi(id);
      const own = await browsers.clerk.post(`/loans/${id}/issue`, { 'items.0.code': item.code });
      expect(own.status).toBe(403);
      expect(formError(own.text)).toBe('เจ้าหน้าที่ผู้จ่ายของต้องไม่ใช่ผู้ขอยืม');

      const other = await documentItem();
      const done = await requestThroughForm(other.code);
      const again = await browsers.clerk.post(`/loans/${done}/issue`, { 'items.0.code': other.code });
      expect(again.status).toBe(409);
      expect(formError(again.text)).toBe('ทำรายการนี้ไม่ได้ เพราะคำขอยืมอยู่ในสถานะ "รออนุมัติ"');
    });
  });

  describe('cancel', () => {
    it('the requester cancels before issue; nobody else can', async () => {
      const id = await requestThroughForm((await documentItem()).code);
      const page = await browsers.officer.get(`/loans/${id}`);
      expect(page.text).toContain(`action="/loans/${id}/cancel"`);
      expect((await browsers.investigator.get(`/loans/${id}`)).text).not.toContain(`/loans/${id}/cancel`);

      const other = await browsers.investigator.post(`/loans/${id}/cancel`, {});
      expect(other.status).toBe(403);
      expect(formError(other.text)).toBe('ผู้ขอยืมเท่านั้นที่ยกเลิกคำขอได้');
      expect((await getLoan(id)).storedStatus).toBe('REQUESTED');

      const res = await browsers.officer.post(`/loans/${id}/cancel`, { note: 'ศาลเลื่อนนัด' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/loans/${id}?done=cancelled`);
      expect((await getLoan(id)).storedStatus).toBe('CANCELLED');
      const after = await browsers.officer.get(res.headers.location);
      expect(flash(after.text)).toBe('ยกเลิกคำขอยืมแล้ว');
      expect(after.text).not.toContain(`action="/loans/${id}/cancel"`);
      expectThai(after);
    });
  });

  describe('lists', () => {
    it('my loans by default for a borrower, everything for the auditor, and each tab filters', async () => {
      const mine = await requestThroughForm((await documentItem()).code, browsers.investigator);
      const approved = await requestThroughForm((await documentItem()).code);
      await approveApi(approved);

      const investigator = await browsers.investigator.get('/loans');
      expect(investigator.status).toBe(200);
      expectThai(investigator);
      const ids = rows(investigator.text).map((r) => r.loanId);
      expect(ids).toContain(mine);
      expect(ids).not.toContain(approved);
      expect(investigator.text).toMatch(/<a href="\/loans\?view=mine" aria-current="page">/);

      const auditor = await browsers.auditor.get('/loans');
      expect(auditor.text).toMatch(/<a href="\/loans\?view=all" aria-current="page">/);
      expect(rows(auditor.text).map((r) => r.loanId)).toEqual(expect.arrayContaining([mine, approved]));
      expect(auditor.text).not.toContain('href="/loans/new"');

      const toIssue = await browsers.clerk.get('/loans?view=toIssue');
      const toIssueIds = rows(toIssue.text).map((r) => r.loanId);
      expect(toIssueIds).toContain(approved);
      expect(toIssueIds).not.toContain(mine);
      expect(visibleText(toIssue.text)).toContain('อนุมัติแล้ว รอจ่าย');
    });

    it('shows who asked, the purpose, the place and the due date in Thai', async () => {
      const item = await documentItem();
      const id = await requestThroughForm(item.code, browsers.officer, { offPremises: 'true', purposeType: 'LAB', purpose: 'ส่งตรวจลายนิ้วมือ' });
      const res = await browsers.officer.get('/loans?view=mine');
      const row = rows(res.text).find((r) => r.loanId === id)!;
      expect(row.text).toContain(item.code);
      expect(row.text).toContain(item.description);
      const text = visibleText(new RegExp(`<tr>\\s*<td data-label="[^"]*"><a class="loan-link" href="/loans/${id}">[\\s\\S]*?</tr>`).exec(res.text)![0]);
      expect(text).toContain(`ร.ต.อ. ${t.a.users.OFFICER.displayName}`);
      expect(text).toContain('ส่งตรวจพิสูจน์');
      expect(text).toContain('ส่งตรวจลายนิ้วมือ');
      expect(text).toContain('นอกสถานที่');
      expect(text).toMatch(/\d{1,2} (ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.) 25\d\d 16\.30 น\./);
      expect(text).toContain('รออนุมัติ');
    });

    it('pages through a long list', async () => {
      for (let i = 0; i < 26; i++) await requestThroughForm((await documentItem()).code, browsers.commander);
      const first = await browsers.commander.get('/loans?view=mine');
      expect(rows(first.text)).toHaveLength(25);
      expect(first.text).toContain('href="/loans?view=mine&amp;page=2"');
      const second = await browsers.commander.get('/loans?view=mine&page=2');
      expect(rows(second.text)).toHaveLength(1);
      expect(visibleText(second.text)).toContain('หน้า 2 จาก 2');
      expect(second.text).toContain('href="/loans?view=mine"');
    });

    it('a filter it cannot read is a Thai 400 page', async () => {
      for (const path of ['/loans?status=SOMETHING', '/loans?page=0', '/loans?view=everything']) {
        const res = await browsers.clerk.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.text).toContain('ตัวกรองหรือหมายเลขหน้าไม่ถูกต้อง');
      }
    });

    it('overdue loans are red in the lists, on their page and at ?status=OVERDUE (the dashboard link)', async () => {
      const item = await documentItem();
      const id = await requestThroughForm(item.code, browsers.officer, { dueDate: dueDate(1) });
      await approveApi(id);
      expectOk(await post(`/api/loans/${id}/issue`, { items: [{ code: item.code }] }, t.a.tokens.CLERK));
      const onTime = rows((await browsers.clerk.get('/loans?view=out')).text).find((r) => r.loanId === id)!;
      expect(onTime.overdue).toBe(false);

      const now = clock.now();
      clock.advance(3 * DAY);
      try {
        const overdue = await browsers.clerk.get('/loans?status=OVERDUE');
        expect(overdue.status).toBe(200);
        expect(overdue.text).toMatch(/<a href="\/loans\?view=overdue" class="tab-overdue" aria-current="page">/);
        const row = rows(overdue.text).find((r) => r.loanId === id);
        expect(row?.overdue).toBe(true);
        expect(rows(overdue.text).every((r) => r.overdue)).toBe(true);
        expect(rows((await browsers.clerk.get('/loans?view=out')).text).find((r) => r.loanId === id)?.overdue).toBe(true);
        const page = await browsers.officer.get(`/loans/${id}`);
        expect(visibleText(page.text)).toContain('เกินกำหนดส่งคืนแล้ว');
        expect(page.text).toContain('<dd class="overdue">');
        expect(visibleText(page.text)).toContain('เกินกำหนดคืน');
        expectThai(page);
      } finally {
        clock.set(now);
      }
    });
  });

  describe('who may see what', () => {
    it("another station's loan is the Thai 404 page, for reading and for every action", async () => {
      const id = await requestThroughForm((await documentItem()).code);
      const read = await browsers.otherClerk.get(`/loans/${id}`);
      expect(read.status).toBe(404);
      expect(read.headers['content-type']).toContain('text/html');
      expect(visibleText(read.text)).toContain('ไม่พบคำขอยืม');
      expectThai(read);
      const before = await counts();
      expect((await browsers.otherSupervisor.post(`/loans/${id}/approve`, {})).status).toBe(404);
      expect((await browsers.otherSupervisor.post(`/loans/${id}/reject`, { note: 'ไม่ใช่ของสถานีเรา' })).status).toBe(404);
      expect((await browsers.otherClerk.post(`/loans/${id}/issue`, { 'items.0.code': 'X' })).status).toBe(404);
      expect((await browsers.otherClerk.post(`/loans/${id}/return`, { 'items.0.code': 'X', 'items.0.condition': 'GOOD' })).status).toBe(404);
      expect((await pageClient(t, t.b.tokens.OFFICER).post(`/loans/${id}/cancel`, {})).status).toBe(404);
      expect(await counts()).toEqual(before);
      expect((await browsers.otherClerk.get('/loans?view=all')).text).not.toContain(id);
    });

    it('a role without access gets the Thai 403 page', async () => {
      const id = await requestThroughForm((await documentItem()).code);
      const calls: [PageClient, 'get' | 'post', string][] = [
        [browsers.auditor, 'get', '/loans/new'],
        [browsers.auditor, 'post', '/loans/new'],
        [browsers.officer, 'get', '/loans/approvals'],
        [browsers.clerk, 'post', `/loans/${id}/approve`],
        [browsers.investigator, 'post', `/loans/${id}/reject`],
        [browsers.officer, 'post', `/loans/${id}/issue`],
        [browsers.supervisor, 'post', `/loans/${id}/return`],
        [browsers.auditor, 'post', `/loans/${id}/cancel`],
        [browsers.admin, 'get', '/loans'],
        [browsers.admin, 'get', `/loans/${id}`],
      ];
      for (const [browser, method, path] of calls) {
        const res = method === 'get' ? await browser.get(path) : await browser.post(path, {});
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
        expect(res.text).toContain('สิทธิ์ของท่านไม่อนุญาตให้เข้าหน้านี้');
      }
      const auditor = await browsers.auditor.get(`/loans/${id}`);
      expect(auditor.status).toBe(200);
      expect(visibleText(auditor.text)).toContain('ขณะนี้ไม่มีรายการที่ท่านต้องดำเนินการกับคำขอนี้');
    });

    it('a form post without the CSRF token is refused', async () => {
      const id = await requestThroughForm((await documentItem()).code);
      const res = await browsers.supervisor.post(`/loans/${id}/approve`, {}, { withCsrf: false });
      expect(res.status).toBe(403);
      expect((await getLoan(id)).storedStatus).toBe('REQUESTED');
    });
  });

  it('every loans page, in every state and for every role, is Thai', async () => {
    // One loan in each state: requested, approved, rejected, cancelled, issued (HIGH), partly and fully returned.
    const requested = await requestThroughForm((await documentItem()).code);
    const approved = await requestThroughForm((await documentItem()).code);
    await approveApi(approved);
    const rejected = await requestThroughForm((await documentItem()).code);
    expectOk(await post(`/api/loans/${rejected}/reject`, { note: 'ไม่อนุมัติ' }, t.a.tokens.SUPERVISOR));
    const cancelled = await requestThroughForm((await documentItem()).code);
    expectOk(await post(`/api/loans/${cancelled}/cancel`, {}, t.a.tokens.OFFICER));
    const pills = await drugs();
    const docs = [await documentItem(), await documentItem()];
    const issued = await requestThroughForm(pills.code);
    await approveApi(issued);
    expectOk(await post(`/api/loans/${issued}/issue`, { items: [{ code: pills.code, sealNumber: pills.sealNumber, weightGrams: 20.5 }], witness: W }, t.a.tokens.CLERK));
    const partly = await requestThroughForm(docs.map((d) => d.code).join('\n'));
    await approveApi(partly);
    expectOk(await post(`/api/loans/${partly}/issue`, { items: docs.map((d) => ({ code: d.code })) }, t.a.tokens.CLERK));
    expectOk(await post(`/api/loans/${partly}/return`, { items: [{ code: docs[0].code, condition: 'DAMAGED', note: 'ปกขาด' }] }, t.a.tokens.CLERK));
    const states = [requested, approved, rejected, cancelled, issued, partly];
    for (const browser of Object.values(browsers).filter((x) => x !== browsers.admin && x !== browsers.otherClerk && x !== browsers.otherSupervisor)) {
      for (const path of ['/loans', '/loans?view=all', '/loans?view=toIssue', '/loans?view=out', '/loans?view=overdue', '/loans?status=REQUESTED', '/loans/new', '/loans/approvals', ...states.map((id) => `/loans/${id}`)]) {
        const res = await browser.get(path);
        if (res.status === 403) continue;
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expectThai(res);
      }
    }
  });
});
