// Project calls and the expert draw through the browser: the secretariat publishes a call, a member
// applies with a material the automatic check first refuses, the secretariat draws experts and the
// verify page reruns the draw; the drawn expert answers on a phone.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { launch, type Browser } from './browser.ts';
import { repoRoot, startApp, type AppProcess } from './server.ts';

const WAIT = 20_000;
let app: AppProcess;
let browser: Browser;
const pages: Record<string, Page> = {};
const shots = join(repoRoot, 'test-results', 'e2e');

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

function reportFailures(name: string) {
  onTestFailed(async () => {
    console.error(`--- app log (last lines) ---\n${app.log()}`);
    for (const [who, page] of Object.entries(pages)) await page.screenshot({ path: join(shots, `${name}-${who}.png`), fullPage: true }).catch(() => {});
  });
}

async function login(who: string, email: string, viewport = { width: 1280, height: 860 }) {
  const ctx = await browser.context({ viewport });
  const page = ctx.pages()[0];
  page.setDefaultTimeout(WAIT);
  await page.goto(`${app.url}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'demo12345');
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  pages[who] = page;
  return page;
}

const CALL = '2027 年度储能技术攻关项目';

describe('project calls and the expert draw', () => {
  let callUrl = '';

  test('the secretariat publishes a call with its deadline in the association’s time zone', async () => {
    reportFailures('reviews-call');
    const page = await login('secretariat', 'secretariat@demo.test');
    await page.goto(`${app.url}/reviews/new`);
    await page.fill('[data-testid=call-title]', CALL);
    await page.fill('[data-testid=call-deadline]', '2099-12-31T17:00:30');
    await page.fill('[data-testid=call-tags]', '新能源/储能\n新能源/光伏');
    // Every expert of these fields is drawn below, so the demo expert is among them.
    await page.uncheck('input[name=onePerEmployer]');
    await page.click('[data-testid=call-save]');
    await page.waitForURL(/\/reviews\/[0-9a-f-]{36}$/);
    callUrl = page.url();
    expect(await page.innerText('[data-testid=call-deadline-local]')).toBe('2099-12-31 17:00:30');
    await page.click('[data-testid=call-publish]');
    await page.waitForSelector('[data-testid=call-publish]', { state: 'detached' });
    await page.screenshot({ path: join(shots, 'reviews-call.png'), fullPage: true });
  });

  test('a member applies; the material check refuses a renamed Word file, then accepts the PDF', async () => {
    reportFailures('reviews-apply');
    const page = await login('member', 'member@demo.test', { width: 390, height: 844 });
    await page.goto(callUrl);
    await page.fill('[data-testid=apply-title]', '兆瓦级储能电站示范');
    await page.fill('[data-testid=apply-org]', '某储能科技有限公司');
    await page.fill('[data-testid=apply-code]', '91320000MA1X2Y3K4W');
    await page.click('[data-testid=apply-start]');
    await page.waitForURL(/\/reviews\/applications\/[0-9a-f-]{36}$/);
    await page.fill('[data-testid=answer-f1]', '500');
    await page.click('[data-testid=application-save]');
    await page.waitForLoadState('networkidle');
    const word = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml')]);
    await page.setInputFiles('[data-testid=upload-m1]', { name: '申报书.pdf', mimeType: 'application/pdf', buffer: word });
    await page.click('[data-testid=upload-m1] + button');
    await page.waitForFunction(() => document.querySelector('[data-testid=material-check]')?.textContent?.includes('格式不符'));
    await page.click('[data-testid=application-submit]');
    await page.waitForSelector('[data-testid=application-error]');
    expect(await page.innerText('[data-testid=application-status]')).toBe('草稿');
    await page.setInputFiles('[data-testid=upload-m1]', { name: '申报书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF') });
    await page.click('[data-testid=upload-m1] + button');
    await page.waitForFunction(() => document.querySelector('[data-testid=material-check]')?.textContent?.includes('材料齐全'));
    await page.click('[data-testid=application-submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=application-status]')?.textContent === '已提交');
    await page.screenshot({ path: join(shots, 'reviews-application-phone.png'), fullPage: true });
  });

  test('the secretariat draws experts and the verify page reruns the draw', async () => {
    reportFailures('reviews-draw');
    const page = pages.secretariat;
    await page.goto(callUrl);
    await page.fill('[data-testid=draw-n]', '4');
    await page.click('[data-testid=draw-submit]');
    await page.waitForSelector('[data-testid=draw-log] a');
    await page.screenshot({ path: join(shots, 'reviews-drawn.png'), fullPage: true });
    await page.click('[data-testid=draw-log] a');
    await page.waitForURL(/\/reviews\/draws\//);
    expect(await page.innerText('[data-testid=draw-verified]')).toContain('复核一致');
    await page.screenshot({ path: join(shots, 'reviews-verify.png'), fullPage: true });
  });

  test('the drawn expert accepts and scores on a phone; the secretariat sees the progress', async () => {
    reportFailures('reviews-score');
    const page = await login('expert', 'expert@demo.test', { width: 390, height: 844 });
    await page.goto(`${app.url}/reviews/assignments`);
    await page.click('[data-testid=assignment-accept]');
    await page.click('[data-testid=assignment-open]');
    await page.waitForURL(/\/reviews\/assignments\/[0-9a-f-]{36}$/);
    await page.waitForSelector('[data-testid=peers-hidden]');
    await page.fill('[data-testid=score-r1]', '11');
    await page.fill('[data-testid=score-r2]', '8');
    await page.fill('[data-testid=score-r3]', '7');
    await page.fill('[data-testid=score-opinion]', '技术路线清晰，示范意义明显。');
    await page.click('[data-testid=score-submit]');
    await page.waitForSelector('.field-error');
    expect(await page.inputValue('[data-testid=score-opinion]')).toBe('技术路线清晰，示范意义明显。');
    await page.fill('[data-testid=score-r1]', '9');
    await page.click('[data-testid=score-submit]');
    await page.waitForSelector('[data-testid=score-total]');
    // 0.3·90 + 0.4·80 + 0.3·70
    expect(await page.innerText('[data-testid=score-total]')).toBe('80');
    await page.waitForSelector('[data-testid=peers-hidden]', { state: 'detached' });
    await page.screenshot({ path: join(shots, 'reviews-score-phone.png'), fullPage: true });

    const office = pages.secretariat;
    await office.goto(callUrl);
    expect(await office.innerText('[data-testid=call-results]')).toContain('已评 1 / 4');
    await office.screenshot({ path: join(shots, 'reviews-results.png'), fullPage: true });
  });
});
