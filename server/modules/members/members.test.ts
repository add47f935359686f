import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { withCheckChar } from './seed.ts';

let server: TestServer;
let secretariat: ApiClient;
let finance: ApiClient;
let other: ApiClient;
let levelId: string;

const pdf = (text = 'scan') => ({ name: '证书.pdf', contentType: 'application/pdf', data: Buffer.from(`%PDF-1.4 ${text}`).toString('base64') });

beforeAll(async () => {
  server = await startTestServer();
  secretariat = await loginAs(server, 'secretariat@demo.test', { language: 'zh-CN' });
  finance = await loginAs(server, 'finance@demo.test');
  other = await loginAs(server, 'secretariat@demo2.test');
  levelId = (await secretariat.get('/api/v1/membership-levels')).body.items.find((l: { name: string }) => l.name === '会员单位').id;
});
afterAll(() => server?.stop());

describe('member companies', () => {
  it('are added with a checked credit code, contacts and a certificate with its scan', async () => {
    const code = withCheckChar('91330100MA2HX001A');
    const created = await secretariat.post('/api/v1/members', {
      name: '浙江数字安防有限公司',
      creditCode: code.toLowerCase().replace(/(.{4})/g, '$1 '),
      levelId,
      industry: '安防',
      region: '杭州',
      contacts: [{ name: '周敏', phone: '13900000000' }, { name: '吴刚', email: 'wg@example.test', isPrimary: true }],
    });
    expect(created.status).toBe(201);
    expect(created.body.creditCode).toBe(code);
    expect(created.body.primaryContact).toBe('吴刚');
    const file = await secretariat.post('/api/v1/member-files', pdf());
    expect(file.status).toBe(201);
    const withCert = await secretariat.post(`/api/v1/members/${created.body.id}/certificates`, { name: '建筑业企业资质证书', expiresOn: '2099-12-31', fileId: file.body.id });
    expect(withCert.status).toBe(201);
    expect(withCert.body.certificates[0]).toMatchObject({ name: '建筑业企业资质证书', expiresOn: '2099-12-31', file: { id: file.body.id, size: file.body.size } });
    expect(withCert.body.certificates[0].daysLeft).toBeGreaterThan(20000);
    const download = await fetch(`${server.url}/api/v1/member-files/${file.body.id}`, { headers: { cookie: secretariat.cookie } });
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4 scan');
  });

  it('refuses a code whose check character is wrong, in the caller\'s language', async () => {
    const code = withCheckChar('91330100MA2HX002A');
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const res = await secretariat.post('/api/v1/members', { name: '校验位错误公司', creditCode: wrong, levelId });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: 'body.creditCode', code: 'credit_code_check', message: '统一社会信用代码校验位不正确，请核对。' }]);
  });

  it('refuses a second company with the same credit code, naming the first', async () => {
    const code = withCheckChar('91330100MA2HX001A');
    const res = await secretariat.post('/api/v1/members', { name: '重复公司', creditCode: code, levelId });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].message).toContain('浙江数字安防有限公司');
  });

  it('are found by part of the name or the start of the credit code, filtered by status, and paginated', async () => {
    const byName = await finance.get('/api/v1/members?q=' + encodeURIComponent('安防'));
    expect(byName.body.items.map((m: { name: string }) => m.name)).toEqual(['浙江数字安防有限公司']);
    const byCode = await finance.get('/api/v1/members?q=91330100ma2hx');
    expect(byCode.body.total).toBe(1);
    const active = await finance.get('/api/v1/members?status=active&limit=2');
    expect(active.body.items).toHaveLength(2);
    expect(active.body.nextCursor).toBe('2');
    expect(active.body.items.every((m: { status: string }) => m.status === 'active')).toBe(true);
    const next = await finance.get(`/api/v1/members?status=active&limit=2&cursor=${active.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(active.body.items[0].id);
  });

  it('give the same total on every page: full, last, and past the end', async () => {
    const all = (await finance.get('/api/v1/members?limit=100')).body;
    expect(all.total).toBe(all.items.length);
    const totals = [];
    for (let cursor = 0; cursor <= all.total + 2; cursor += 2) totals.push((await finance.get(`/api/v1/members?limit=2&cursor=${cursor}`)).body.total);
    expect(new Set(totals)).toEqual(new Set([all.total]));
    // Each company shows its level, primary contact and tags on every page.
    const added = all.items.find((m: { name: string }) => m.name === '浙江数字安防有限公司');
    expect(added).toMatchObject({ level: { id: levelId, name: '会员单位' }, primaryContact: '吴刚', tags: [] });
  });

  it("show each company's credit grade and score, as its credit archive has them", async () => {
    const list = (await finance.get('/api/v1/members?limit=50')).body.items as { id: string; credit: { score: number; grade: string } | null }[];
    const rated = list.filter((m) => m.credit);
    expect(rated.length).toBeGreaterThan(0);
    for (const m of rated.slice(0, 3)) {
      const { standing } = (await finance.get(`/api/v1/credit/members/${m.id}`)).body;
      expect(m.credit).toEqual({ score: standing.score, grade: standing.grade });
      expect((await finance.get(`/api/v1/members/${m.id}`)).body.credit).toEqual(m.credit);
    }
  });

  it('export to XLSX with the filters applied, and the file parses back', async () => {
    const res = await fetch(`${server.url}/api/v1/members/export?format=xlsx&q=${encodeURIComponent('安防')}`, { headers: { cookie: secretariat.cookie, 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    const rows = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[1]).toEqual(expect.arrayContaining(['单位名称', '统一社会信用代码']));
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual(expect.arrayContaining(['浙江数字安防有限公司', withCheckChar('91330100MA2HX001A'), '会员单位', '正常']));
  });

  it('stay within their association: another one neither lists nor opens them', async () => {
    const mine = (await secretariat.get('/api/v1/members?q=' + encodeURIComponent('安防'))).body.items[0];
    expect((await other.get('/api/v1/members?q=' + encodeURIComponent('安防'))).body.items).toEqual([]);
    expect((await other.get(`/api/v1/members/${mine.id}`)).status).toBe(404);
    // The same credit code may be a member in another association.
    const otherLevel = (await other.get('/api/v1/membership-levels')).body.items[0].id;
    const there = await other.post('/api/v1/members', { name: '浙江数字安防有限公司', creditCode: mine.creditCode, levelId: otherLevel });
    expect(there.status).toBe(201);
    // Nor may it attach the first association's level.
    expect((await other.post('/api/v1/members', { name: 'x', creditCode: withCheckChar('91330100MA2HX003A'), levelId })).status).toBe(422);
  });

  it('levels in use cannot be deleted', async () => {
    const res = await secretariat.delete(`/api/v1/membership-levels/${levelId}`);
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toContain('仍有会员单位');
  });

  it('refuses uploads larger than 700 KB and types other than PDF, JPEG and PNG', async () => {
    const big = await secretariat.post('/api/v1/member-files', { ...pdf(), data: Buffer.alloc(710 * 1024).toString('base64') });
    expect(big.status).toBe(422);
    const exe = await secretariat.post('/api/v1/member-files', { ...pdf(), contentType: 'application/x-msdownload' });
    expect(exe.status).toBe(422);
  });

  it("a member company's login sees its own record, and nobody else's", async () => {
    const member = await loginAs(server, 'member@demo.test');
    const mine = await member.get('/api/v1/members/mine');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ name: '华东智能制造股份有限公司', status: 'active' });
    expect(mine.body.certificates[0]).toMatchObject({ name: '安全生产许可证', daysLeft: 25 });
    expect((await member.get(`/api/v1/members/${mine.body.id}`)).status).toBe(403);
    expect((await secretariat.get('/api/v1/members/mine')).status).toBe(403);
    // A login no company is linked to gets nothing.
    expect((await (await loginAs(server, 'member@demo2.test')).get('/api/v1/members/mine')).body).toMatchObject({ name: expect.stringContaining('学会会员单位') });
    expect((await (await loginAs(server, 'admin@demo.test')).get('/api/v1/members/mine')).body).toBeNull();
  });
});
