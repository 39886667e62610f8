import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { TestApp } from './app.js';
import { requireTool } from './pdf-tools.js';

/** Where the browser tests leave their screenshots for a person to look at (git-ignored). */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** Debian's Chromium, headless, driven by playwright-core: the application served on a real port. */
export interface BrowserRun {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (its own cookies) at a viewport. */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** Logs in through the login page and lands on `next`. */
  login(context: BrowserContext, username: string, password: string, next?: string): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(t: TestApp): Promise<BrowserRun> {
  requireTool('chromium', 'chromium');
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    baseUrl,
    browser,
    context: (viewport = DESKTOP) => browser.newContext({ viewport, baseURL: baseUrl, locale: 'th-TH', timezoneId: 'Asia/Bangkok' }),
    async login(context, username, password, next = '/') {
      const page = await context.newPage();
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await page.fill('#f-username', username);
      await page.fill('#f-password', password);
      await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.click('form[action="/login"] button[type=submit]')]);
      return page;
    },
    async screenshot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => browser.close(),
  };
}
