// End to end: the built app in a child process (fresh embedded database, demo data) and Debian's
// Chromium through playwright-core. Each browser context is a separate person on a separate computer.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { BrowserContext, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import * as Y from 'yjs';
import { launch, type Browser } from './browser.ts';
import { repoRoot, startApp, type AppProcess } from './server.ts';

const PASSWORD = 'demo12345';
const DEMO_NOTE = '2027 年度工作计划（草稿）';
const WAIT = 20_000;

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

/** On failure: the app's last log lines and a screenshot of every open page (under test-results/). */
function reportFailures(name: string) {
  onTestFailed(async () => {
    console.error(`--- app log (last lines) ---\n${app.log()}`);
    const dir = join(repoRoot, 'test-results', 'e2e');
    mkdirSync(dir, { recursive: true });
    for (const [who, page] of Object.entries(pages)) {
      await page.screenshot({ path: join(dir, `${name}-${who}.png`), fullPage: true }).catch(() => {});
    }
  });
}

async function newPage(options: Parameters<Browser['context']>[0] = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.context(options);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(WAIT);
  return { ctx, page };
}

async function login(page: Page, email: string) {
  await page.goto(`${app.url}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.waitForSelector('[data-testid=welcome]');
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

/** Waits until the note editor's text contains `value`. */
async function editorContains(page: Page, value: string) {
  await page.waitForFunction((v) => document.querySelector('[data-testid=note-editor]')?.textContent?.includes(v) ?? false, value, { timeout: WAIT });
}

async function openDemoNote(page: Page): Promise<string> {
  await page.goto(`${app.url}/notes`);
  await page.click(`[data-testid=notes-list] a:has-text("${DEMO_NOTE}")`);
  await page.waitForURL(/\/notes\/[0-9a-f-]{36}$/);
  await page.waitForSelector('[data-testid=sync-status][data-state=saved]');
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** Opens a collab connection from Node with a browser's session cookie, as a script could. */
async function collabVerdict(ctx: BrowserContext, documentName: string): Promise<string> {
  const cookie = (await ctx.cookies(app.url)).find((c) => c.name === 'xh_session');
  if (!cookie) throw new Error('no session cookie in this browser context');
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      // Node's WebSocket (undici) accepts request headers in its init object.
      super(url, { protocols, headers: { cookie: `xh_session=${cookie!.value}` } } as unknown as string[]);
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url: `${app.url.replace('http', 'ws')}/collab`, WebSocketPolyfill: CookieWebSocket, maxAttempts: 1 });
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the collab server did not answer')), WAIT);
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: documentName,
        document: new Y.Doc(),
        token: 'cookie',
        onAuthenticated: ({ scope }) => {
          clearTimeout(timer);
          resolve(`authenticated:${scope}`);
          provider.destroy();
        },
        onAuthenticationFailed: ({ reason }) => {
          clearTimeout(timer);
          resolve(`refused:${reason}`);
          provider.destroy();
        },
      });
      provider.attach();
    });
  } finally {
    socket.destroy();
  }
}

describe('the web app', () => {
  test('logs in as a demo user (a wrong password is refused and the e-mail is kept)', async () => {
    reportFailures('login');
    const { page } = await newPage();
    pages.admin = page;
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/login/);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

    await page.fill('input[name=email]', 'admin@demo.test');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=form-error]');
    expect(await text(page, '[data-testid=form-error]')).toContain('邮箱或密码不正确');
    expect(await page.inputValue('input[name=email]')).toBe('admin@demo.test');

    await page.fill('input[name=password]', PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=welcome]');
    expect(await text(page, '[data-testid=welcome]')).toBe('欢迎，王建国（秘书长）');
    expect(await text(page, '[data-testid=my-role]')).toBe('管理员（秘书长）');
    // Navigation follows the permission table: an admin sees the admin pages.
    for (const item of ['home', 'notes', 'admin-users', 'admin-audit', 'admin-settings']) await page.waitForSelector(`[data-testid=nav-${item}]`);
  });

  test('switches the language, saved for the user and rendered on the server', async () => {
    reportFailures('language');
    const page = pages.admin;
    await page.click('[data-testid=locale-en]:visible');
    await page.waitForSelector('html[lang=en]');
    await page.waitForFunction(() => document.querySelector('[data-testid=welcome]')?.textContent?.startsWith('Welcome'));
    expect(await text(page, '[data-testid=nav-home]')).toBe('Workspace');
    expect(await text(page, '[data-testid=my-role]')).toBe('Administrator (Secretary-General)');

    // Saved with PATCH /me: the server renders English from now on.
    const html = await (await page.request.get(`${app.url}/`)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Welcome, 王建国（秘书长）');

    // Before login the choice lives in a cookie, and the server renders it too.
    const { page: anon } = await newPage();
    await anon.goto(`${app.url}/login`);
    expect(await text(anon, 'h1')).toBe('登录');
    await anon.click('[data-testid=locale-en]:visible');
    await anon.waitForSelector('html[lang=en]');
    await anon.waitForFunction(() => document.querySelector('h1')?.textContent === 'Log in');
    await anon.reload();
    expect(await text(anon, 'h1')).toBe('Log in');
    await anon.context().close();
  });

  test('shows a colleague coming online and their changes live, without reload', async () => {
    reportFailures('presence');
    const admin = pages.admin;
    await admin.goto(`${app.url}/`);
    await admin.waitForSelector('[data-testid=live-status][data-status=live]');
    await admin.waitForSelector('[data-testid=online-list] >> text=王建国（秘书长）');
    expect(await admin.locator('[data-testid=online-list] >> text=李敏（会员服务部）').count()).toBe(0);

    const { page: sec } = await newPage();
    pages.secretariat = sec;
    await login(sec, 'secretariat@demo.test');
    // The admin's dashboard learns it over Socket.IO (presence:update).
    await admin.waitForSelector('[data-testid=online-list] >> text=李敏（会员服务部）');

    // A domain event: the secretariat creates a note; the admin's live feed shows it.
    const title = `E2E 会议纪要 ${Date.now()}`;
    await sec.goto(`${app.url}/notes`);
    await sec.fill('[data-testid=new-note-title]', title);
    await sec.click('form[action="?/create"] button[type=submit]');
    await sec.waitForURL(/\/notes\/[0-9a-f-]{36}$/);
    await admin.waitForSelector(`[data-testid=feed] >> text=${title}`);
  });

  test('co-edits the demo note in two browsers, each seeing the other type live', async () => {
    reportFailures('coedit');
    const admin = pages.admin;
    const sec = pages.secretariat;
    await openDemoNote(admin);
    await openDemoNote(sec);
    await admin.waitForSelector('[data-testid=note-editor][contenteditable=true]');
    await sec.waitForSelector('[data-testid=note-editor][contenteditable=true]');

    // Each sees the other in the document's presence list (awareness).
    const secId = await sec.evaluate(async () => (await (await fetch('/api/v1/auth/session')).json()).user.id as string);
    await admin.waitForSelector(`[data-testid=doc-presence] [data-user-id="${secId}"]`);

    const alpha = `Alpha 管理员写的第一段 ${Date.now()}`;
    await admin.click('[data-testid=note-editor]');
    await admin.keyboard.press('Control+End');
    await admin.keyboard.press('Enter');
    await admin.keyboard.type(alpha);
    await editorContains(sec, alpha);

    const beta = `Beta 秘书处补充 ${Date.now()}`;
    await sec.click('[data-testid=note-editor]');
    await sec.keyboard.press('Control+End');
    await sec.keyboard.press('Enter');
    await sec.keyboard.type(beta);
    await editorContains(admin, beta);

    // "Saved" only once the server has acknowledged everything; then it survives a reload.
    await admin.waitForSelector('[data-testid=sync-status][data-state=saved]');
    await sec.waitForSelector('[data-testid=sync-status][data-state=saved]');
    await admin.reload();
    await admin.waitForSelector('[data-testid=sync-status][data-state=saved]');
    await editorContains(admin, alpha);
    await editorContains(admin, beta);
  });

  test('a role with note.read only gets a read-only editor', async () => {
    reportFailures('readonly');
    const { page } = await newPage();
    pages.finance = page;
    await login(page, 'finance@demo.test');
    await openDemoNote(page);
    await page.waitForSelector('[data-testid=read-only]');
    expect(await page.getAttribute('[data-testid=note-editor]', 'contenteditable')).toBe('false');
    await page.context().close();
    delete pages.finance;
  });

  test('a user without note access is refused by the collab server, not only hidden', async () => {
    reportFailures('refused');
    const { ctx, page } = await newPage();
    pages.member = page;
    await login(page, 'member@demo.test');
    // Hidden in the UI: no notes in the navigation, and the page itself is forbidden.
    expect(await page.locator('[data-testid=nav-notes]').count()).toBe(0);
    const noteId = await openDemoNote(pages.admin);
    await page.goto(`${app.url}/notes/${noteId}`);
    await page.waitForSelector('[data-testid=error-page][data-status="403"]');

    // Refused by the collab server itself, with the member's own session.
    expect(await collabVerdict(ctx, `note:${noteId}`)).toBe('refused:forbidden');
    // The same path with a permitted session is accepted (so the refusal above is not an accident).
    expect(await collabVerdict(pages.admin.context(), `note:${noteId}`)).toBe('authenticated:read-write');
    await ctx.close();
    delete pages.member;
  });

  test('the login form works without JavaScript (a SvelteKit form action)', async () => {
    reportFailures('nojs');
    const { ctx, page } = await newPage({ javaScriptEnabled: false });
    pages.nojs = page;
    await page.goto(`${app.url}/login`);
    await page.fill('input[name=email]', 'council@demo.test');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=form-error]');
    expect(await page.inputValue('input[name=email]')).toBe('council@demo.test');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${app.url}/`), page.click('[data-testid=login-submit]')]);
    expect(await text(page, '[data-testid=welcome]')).toBe('欢迎，黄志明（理事长）');
    await ctx.close();
    delete pages.nojs;
  });

  test('switches to another association the user belongs to', async () => {
    reportFailures('tenant');
    const { ctx, page } = await newPage();
    pages.expert = page;
    await login(page, 'expert@demo.test');
    await page.waitForSelector('[data-testid=live-status][data-status=live]');
    await page.selectOption('[data-testid=tenant-switcher]:visible', 'demo2');
    await page.waitForFunction(() => document.querySelector('.tenant-name')?.textContent === '华东示范学会');
    // The live connection follows: colleagues of demo2 only (the expert is alone there).
    await page.waitForSelector('[data-testid=live-status][data-status=live]');
    await page.waitForFunction(() => {
      const names = [...document.querySelectorAll('[data-testid=online-list] .name')].map((n) => n.textContent ?? '');
      return names.length === 1 && names[0].startsWith('林海');
    });
    await ctx.close();
    delete pages.expert;
  });

  test('a role change applies live (session:revoked), and logging out leaves the presence list', async () => {
    reportFailures('revoked');
    const admin = pages.admin;
    const sec = pages.secretariat;
    await sec.goto(`${app.url}/`);
    await sec.waitForSelector('[data-testid=live-status][data-status=live]');
    await sec.waitForSelector('[data-testid=nav-admin-users]');

    await admin.goto(`${app.url}/admin/users?q=secretariat`);
    const row = admin.locator('tr[data-email="secretariat@demo.test"]');
    await row.locator('select[name=role]').selectOption('expert');
    await row.locator('form[action^="?/role"] button').click();
    await admin.waitForSelector('[data-testid=users-done]');

    // Without a reload, the secretariat's page shows the new role and loses the pages it no longer may see.
    await sec.waitForFunction(() => document.querySelector('[data-testid=my-role]')?.textContent === '专家');
    await sec.waitForSelector('[data-testid=nav-admin-users]', { state: 'detached' });
    await sec.waitForSelector('[data-testid=live-status][data-status=live]');
    // …and a notification saying so, counted on the bell and listed on the notifications page.
    await sec.waitForSelector('[data-testid=bell-count]');
    await sec.click('[data-testid=bell]');
    await sec.waitForSelector('[data-testid=notification-list] >> text=您的角色已变更');
    await sec.click('[data-testid=read-all]');
    await sec.waitForSelector('[data-testid=bell-count]', { state: 'detached' });

    await admin.goto(`${app.url}/`);
    await admin.waitForSelector('[data-testid=online-list] >> text=李敏（会员服务部）');
    await sec.click('[data-testid=logout]');
    await sec.waitForURL(/\/login/);
    await admin.waitForSelector('[data-testid=online-list] >> text=李敏（会员服务部）', { state: 'detached' });
  });

  test('an invited person accepts the invitation and lands in the association', async () => {
    reportFailures('invite');
    const admin = pages.admin;
    await admin.goto(`${app.url}/admin/users`);
    await admin.fill('[data-testid=invite-email]', 'new.expert@demo.test');
    await admin.selectOption('[data-testid=invite-role]', 'expert');
    await admin.click('[data-testid=invite-submit]');
    await admin.waitForSelector('[data-testid=users-done]');
    await admin.waitForSelector('[data-testid=invitations-table] >> text=new.expert@demo.test');

    const link = /https?:\/\/\S+\/invite\?token=\S+/.exec(await app.mailTo('new.expert@demo.test'))?.[0];
    expect(link).toBeTruthy();
    const { ctx, page } = await newPage();
    pages.invitee = page;
    await page.goto(link!);
    await page.fill('input[name=name]', '周新（特邀专家）');
    await page.fill('input[name=password]', 'short');
    await page.click('[data-testid=invite-accept]');
    await page.waitForSelector('[data-testid=error-password]');
    expect(await page.inputValue('input[name=name]')).toBe('周新（特邀专家）');
    await page.fill('input[name=password]', 'a-good-password');
    await page.click('[data-testid=invite-accept]');
    await page.waitForSelector('[data-testid=welcome]');
    expect(await text(page, '[data-testid=welcome]')).toBe('欢迎，周新（特邀专家）');
    expect(await text(page, '[data-testid=my-role]')).toBe('专家');
    await ctx.close();
    delete pages.invitee;
  });

  test('a forgotten password is reset through the e-mailed link', async () => {
    reportFailures('reset');
    const { ctx, page } = await newPage();
    pages.reset = page;
    await page.goto(`${app.url}/login`);
    await page.click('a[href="/reset-password"]');
    // Both pages have an e-mail field: fill the reset page's, not the login page's on its way out.
    await page.waitForSelector('[data-testid=reset-request]');
    await page.fill('input[name=email]', 'party@demo.test');
    await page.click('[data-testid=reset-request]');
    await page.waitForSelector('[data-testid=reset-sent]');
    const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(await app.mailTo('party@demo.test'))?.[0];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await page.fill('input[name=password]', 'new-party-password');
    await page.click('[data-testid=reset-confirm]');
    await page.waitForSelector('[data-testid=reset-done]');
    await page.goto(`${app.url}/login`);
    await page.fill('input[name=email]', 'party@demo.test');
    await page.fill('input[name=password]', 'new-party-password');
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=welcome]');
    await ctx.close();
    delete pages.reset;
  });

  test('the leadership dashboard counts a new login live, without reload', async () => {
    reportFailures('dashboard');
    const { ctx, page } = await newPage();
    await login(page, 'council@demo.test');
    await page.click('[data-testid=nav-dashboard]');
    await page.waitForSelector('[data-widget=activeMembers] [data-testid=active-members]');
    const before = Number(await text(page, '[data-testid=active-members]'));
    const other = await newPage();
    await login(other.page, 'compliance@demo.test');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=active-members]')?.textContent) === n + 1, before);
    await other.ctx.close();
    await ctx.close();
  });

  test('the public portal shows the introduction the admin wrote, in the reader\'s language', async () => {
    const admin = pages.admin;
    await admin.goto(`${app.url}/admin/settings`);
    await admin.fill('#about-zh-CN', '本会是全国性行业协会。');
    await admin.fill('#about-en', 'A national industry association.');
    await admin.click('[data-testid=portal-save]');
    await admin.waitForSelector('[data-testid=portal-saved]');

    // A visitor, not logged in, reading in Japanese: Japanese menus, the English text as fallback.
    const { ctx, page } = await newPage({ locale: 'ja-JP' });
    await page.goto(`${app.url}/portal/demo`);
    await page.waitForSelector('text=A national industry association.');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.locator('nav >> text=ホーム').count()).toBe(1);
    await page.selectOption('[data-testid=portal-lang]', 'zh-CN');
    await page.waitForSelector('text=本会是全国性行业协会。');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await ctx.close();
  });

  test('the audit log filters, loads more and shows what changed', async () => {
    reportFailures('audit');
    const admin = pages.admin;
    await admin.goto(`${app.url}/`);
    // Enough changes for more than one page (30 entries), made through the API as an integration would.
    const api = admin.request;
    let renamed = '';
    for (let i = 1; i <= 31; i++) {
      const res = await api.post(`${app.url}/api/v1/notes`, { data: { title: `审计测试笔记 ${i}` } });
      expect(res.status()).toBe(201);
      if (i === 1) renamed = ((await res.json()) as { id: string }).id;
    }
    expect((await api.patch(`${app.url}/api/v1/notes/${renamed}`, { data: { title: '审计测试笔记（改名后）' } })).status()).toBe(200);

    await admin.goto(`${app.url}/admin/audit?entity=Note`);
    await admin.waitForSelector('[data-testid=audit-list] > li');
    const first = await admin.locator('[data-testid=audit-list] > li').count();
    expect(first).toBe(30);
    const url = admin.url();
    await admin.click('[data-testid=audit-more]');
    await admin.waitForFunction((n) => document.querySelectorAll('[data-testid=audit-list] > li').length > n, first);
    expect(admin.url()).toBe(url);

    // The rename, with the title before and after.
    await admin.selectOption('[data-testid=audit-action]', 'update');
    await admin.click('[data-testid=audit-filter]');
    await admin.waitForURL(/action=update/);
    const entry = admin.locator('[data-testid=audit-list] > li').first();
    await entry.locator('[data-testid=audit-diff]').waitFor();
    expect(await entry.locator('del').first().innerText()).toBe('审计测试笔记 1');
    expect(await entry.locator('ins').first().innerText()).toBe('审计测试笔记（改名后）');

    // The filtered list downloads as a spreadsheet holding just that rename.
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.click('[data-testid=export-xlsx]')]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const cells: string[] = [];
    book.worksheets[0].eachRow((row) => cells.push(String((row.values as unknown[])[6] ?? '')));
    expect(cells.slice(2)).toEqual(['title: 审计测试笔记 1 → 审计测试笔记（改名后）']);
  });
});
