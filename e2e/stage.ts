// What an e2e file needs around its tests: one app and one browser for the file, the pages of the
// people taking part, and, when a test fails, the app's last log lines and a screenshot of each page.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import { launch, type Browser } from './browser.ts';
import { repoRoot, startApp, type AppProcess } from './server.ts';

export const WAIT = 20_000;
export const DEMO_PASSWORD = 'demo12345';

type ContextOptions = Parameters<Browser['context']>[0];

export function stage(name: string, env: Record<string, string> = {}) {
  const shots = join(repoRoot, 'test-results', name);
  const pages: Record<string, Page> = {};
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    app = await startApp(env);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const s = {
    /** Where screenshots and files made by the tests go: test-results/<name>/. */
    shots,
    pages,
    get app(): AppProcess {
      if (!app) throw new Error('the app starts in beforeAll');
      return app;
    },
    get browser(): Browser {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    reportFailures(test: string) {
      onTestFailed(async () => {
        console.error(`--- app log (last lines) ---\n${s.app.log()}`);
        for (const [who, page] of Object.entries(pages)) {
          // Where each page was and what it told its user: a refused request shows as an error alert.
          const alerts = await page.locator('.alert-error').allInnerTexts().catch(() => []);
          console.error(`--- ${who}: ${page.url()}${alerts.length ? `, showing: ${alerts.join(' | ')}` : ''}`);
          await page.screenshot({ path: join(shots, `fail-${test}-${who}.png`), fullPage: true }).catch(() => {});
        }
      });
    },
    /** A person on their own computer: a fresh browser context (its own cookies) and its page. */
    async newPage(who: string, options: ContextOptions = {}): Promise<Page> {
      const ctx = await s.browser.context(options);
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      page.setDefaultTimeout(WAIT);
      pages[who] = page;
      return page;
    },
    /** The same, signed in with a demo account and past the login page. */
    async signIn(who: string, email: string, options: ContextOptions = {}): Promise<Page> {
      const page = await s.newPage(who, options);
      await page.goto(`${s.app.url}/login`);
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await page.click('[data-testid=login-submit]');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      return page;
    },
  };
  return s;
}
