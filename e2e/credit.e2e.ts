// Credit archive and points in the browser: staff check a member company's contact in at a meeting,
// and the member's own credit page and points show the new entry (the "information island" joined up).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { launch, type Browser } from './browser.ts';
import { repoRoot, startApp, type AppProcess } from './server.ts';

const WAIT = 20_000;
const phone = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true };

let app: AppProcess;
let browser: Browser;
const pages: Record<string, Page> = {};

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function personAt(who: string, email: string, options: Parameters<Browser['context']>[0] = {}): Promise<Page> {
  const ctx = await browser.context(options);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(WAIT);
  pages[who] = page;
  await page.goto(`${app.url}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'demo12345');
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

describe('credit archive and points', () => {
  test("a check-in at a meeting adds the member company's credit entry and the attendee's points, live", async () => {
    onTestFailed(async () => {
      console.error(`--- app log (last lines) ---\n${app.log()}`);
      const dir = join(repoRoot, 'test-results', 'e2e');
      mkdirSync(dir, { recursive: true });
      for (const [who, page] of Object.entries(pages)) await page.screenshot({ path: join(dir, `credit-${who}.png`), fullPage: true }).catch(() => {});
    });
    const member = await personAt('member', 'member@demo.test', phone);
    // The member's registration code for next week's assembly.
    await member.goto(`${app.url}/meetings`);
    await member.click('text=2027 年会员代表大会');
    await member.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    const meetingUrl = member.url();
    const code = await member.locator('[data-testid=my-code]').innerText();

    await member.goto(`${app.url}/points`);
    const pointsBefore = Number(await member.locator('[data-testid=my-points-total]').innerText());
    await member.goto(`${app.url}/credit/mine`);
    expect(await member.locator('h1').innerText()).toContain('华东智能制造股份有限公司');
    expect(await member.locator('[data-testid=credit-entries] tr', { hasText: '2027 年会员代表大会' }).count()).toBe(0);
    await member.waitForSelector('[data-testid=live-status][data-status=live]');

    const staff = await personAt('staff', 'secretariat@demo.test');
    await staff.goto(`${meetingUrl}/checkin`);
    await staff.fill('[data-testid=checkin-code]', code);
    await staff.press('[data-testid=checkin-code]', 'Enter');
    await staff.waitForSelector('[data-testid=checkin-message].alert-ok');

    // The member's open page shows the entry without reloading.
    const row = member.locator('[data-testid=credit-entries] tr', { hasText: '2027 年会员代表大会' });
    await expect.poll(() => row.count(), { timeout: WAIT }).toBe(1);
    expect(await row.innerText()).toContain('参加会议');

    await member.goto(`${app.url}/points`);
    expect(Number(await member.locator('[data-testid=my-points-total]').innerText())).toBe(pointsBefore + 10);
    expect(await member.locator('[data-testid=points-ledger]').innerText()).toContain('2027 年会员代表大会');

    // Staff see it in the company's archive, linked to the meeting.
    await staff.goto(`${app.url}/credit`);
    await staff.click('[data-testid=credit-list] >> text=华东智能制造股份有限公司');
    await staff.waitForURL(/\/credit\/[0-9a-f-]{36}$/);
    const link = staff.locator('[data-testid=credit-entries] a', { hasText: '2027 年会员代表大会' });
    expect(await link.getAttribute('href')).toBe(new URL(meetingUrl).pathname);
  });
});
