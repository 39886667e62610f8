/**
 * The public O23 page in a real browser (Debian Chromium): an assessor with no account opens it on a
 * desktop and on a phone, downloads an issued report, and checks that file — hashed in the browser by
 * public-check.js, so it never leaves the computer — and a changed copy of it. Screenshots are left in
 * test-artifacts/screenshots for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/common/clock.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { type BrowserRun, DESKTOP, openBrowser, PHONE } from '../helpers/browser.js';
import { auth, expectOk, type Json } from '../helpers/checks.js';
import { endOf, monthOf } from '../helpers/periods.js';

describe('The public O23 page in Chromium', () => {
  const PERIOD = monthOf(new Date());
  const clock = new ManualClock(new Date());
  let t: TestApp;
  let browser: BrowserRun;
  let issued: Json;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    dir = mkdtempSync(join(tmpdir(), 'khlang-public-'));
    expectOk(await t.http().post('/api/items').set(auth(t.a.tokens.CLERK)).send({ category: 'PROPERTY', kind: 'furniture', description: 'ตู้เอกสาร', locationId: t.a.room.id, property: { unitPrice: 3900 } }), 201);
    clock.set(new Date(endOf(PERIOD).getTime() + 60_000));
    expectOk(await t.http().put(`/api/reports/o23/notes?period=${PERIOD}`).set(auth(t.a.tokens.CLERK)).send({ problems: 'ไม่มี', correctiveAction: 'ไม่มี' }));
    const res = await t.http().post('/api/reports/o23/issue').set(auth(t.a.tokens.COMMANDER)).send({ period: PERIOD });
    expectOk(res, 201);
    issued = res.body;
    browser = await openBrowser(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the documents and the issued report to someone with no account, on a desktop and a phone', async () => {
    for (const [name, viewport] of [['public-o23-desktop', DESKTOP], ['public-o23-phone', PHONE]] as const) {
      const context = await browser.context(viewport);
      const page = await context.newPage();
      // Every asset the page asks for is there (the browser's own favicon request aside), and no script fails.
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
      await page.goto(`/public/${t.a.station.code}/o23`);
      await expect(page.locator('h1').innerText()).resolves.toContain('การจัดการทรัพย์สินของราชการ');
      await expect(page.locator('table.reports').innerText()).resolves.toContain(issued.pdf.sha256);
      expect(await page.locator('a[href$="guidelines.docx"]').count()).toBe(1);
      // Nothing sideways on a phone: the page fits its width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      await browser.screenshot(page, name);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('checks a downloaded report in the browser: the issued file is recognised, a changed copy is not', async () => {
    const context = await browser.context(DESKTOP);
    const page = await context.newPage();
    await page.goto(`/public/${t.a.station.code}/o23`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`a[href$="-v1.xlsx"]`)]);
    const file = join(dir, 'report.xlsx');
    await download.saveAs(file);

    // The page hashes the file itself and asks with the hash (a GET with ?sha256=): the file is not uploaded.
    const uploads: string[] = [];
    page.on('request', (req) => req.method() === 'POST' && uploads.push(req.url()));
    await page.setInputFiles('#file', file);
    await Promise.all([page.waitForURL(/sha256=/), page.click('form.upload button[type=submit]')]);
    const answer = await page.locator('#answer').innerText();
    expect(answer).toContain('ไฟล์นี้คือรายงานผลการจัดการทรัพย์สินของราชการ ของบริจาค และของกลาง ประจำเดือน');
    expect(answer).toContain('(Excel) ครั้งที่ 1');
    expect(answer).toContain(issued.xlsx.sha256);
    expect(uploads).toEqual([]);
    await browser.screenshot(page, 'public-o23-check-found');

    const changed = readFileSync(file);
    changed[changed.length - 5] ^= 0xff;
    writeFileSync(join(dir, 'changed.xlsx'), changed);
    await page.setInputFiles('#file', join(dir, 'changed.xlsx'));
    const changedHash = createHash('sha256').update(changed).digest('hex');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('sha256') === changedHash), page.click('form.upload button[type=submit]')]);
    await expect(page.locator('#answer').innerText()).resolves.toContain('ไม่พบรายงานหรือเอกสาร');
    await browser.screenshot(page, 'public-o23-check-not-found');
    await context.close();
  });

  it('lets the staff find the public address, the ZIP and the current documents under Reports', async () => {
    const context = await browser.context(DESKTOP);
    const page = await browser.login(context, t.a.users.CLERK.username, TEST_PASSWORD, '/reports/publication');
    await expect(page.locator('h1').innerText()).resolves.toBe('เผยแพร่ O23');
    expect(await page.locator(`a[href="/public/${t.a.station.code}/o23"]`).count()).toBe(1);
    expect(await page.locator(`a[href="/public/${t.a.station.code}/o23.zip"]`).count()).toBe(1);
    expect(await page.locator('a[href$="/files/form-borrow-request.pdf"]').count()).toBe(1);
    await browser.screenshot(page, 'reports-publication');
    await context.close();
  });
});
