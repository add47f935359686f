// Group standards end to end: two people co-edit a clause of a draft, one comments on a passage and
// the other sees it live and resolves it, and the comment-resolution matrix downloads as XLSX.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { launch, type Browser } from './browser.ts';
import { repoRoot, startApp, type AppProcess } from './server.ts';

const WAIT = 20_000;
let app: AppProcess;
let browser: Browser;
const pages: Record<string, Page> = {};
let draftUrl = '';

beforeAll(async () => {
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
    const dir = join(repoRoot, 'test-results', 'e2e');
    mkdirSync(dir, { recursive: true });
    for (const [who, page] of Object.entries(pages)) await page.screenshot({ path: join(dir, `standards-${name}-${who}.png`), fullPage: true }).catch(() => {});
  });
}

async function person(email: string) {
  const ctx = await browser.context();
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(WAIT);
  await page.goto(`${app.url}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'demo12345');
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

const paragraph = (page: Page, text: string) => page.locator('[data-testid=standard-editor] p', { hasText: text }).first();

describe('group standards', () => {
  test('a leader proposes a project and adds an author to the working group', async () => {
    reportFailures('setup');
    const leader = (pages.leader = await person('secretariat@demo.test'));
    await leader.goto(`${app.url}/standards`, { waitUntil: 'networkidle' });
    await leader.click('[data-testid=new-standard]');
    await leader.fill('[data-testid=standard-title]', '绿色生产规范');
    await leader.fill('#std-scope', '本文件规定了绿色生产的基本要求。');
    await leader.click('form[action="?/create"] button[type=submit]');
    await leader.waitForURL(/\/standards\/[0-9a-f-]{36}$/);
    await leader.selectOption('[data-testid=add-member-user]', { label: '王建国（秘书长）' });
    await leader.selectOption('[data-testid=add-member-role]', 'author');
    await leader.click('[data-testid=add-member]');
    await leader.waitForSelector('[data-testid=standard-group] >> text=王建国（秘书长）');
    draftUrl = `${leader.url()}/draft`;
  });

  test('two browsers co-edit a clause, each seeing the other type live', async () => {
    reportFailures('coedit');
    const leader = pages.leader;
    const author = (pages.author = await person('admin@demo.test'));
    await leader.goto(draftUrl);
    await author.goto(draftUrl);
    await leader.waitForSelector('[data-testid=standard-editor][contenteditable=true]');
    await author.waitForSelector('[data-testid=standard-editor][contenteditable=true]');
    await leader.waitForSelector('[data-testid=sync-status][data-state=saved]');
    await author.waitForSelector('[data-testid=sync-status][data-state=saved]');
    // Numbered by structure: 范围 is clause 1.
    expect(await author.locator('[data-testid=standard-editor] h1[data-number="1"]').textContent()).toBe('范围');

    await paragraph(leader, '本文件规定了绿色生产').click();
    await leader.keyboard.press('End');
    await leader.keyboard.type('本文件适用于制造业会员单位。');
    await paragraph(author, '本文件适用于制造业会员单位。').waitFor();

    await paragraph(author, '本文件规定了绿色生产').click();
    await author.keyboard.press('Home');
    await author.keyboard.type('【起草人】');
    // (The author's named caret sits inside that paragraph on the leader's screen.)
    await paragraph(leader, '【起草人】').waitFor();
    await leader.waitForSelector('[data-testid=sync-status][data-state=saved]');
    await author.waitForSelector('[data-testid=sync-status][data-state=saved]');
  });

  test('one comments on a passage; the other sees it live and resolves it; the first sees it resolved', async () => {
    reportFailures('comment');
    const { leader, author } = pages;
    // The author selects the scope sentence and comments on it.
    await paragraph(author, '本文件适用于制造业会员单位').click();
    await author.keyboard.press('End');
    await author.keyboard.press('Shift+Home');
    await author.click('[data-testid=add-comment]');
    await author.selectOption('[data-testid=comment-type]', 'technical');
    await author.fill('[data-testid=comment-body]', '适用范围应包括服务业');
    await author.fill('[data-testid=comment-proposal]', '改为“适用于制造业和服务业会员单位”');
    await author.click('[data-testid=comment-submit]');
    await author.waitForSelector('[data-testid=comments-panel] >> text=适用范围应包括服务业');
    await author.waitForSelector('[data-testid=standard-editor] .comment-mark');

    // The leader's open draft shows it without a reload, placed in clause 1, and resolves it.
    const thread = leader.locator('[data-testid=comments-panel] li.thread', { hasText: '适用范围应包括服务业' });
    await thread.waitFor();
    expect(await thread.locator('.clause').textContent()).toBe('1');
    await thread.locator('[data-testid=resolve]').click();
    await thread.locator('[data-testid=resolve-decision]').selectOption('accepted');
    await thread.locator('[data-testid=resolve-text]').fill('已修改适用范围');
    await thread.locator('[data-testid=resolve-submit]').click();

    // The author sees it resolved (live), under 已处理.
    await author.click('[data-testid=comments-panel] [data-filter=resolved]');
    const resolved = author.locator('[data-testid=comments-panel] li.thread[data-status=resolved]', { hasText: '适用范围应包括服务业' });
    await resolved.waitFor();
    expect(await resolved.locator('[data-testid=resolution]').textContent()).toContain('已修改适用范围');
  });

  test('the comment-resolution matrix shows the comment and downloads as XLSX', async () => {
    reportFailures('matrix');
    const leader = pages.leader;
    await leader.click('[data-testid=open-matrix]');
    await leader.waitForSelector('[data-testid=matrix] >> text=适用范围应包括服务业');
    const rowsOf = async (book: ExcelJS.Workbook) => book.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const expected = [1, '1', '技术', '适用范围应包括服务业', '改为“适用于制造业和服务业会员单位”', '王建国（秘书长）', '采纳', '已修改适用范围'];

    // The link the page offers, fetched with the page's own session: the server names the file.
    const href = await leader.locator('[data-testid=matrix-xlsx]').getAttribute('href');
    const res = await leader.request.get(new URL(href!, leader.url()).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('spreadsheetml');
    const disposition = res.headers()['content-disposition'] ?? '';
    expect(disposition).toMatch(/^attachment;/);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '')).toMatch(/意见汇总处理表.*\.xlsx$/);
    const fetched = new ExcelJS.Workbook();
    await fetched.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    expect((await rowsOf(fetched))[2]).toEqual(expected);

    // And the click a user makes downloads that workbook. (Chromium sometimes reports the download's
    // suggested name as "download", so the name is checked on the response above, the bytes here.)
    const [download] = await Promise.all([leader.waitForEvent('download'), leader.click('[data-testid=matrix-xlsx]')]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    expect((await rowsOf(book))[2]).toEqual(expected);
  });

  test('a named version is saved, compared with the draft, and restored as a new edit', async () => {
    reportFailures('versions');
    const leader = pages.leader;
    await leader.goto(draftUrl);
    await leader.waitForSelector('[data-testid=standard-editor][contenteditable=true]');
    await leader.waitForSelector('[data-testid=sync-status][data-state=saved]');
    await leader.click('[data-testid=versions-panel] summary');
    await leader.fill('[data-testid=version-name]', '工作组讨论稿');
    await leader.click('[data-testid=version-save]');
    await leader.locator('[data-testid=versions-panel] li', { hasText: '工作组讨论稿' }).waitFor();

    // A click on a commented passage puts the caret there (the mark's redraw must not undo the click).
    await paragraph(leader, '本文件适用于制造业会员单位').click();
    await leader.keyboard.press('End');
    await leader.keyboard.type('【临时修改】');
    await paragraph(leader, '本文件适用于制造业会员单位。【临时修改】').waitFor();
    await leader.waitForSelector('[data-testid=sync-status][data-state=saved]');

    await leader.click('[data-testid=version-compare]');
    await leader.waitForSelector('[data-testid=diff] ins >> text=【临时修改】');
    expect(await leader.locator('[data-testid=diff] article .num').first().textContent()).toBe('1');

    await leader.goBack();
    await leader.waitForSelector('[data-testid=standard-editor][contenteditable=true]');
    await leader.waitForSelector('[data-testid=sync-status][data-state=saved]');
    await paragraph(leader, '【临时修改】').waitFor();
    await leader.click('[data-testid=versions-panel] summary');
    leader.once('dialog', (d) => void d.accept());
    await leader.click('[data-testid=version-restore]');
    await leader.waitForFunction(() => !document.querySelector('[data-testid=standard-editor]')?.textContent?.includes('【临时修改】'));
    await leader.waitForSelector('[data-testid=sync-status][data-state=saved]');
    // The author's open draft follows, since the restore is an ordinary edit.
    await pages.author.waitForFunction(() => !document.querySelector('[data-testid=standard-editor]')?.textContent?.includes('【临时修改】'));
  });
});
