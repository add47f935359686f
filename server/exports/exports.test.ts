import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../testing/harness.ts';

let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAs(server, 'admin@demo.test', { language: 'zh-CN' });
});
afterAll(() => server?.stop());

async function download(client: ApiClient, path: string) {
  const res = await fetch(server.url + path, { headers: { cookie: client.cookie, 'accept-language': client.language } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

async function sheetRows(body: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return { name: sheet.name, rows };
}

describe('exports', () => {
  it('the users list opens in Excel with a title, a header and one row per user, in Chinese', async () => {
    const file = await download(admin, '/api/v1/users/export?format=xlsx&sort=email');
    expect(file.status).toBe(200);
    expect(file.type).toContain('spreadsheetml');
    expect(decodeURIComponent(file.disposition.split("UTF-8''")[1])).toMatch(/^用户与角色-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const { name, rows } = await sheetRows(file.body);
    expect(name).toBe('用户与角色');
    expect(rows[0][0]).toBe('中国示范行业协会 · 用户与角色');
    expect(rows[1]).toEqual(['姓名', '邮箱', '角色', '加入时间']);
    const emails = rows.slice(2).map((r) => r[1]);
    expect(emails).toEqual([...emails].sort());
    expect(emails).toContain('admin@demo.test');
    expect(rows.find((r) => r[1] === 'member@demo.test')?.[2]).toBe('会员单位');
    expect(rows[2][3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it('follows the list filters', async () => {
    const { rows } = await sheetRows((await download(admin, '/api/v1/users/export?format=xlsx&role=expert')).body);
    expect(rows.slice(2).map((r) => r[1])).toEqual(['expert@demo.test']);
  });

  it('the audit log exports with who, what and the changed values', async () => {
    const note = (await admin.post('/api/v1/notes', { title: '导出测试' })).body;
    await admin.patch(`/api/v1/notes/${note.id}`, { title: '导出测试（改）' });
    const { rows } = await sheetRows((await download(admin, `/api/v1/audit/export?format=xlsx&entityId=${note.id}`)).body);
    expect(rows.slice(2).map((r) => r[2])).toEqual(['修改', '新增']);
    expect(rows[2][1]).toBe('王建国（秘书长）');
    expect(rows[2][5]).toBe('title: 导出测试 → 导出测试（改）');
  });

  it('PDFs are real PDFs with the Chinese font embedded', async () => {
    for (const path of ['/api/v1/users/export?format=pdf', '/api/v1/audit/export?format=pdf']) {
      const file = await download(admin, path);
      expect(file.type).toBe('application/pdf');
      expect(file.body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(file.body.subarray(-6).toString()).toContain('%%EOF');
      expect(file.body.includes(Buffer.from('NotoSansSC'))).toBe(true);
    }
  });

  it("never contains another association's rows", async () => {
    const other = await loginAs(server, 'admin@demo2.test');
    const { rows } = await sheetRows((await download(other, '/api/v1/users/export?format=xlsx')).body);
    const emails = rows.slice(2).map((r) => r[1]);
    expect(emails.length).toBeGreaterThan(5);
    expect(emails.filter((e) => e.endsWith('@demo.test') && e !== 'expert@demo.test')).toEqual([]);
  });

  it('an unknown format is a validation error', async () => {
    const res = await admin.get('/api/v1/audit/export?format=docx');
    expect([res.status, res.body.error.code]).toEqual([422, 'validation_failed']);
  });
});
