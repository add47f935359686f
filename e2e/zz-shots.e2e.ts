import { afterAll, beforeAll, test } from 'vitest';
import { launch, type Browser } from './browser.ts';
import { startApp, type AppProcess } from './server.ts';

let app: AppProcess;
let browser: Browser;
beforeAll(async () => {
  app = await startApp();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function login(email: string, options = {}) {
  const ctx = await browser.context(options);
  const page = ctx.pages()[0];
  await page.goto(`${app.url}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'demo12345');
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

test('shots', async () => {
  const staff = await login('secretariat@demo.test');
  await staff.goto(`${app.url}/credit`);
  await staff.waitForTimeout(800);
  await staff.screenshot({ path: '/tmp/shot-credit-list.png', fullPage: true });
  await staff.click('[data-testid=credit-list] >> text=北方精密仪器有限公司');
  await staff.waitForURL(/\/credit\/[0-9a-f-]{36}$/);
  await staff.waitForTimeout(1200);
  await staff.screenshot({ path: '/tmp/shot-credit-archive.png', fullPage: true });
  await staff.goto(`${app.url}/credit/rules`);
  await staff.fill('#tA', '85');
  await staff.click('[data-testid=rules-preview]');
  await staff.waitForSelector('[data-testid=rules-preview-result]');
  await staff.waitForTimeout(1200);
  await staff.screenshot({ path: '/tmp/shot-credit-rules.png', fullPage: true });
  await staff.goto(`${app.url}/points`);
  await staff.waitForTimeout(500);
  await staff.screenshot({ path: '/tmp/shot-points.png', fullPage: true });
  const member = await login('member@demo.test', { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
  await member.goto(`${app.url}/credit/mine`);
  await member.waitForTimeout(1200);
  await member.screenshot({ path: '/tmp/shot-credit-mine.png', fullPage: true });
  await member.goto(`${app.url}/points`);
  await member.screenshot({ path: '/tmp/shot-points-member.png', fullPage: true });
});
