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

async function login(who: string, email: string, viewport = { width: 1280, height: 860 }, password = 'demo12345') {
  const ctx = await browser.context({ viewport });
  const page = ctx.pages()[0];
  page.setDefaultTimeout(WAIT);
  await page.goto(`${app.url}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
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
    // A draft can still be changed; the form comes back with what was saved.
    await page.click('[data-testid=call-edit]');
    expect(await page.inputValue('[data-testid=call-deadline]')).toBe('2099-12-31T17:00:30');
    await page.fill('[data-testid=call-title]', `${CALL}（修订）`);
    await page.click('[data-testid=call-save]');
    await page.waitForSelector(`[data-testid=call-heading]:has-text("（修订）")`);
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

/** The JSON API from Node with one person's session, for setting the scene quickly. */
class Api {
  cookie = '';
  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${app.url}/api/v1${path}`, { method, headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN', ...(this.cookie ? { cookie: this.cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('xh_session='));
    if (set) this.cookie = set.split(';')[0];
    const json = res.status === 204 ? null : await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  }
  static async login(email: string, password = 'demo12345') {
    const api = new Api();
    await api.call('POST', '/auth/login', { email, password });
    return api;
  }
}

describe('live review panel (专家评审会)', () => {
  test('three reviewers score live, the reveal appears at once on all of them, and they co-edit the opinion', async () => {
    reportFailures('reviews-panel');
    const office = await Api.login('secretariat@demo.test');
    const admin = await Api.login('admin@demo.test');
    const applicant = await Api.login('member@demo.test');
    // Two more expert accounts, invited by e-mail.
    const reviewers: { email: string; name: string; expertId: string }[] = [];
    for (const [email, name, employer] of [['zhou@uni.test', '周评审', '甲大学'], ['wu@uni.test', '吴评审', '乙大学']]) {
      await admin.call('POST', '/invitations', { email, role: 'expert' });
      const token = /token=([\w-]+)/.exec(await app.mailTo(email))![1];
      const guest = new Api();
      await guest.call('POST', '/invitations/accept', { token, name, password: 'welcome-123' });
      const p = await guest.call('PUT', '/experts/me', { name, fieldTags: ['新能源/储能'], employer });
      reviewers.push({ email, name, expertId: p.id });
    }
    const chair = await Api.login('expert@demo.test');
    const chairId = (await chair.call('GET', '/experts/me')).profile.id;
    const call = await office.call('POST', '/calls', { title: '评审会演示', commissioner: 'government', fieldTags: ['新能源'], deadline: '2099-01-01T00:00:00', rubric: [{ key: 'overall', label: '综合评价', weight: 1, min: 0, max: 100 }] });
    await office.call('POST', `/calls/${call.id}/publish`);
    const application = await applicant.call('POST', `/calls/${call.id}/applications`, { title: '百兆瓦时储能电站', organization: '某储能公司', creditCode: '91320000MA1X2Y3K4W' });
    await applicant.call('POST', `/applications/${application.id}/submit`);
    const panel = await office.call('POST', `/calls/${call.id}/panels`, { name: '储能项目评审会', chairExpertId: chairId, memberExpertIds: reviewers.map((r) => r.expertId), applicationIds: [application.id] });

    const browsers = [
      { page: await login('chair', 'expert@demo.test'), score: '82' },
      { page: await login('zhou', 'zhou@uni.test', { width: 390, height: 844 }, 'welcome-123'), score: '88' },
      { page: await login('wu', 'wu@uni.test', { width: 1024, height: 800 }, 'welcome-123'), score: '79' },
    ];
    for (const b of browsers) {
      await b.page.goto(`${app.url}/reviews/panels/${panel.id}`);
      await b.page.waitForSelector('[data-testid=panel-live]:has-text("实时")');
      await b.page.click('[data-testid=panel-checkin]');
      await b.page.waitForSelector('[data-testid=panel-score-overall]');
    }
    // Everyone sees how many have scored, never what.
    for (const [i, b] of browsers.entries()) {
      await b.page.fill('[data-testid=panel-score-overall]', b.score);
      await b.page.click('[data-testid=panel-score-submit]');
      if (i < browsers.length - 1) {
        for (const other of browsers) await other.page.waitForSelector(`[data-testid=panel-sealed]:has-text("${i + 1} / 3")`);
        for (const other of browsers) expect(await other.page.locator('[data-testid=panel-revealed]').count()).toBe(0);
      }
    }
    // The reveal arrives on all three together.
    const seenAt = await Promise.all(browsers.map(async (b) => {
      await b.page.waitForSelector('[data-testid=panel-revealed]');
      return Date.now();
    }));
    expect(Math.max(...seenAt) - Math.min(...seenAt)).toBeLessThan(2000);
    for (const b of browsers) expect(await b.page.innerText('[data-testid=panel-mean]')).toBe('83');
    await browsers[1].page.screenshot({ path: join(shots, 'reviews-panel-phone.png'), fullPage: true });

    // The consensus opinion, written together.
    const editors = browsers.map((b) => b.page.locator('[data-testid=note-editor]'));
    for (const b of browsers) await b.page.waitForSelector('.collab-editor[data-scope=read-write]');
    await editors[0].click();
    await browsers[0].page.keyboard.type('专家组一致认为：技术路线可行。');
    // The third reviewer sees it arrive, then writes on after it.
    await browsers[2].page.waitForFunction(() => document.querySelector('[data-testid=note-editor]')?.textContent?.includes('技术路线可行') ?? false);
    await editors[2].click();
    await browsers[2].page.keyboard.press('Control+End');
    await editors[2].pressSequentially('建议立项。');
    for (const b of browsers) {
      await b.page.waitForFunction(() => {
        const text = document.querySelector('[data-testid=note-editor]')?.textContent ?? '';
        return text.includes('技术路线可行') && text.includes('建议立项');
      });
    }
    await browsers[0].page.screenshot({ path: join(shots, 'reviews-panel.png'), fullPage: true });

    // The chair locks: final on every screen, the opinion read-only.
    await browsers[0].page.click('[data-testid=panel-lock]');
    for (const b of browsers) await b.page.waitForSelector('[data-testid=panel-locked]');
    for (const b of browsers) await b.page.waitForSelector('.collab-editor[data-scope=readonly]');

    // Decision and publication: the secretariat approves, publishes the 公示 and the public reads it.
    const desk = await login('office', 'secretariat@demo.test');
    await desk.goto(`${app.url}/reviews/${call.id}`);
    await desk.click('[data-testid=approve]');
    await desk.waitForSelector('[data-testid=notice-publish]');
    const pdf = await desk.request.get(`${app.url}/api/v1/calls/${call.id}/notice?format=pdf`);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await desk.click('[data-testid=notice-publish]');
    await desk.waitForSelector('[data-testid=notice-published]');
    const anon = (await browser.context()).pages()[0];
    pages.public = anon;
    await anon.goto(`${app.url}/portal/demo/notices`);
    expect(await anon.innerText('[data-testid=portal-notice]')).toContain('百兆瓦时储能电站');
    await anon.screenshot({ path: join(shots, 'reviews-portal-notice.png'), fullPage: true });
    // The consensus the panel wrote stays in the project archive.
    await desk.goto(`${app.url}/reviews/applications/${application.id}/archive`);
    expect(await desk.innerText('[data-testid=archive-consensus]')).toContain('建议立项');
  });
});
