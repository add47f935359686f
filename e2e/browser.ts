// Debian's Chromium driven by playwright-core (playwright's own browser downloads are not
// reachable on our machines). Shared by the e2e tests and the screenshot script.
import { chromium, type Browser as PwBrowser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// playwright-core launches with a fresh temporary --user-data-dir of its own and removes it after.
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Browser {
  /** A fresh, isolated browser context (its own cookies), like a second person on another computer. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Page loads wait until the app has hydrated (the root layout marks <html data-hydrated>): text typed
 * into server-rendered inputs before that is lost, which a loaded machine makes likely.
 */
function awaitHydration(page: Page) {
  for (const method of ['goto', 'reload'] as const) {
    const original = page[method].bind(page) as (...args: unknown[]) => ReturnType<Page['goto']>;
    (page as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const response = await original(...args);
      if (response?.headers()['content-type']?.startsWith('text/html')) await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
      return response;
    };
  }
}

export async function launch(): Promise<Browser> {
  const browser: PwBrowser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: flags });
  return {
    async context(options: BrowserContextOptions = {}) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', ...options });
      if (options.javaScriptEnabled !== false) ctx.on('page', awaitHydration);
      await ctx.newPage();
      return ctx;
    },
    async close() {
      await browser.close().catch(() => {});
    },
  };
}
