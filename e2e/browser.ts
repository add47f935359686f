// Debian's Chromium driven by playwright-core (playwright's own browser downloads are not
// reachable on our machines). Shared by the e2e tests and the screenshot script.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
  /** A fresh, isolated browser profile (its own cookies), like a second person on another computer. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Each context is its own persistent profile in a fresh temporary user-data-dir. */
export async function launch(): Promise<Browser> {
  const contexts: { ctx: BrowserContext; dir: string }[] = [];
  return {
    async context(options: BrowserContextOptions = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'xh-chromium-'));
      const ctx = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        args: flags,
        viewport: { width: 1280, height: 860 },
        locale: 'zh-CN',
        ...options,
      });
      contexts.push({ ctx, dir });
      return ctx;
    },
    async close() {
      for (const { ctx, dir } of contexts.splice(0)) {
        await ctx.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
