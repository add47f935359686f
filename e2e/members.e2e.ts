// Membership application end to end: a company applies in one browser; three departments sign
// in other browsers, and the applicant's open page follows each step without reloading.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { creditCodeCheckChar } from '#schema/members/credit-code.ts';
import { launch, type Browser } from './browser.ts';
import { repoRoot, startApp, type AppProcess } from './server.ts';

const WAIT = 20_000;
const shots = join(repoRoot, 'test-results', 'members');
let app: AppProcess;
let browser: Browser;
const pages: Record<string, Page> = {};

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  app = await startApp();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

function reportFailures(name: string) {
  onTestFailed(async () => {
    console.error(`--- app log (last lines) ---\n${app.log()}`);
    for (const [who, page] of Object.entries(pages)) await page.screenshot({ path: join(shots, `fail-${name}-${who}.png`), fullPage: true }).catch(() => {});
  });
}

async function personAt(who: string, email: string, viewport?: { width: number; height: number }) {
  const ctx = await browser.context(viewport ? { viewport } : {});
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(WAIT);
  await page.goto(`${app.url}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'demo12345');
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  pages[who] = page;
  return page;
}

const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${name}`) });

async function sign(page: Page, id: string, comment: string) {
  await page.goto(`${app.url}/members/applications/${id}`);
  await page.fill('[data-testid=sign-comment]', comment);
  await page.click('[data-testid=sign-approve]');
  await page.waitForSelector('[data-testid=sign-comment]', { state: 'detached' });
}

describe('membership application', () => {
  test('a company applies; three departments approve in other browsers while its page updates live', async () => {
    reportFailures('apply');
    // The applicant on a phone.
    const applicant = await personAt('applicant', 'member@demo.test', { width: 390, height: 844 });
    await applicant.goto(`${app.url}/members/apply`);
    await applicant.click('[data-testid=apply-new]');
    await applicant.waitForURL(/\/members\/apply\/[0-9a-f-]{36}$/);
    const id = applicant.url().split('/').pop()!;

    // Saved with only a name: the page lists exactly what is still missing.
    await applicant.fill('[data-testid=a-name]', '杭州云网科技有限公司');
    await applicant.click('[data-testid=a-save]');
    await expect.poll(() => applicant.locator('[data-testid=app-missing] li').allInnerTexts()).toEqual([
      '请填写统一社会信用代码',
      '请选择申请的会员等级',
      '请填写联系人姓名',
      '请填写联系电话',
      '请填写联系人电子邮箱',
      '请上传营业执照扫描件',
      '请至少添加一项资质证书',
    ]);
    await applicant.screenshot({ path: join(shots, 'apply-missing-phone.png'), fullPage: true });

    // Completed, with the business licence and a certificate uploaded, and submitted.
    const code = '91330106MA2KX0071';
    await applicant.fill('[data-testid=a-code]', code + creditCodeCheckChar(code));
    const level = await applicant.locator('[data-testid=a-level] option', { hasText: /^会员单位（/ }).getAttribute('value');
    await applicant.selectOption('[data-testid=a-level]', level!);
    await applicant.fill('[data-testid=a-contact]', '赵敏');
    await applicant.fill('[data-testid=a-phone]', '13600000000');
    await applicant.fill('[data-testid=a-email]', 'zhaomin@example.test');
    await applicant.setInputFiles('[data-testid=a-licence]', pdf('营业执照.pdf'));
    const row = applicant.locator('[data-testid=cert-row]').first();
    await row.locator('input[name=certName]').fill('信息系统建设和服务能力等级证书');
    await row.locator('input[name=certExpires]').fill('2099-05-31');
    await row.locator('input[name=certFile]').setInputFiles(pdf('资质证书.pdf'));
    await applicant.click('[data-testid=a-submit]');
    await expect.poll(() => applicant.getAttribute('[data-testid=app-status]', 'data-status')).toBe('in_review');
    await expect.poll(() => applicant.innerText('[data-testid=app-step]')).toContain('会员服务部初审');

    // Each department signs in its own browser; the applicant's page (never reloaded) follows.
    const steps = [
      { who: 'secretariat', email: 'secretariat@demo.test', comment: '材料齐全，同意', next: '合规审核' },
      { who: 'compliance', email: 'compliance@demo.test', comment: '无违规记录', next: '秘书长审批' },
    ];
    const before = await applicant.evaluate(() => performance.getEntriesByType('navigation').length + ':' + location.href);
    for (const s of steps) {
      const page = await personAt(s.who, s.email);
      await sign(page, id, s.comment);
      await expect.poll(() => applicant.innerText('[data-testid=app-step]')).toContain(s.next);
    }
    const admin = await personAt('admin', 'admin@demo.test');
    await admin.goto(`${app.url}/members/applications/${id}`);
    await admin.screenshot({ path: join(shots, 'review-desktop.png'), fullPage: true });
    await sign(admin, id, '同意入会');
    await expect.poll(() => applicant.getAttribute('[data-testid=app-status]', 'data-status')).toBe('approved');
    expect(await applicant.evaluate(() => performance.getEntriesByType('navigation').length + ':' + location.href)).toBe(before);
    await expect.poll(() => applicant.locator('[data-testid=timeline] .sig').count()).toBe(3);
    await applicant.screenshot({ path: join(shots, 'apply-approved-phone.png'), fullPage: true });

    // The secretariat finds the new member in the list, and the time per step is shown.
    const secretariat = pages.secretariat;
    await secretariat.goto(`${app.url}/members?q=${encodeURIComponent('云网')}`);
    await expect.poll(() => secretariat.locator('[data-testid=members-table] tbody tr').allInnerTexts()).toEqual([expect.stringContaining('杭州云网科技有限公司')]);
    await secretariat.screenshot({ path: join(shots, 'members-list.png'), fullPage: true });
    await secretariat.goto(`${app.url}/members/applications`);
    expect(await secretariat.innerText('[data-testid=step-times]')).toContain('已签 1 次');
    await secretariat.screenshot({ path: join(shots, 'applications.png'), fullPage: true });
  });

  test('anyone applies on the public portal from a phone, without an account, and follows the status', async () => {
    reportFailures('portal');
    const ctx = await browser.context({ viewport: { width: 390, height: 844 } });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.setDefaultTimeout(WAIT);
    pages.portal = page;
    await page.goto(`${app.url}/portal/demo`);
    await page.click('a[href="/portal/demo/join"]');
    await page.fill('#j-name', '温州电气有限公司');
    await page.click('button[type=submit]');
    await expect.poll(() => page.innerText('[data-testid=join-problem]')).toContain('请上传营业执照扫描件');
    // What was typed is kept.
    expect(await page.inputValue('#j-name')).toBe('温州电气有限公司');
    const code = '91330300MA2J00601';
    await page.fill('#j-code', code + creditCodeCheckChar(code));
    const level = await page.locator('#j-level option', { hasText: /^会员单位（/ }).getAttribute('value');
    await page.selectOption('#j-level', level!);
    await page.fill('#j-contact', '周立');
    await page.fill('#j-phone', '13300000000');
    await page.fill('#j-email', 'zhouli@example.test');
    await page.setInputFiles('#j-licence', pdf('营业执照.pdf'));
    await page.fill('#j-cert', '3C 认证证书');
    await page.fill('#j-certexp', '2099-12-31');
    await page.setInputFiles('#j-certfile', pdf('3C.pdf'));
    await page.click('button[type=submit]');
    await page.waitForURL(/\/portal\/demo\/join\/[0-9a-f-]{36}\?token=/);
    expect(await page.getAttribute('[data-testid=public-status]', 'class')).toContain('badge-warn');
    expect(await page.innerText('[data-testid=public-status]')).toBe('审核中');
    await page.screenshot({ path: join(shots, 'portal-status-phone.png'), fullPage: true });
  });
});
