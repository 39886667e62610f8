/**
 * The walkthrough of issue 7 in headless Chromium (Debian chromium + playwright-core), as people do it:
 * a clerk registers a HIGH evidence item with a witness and prints its label, scans it at the counter
 * (typed + Enter, as a USB scanner does); an investigator asks to borrow it; the commander approves on
 * a phone; the clerk issues it and takes it back; the item's timeline shows all of it. Also: a form
 * post without the CSRF token is refused, and a clerk has no approval queue. Screenshots of the main
 * screens are written to test-artifacts/screenshots for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { type BrowserRun, DESKTOP, openBrowser, PHONE } from '../helpers/browser.js';

/** วว/ดด/ปปปป (Buddhist era) `days` from now, as the forms take a date. */
function thaiDateIn(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000 + 7 * 3600_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear() + 543}`;
}

describe('walkthrough in a real browser', () => {
  let t: TestApp;
  let b: BrowserRun;
  const contexts: BrowserContext[] = [];
  let clerk: Page;
  let code = '';
  let itemPath = '';
  let loanPath = '';
  /** Milliseconds from Enter in the scan box to the item card on the page. */
  const scanToCard: number[] = [];

  const context = async (viewport = DESKTOP) => {
    const c = await b.context(viewport);
    contexts.push(c);
    return c;
  };
  /** Submits a form by its button and waits for the page it leads to. */
  const submit = async (page: Page, selector: string) => {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  };

  beforeAll(async () => {
    t = await startTestApp();
    b = await openBrowser(t);
    clerk = await b.login(await context(), 'sta.clerk', TEST_PASSWORD);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await b?.close();
    await t?.close();
  });

  it('a clerk logs in and sees the dashboard in Thai, without the approval queue', async () => {
    await clerk.goto('/');
    expect(await clerk.locator('h1').innerText()).toBe('หน้าหลัก');
    expect(await clerk.locator('html').getAttribute('lang')).toBe('th');
    expect(await clerk.locator('nav a', { hasText: 'รออนุมัติ' }).count()).toBe(0);
    const queue = await clerk.goto('/loans/approvals');
    expect(queue!.status()).toBe(403);
    expect(await clerk.locator('.error-text').innerText()).toContain('สิทธิ์ของท่านไม่อนุญาต');
    await b.screenshot(clerk, '01-clerk-dashboard');
  });

  it('registers a HIGH evidence item with a witness and prints its label (the PDF arrives)', async () => {
    await clerk.goto('/items/new?category=EVIDENCE');
    await b.screenshot(clerk, '02-intake-evidence');
    await clerk.selectOption('#f-kind', 'drugs');
    await clerk.fill('#f-description', 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส ปิดผนึก');
    await clerk.fill('#f-quantity', '200');
    await clerk.fill('#f-unit', 'เม็ด');
    await clerk.selectOption('#f-locationId', t.a.safe.id);
    await clerk.fill('#f-sealNumber', 'S-7001');
    await clerk.fill('#f-weightGrams', '20.5');
    await clerk.fill('#f-evidence-caseNumber', '321/2569');
    await clerk.fill('#f-witnessUsername', 'sta.supervisor');
    await clerk.fill('#f-witnessPassword', TEST_PASSWORD);
    await submit(clerk, 'form[action="/items/new"] button[type=submit]');
    itemPath = new URL(clerk.url()).pathname;
    expect(itemPath).toMatch(/^\/items\/[0-9a-f-]{36}$/);
    code = (await clerk.locator('#item-card').getAttribute('data-code'))!;
    expect(code).toMatch(/^STA-EV\d{2}-\d{6}$/);
    const flash = await clerk.locator('.flash-ok').textContent();
    expect(flash).toContain(code);
    await b.screenshot(clerk, '03-item-registered');

    // The label form opens a new tab; the PDF is its answer.
    const [label, tab] = await Promise.all([
      clerk.context().waitForEvent('response', (r) => r.url().endsWith('/label') && r.request().method() === 'POST'),
      clerk.context().waitForEvent('page'),
      clerk.click('form.label-form button[type=submit]'),
    ]);
    expect(label.status()).toBe(200);
    expect((await label.allHeaders())['content-type']).toContain('application/pdf');
    // Chromium hands the bytes to its PDF viewer (the body read here would be the viewer's page); the
    // PDF itself is checked byte by byte in web-items.test.ts.
    expect(Number((await label.allHeaders())['content-length'])).toBeGreaterThan(1000);
    await tab.close();
  });

  it('scans the code at the counter (typed + Enter) and sees its card; the box keeps the focus', async () => {
    await clerk.goto('/counter');
    expect(await clerk.evaluate(() => document.activeElement?.id)).toBe('scan');
    for (let i = 0; i < 5; i++) {
      await clerk.goto('/counter');
      await clerk.keyboard.type(code);
      const started = Date.now();
      await Promise.all([clerk.waitForSelector('#item-card'), clerk.keyboard.press('Enter')]);
      scanToCard.push(Date.now() - started);
    }
    expect(await clerk.locator('#item-card').getAttribute('data-code')).toBe(code);
    expect(await clerk.locator('.item-card').innerText()).toContain('ของสำคัญสูง');
    expect(await clerk.evaluate(() => document.activeElement?.id)).toBe('scan');
    await b.screenshot(clerk, '04-counter-card');
    // An unknown code: the error in Thai next to the box, which keeps the focus.
    await clerk.keyboard.type('NOPE-0001');
    await Promise.all([clerk.waitForNavigation(), clerk.keyboard.press('Enter')]);
    expect(await clerk.locator('#scan-error').innerText()).toContain('ไม่พบรหัส');
    expect(await clerk.evaluate(() => document.activeElement?.id)).toBe('scan');
    const sorted = [...scanToCard].sort((x, y) => x - y);
    console.log(`scan (Enter) → item card, ms: ${scanToCard.join(', ')} (median ${sorted[Math.floor(sorted.length / 2)]})`);
  });

  it('an investigator asks to borrow it', async () => {
    const investigator = await b.login(await context(), 'sta.investigator', TEST_PASSWORD, `/loans/new?code=${code}`);
    await investigator.selectOption('#f-purposeType', 'COURT');
    await investigator.fill('#f-purpose', 'นำส่งศาลจังหวัดเพื่อประกอบการพิจารณาคดี');
    await investigator.check('input[name="offPremises"][value="true"]');
    await investigator.fill('#f-dueDate', thaiDateIn(2));
    await investigator.fill('#f-dueTime', '16:00');
    await b.screenshot(investigator, '05-loan-request');
    await submit(investigator, 'form[action="/loans/new"] button[value="submit"]');
    loanPath = new URL(investigator.url()).pathname;
    expect(loanPath).toMatch(/^\/loans\/[0-9a-f-]{36}$/);
    expect(await investigator.locator('main').innerText()).toContain(code);
  });

  it('the commander approves it with one tap on a phone', async () => {
    const commander = await b.login(await context(PHONE), 'sta.commander', TEST_PASSWORD, '/loans/approvals');
    const loanId = loanPath.split('/')[2];
    await b.screenshot(commander, '06-approvals-phone');
    // Nothing on the page is wider than the phone.
    expect(await commander.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await submit(commander, `form[action="/loans/${loanId}/approve"] button[type=submit]`);
    expect(await commander.locator('.flash-ok').count()).toBe(1);
    await b.screenshot(commander, '07-approved-phone');
  });

  it('the clerk issues it with the witness and the blind check, then takes it back', async () => {
    await clerk.goto(loanPath);
    await clerk.fill('#f-items-0-code', code);
    await clerk.fill('#f-items-0-sealNumber', 'S-7001');
    await clerk.fill('#f-items-0-weightGrams', '20.5');
    await clerk.fill('#f-witnessUsername', 'sta.supervisor');
    await clerk.fill('#f-witnessPassword', TEST_PASSWORD);
    await b.screenshot(clerk, '08-loan-issue');
    await submit(clerk, `form[action="${loanPath}/issue"] button[type=submit]`);
    expect(await clerk.locator('.flash-ok').count()).toBe(1);

    await clerk.fill('#f-items-0-code', code);
    await clerk.selectOption('#f-items-0-condition', 'GOOD');
    await clerk.fill('#f-items-0-sealNumber', 'S-7001');
    await clerk.fill('#f-items-0-weightGrams', '20.5');
    await clerk.fill('#f-witnessUsername', 'sta.supervisor');
    await clerk.fill('#f-witnessPassword', TEST_PASSWORD);
    await submit(clerk, `form[action="${loanPath}/return"] button[type=submit]`);
    expect(await clerk.locator('.flash-ok').count()).toBe(1);
    await b.screenshot(clerk, '09-loan-returned');
  });

  it("the item's timeline shows all of it, in order", async () => {
    await clerk.goto(itemPath);
    const timeline = await clerk.locator('.timeline').innerText();
    const at = (text: string) => timeline.indexOf(text);
    for (const event of ['รับเข้าคลัง', 'เบิก/ยืมออก', 'คืนเข้าคลัง']) expect({ event, found: at(event) >= 0 }).toEqual({ event, found: true });
    expect(at('รับเข้าคลัง')).toBeLessThan(at('เบิก/ยืมออก'));
    expect(at('เบิก/ยืมออก')).toBeLessThan(at('คืนเข้าคลัง'));
    expect(timeline).toContain('พยาน');
    await b.screenshot(clerk, '10-item-timeline');
  });

  it('a form post without the CSRF token is refused, with the session cookie present', async () => {
    const res = await clerk.request.post('/counter/move', { form: { to: t.a.room.id, code } });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งมาจากหน้าของระบบ');
    const item = await t.http().get(`/api/items/by-code/${code}`).set('authorization', `Bearer ${t.a.tokens.CLERK}`);
    expect(item.body.locationId).toBe(t.a.safe.id);
  });

  it('the other main screens render in Thai for their users (screenshots)', async () => {
    const commander = await b.login(await context(), 'sta.commander', TEST_PASSWORD);
    for (const [path, name] of [['/', '11-commander-dashboard'], ['/loans?status=OVERDUE', '12-loans'], ['/incidents', '13-incidents'], ['/audits', '14-audits'], ['/reports', '15-reports'], ['/audit-log/verify', '16-verify'], ['/items?category=EVIDENCE', '17-search']]) {
      const res = await commander.goto(path);
      expect({ path, status: res!.status() }).toEqual({ path, status: 200 });
      expect(await commander.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DESKTOP.width);
      await b.screenshot(commander, name);
    }
    const supervisor = await b.login(await context(), 'sta.supervisor', TEST_PASSWORD, '/shifts');
    await b.screenshot(supervisor, '18-shifts');
  });
});
