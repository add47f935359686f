import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let id: string;
const as: Record<string, ApiClient> = {};
const url = (p: string) => `/api/v1/standards/projects/${id}${p}`;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function download(client: ApiClient, path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: decodeURIComponent(res.headers.get('content-disposition') ?? ''), body: new Uint8Array(await res.arrayBuffer()) };
}
/** The text runs of a DOCX part, joined by '|'. */
const docxText = (zip: Uint8Array, part = 'word/document.xml') => [...strFromU8(unzipSync(zip)[part]).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_PER_IP: '10000' });
  for (const role of ['secretariat', 'council', 'member']) as[role] = await loginAs(server, `${role}@demo.test`, { tenant: 'demo', language: 'zh-CN' });
  id = (await as.secretariat.post('/api/v1/standards/projects', { title: '绿色生产规范', scope: '本文件规定了绿色生产的基本要求。' })).body.id;
  await as.secretariat.patch(url(''), { code: 'T/XHDEMO 0001—2026' });
  const memberId = (await as.member.get('/api/v1/auth/session')).body.user.id;
  await as.secretariat.post(url('/members'), { userId: memberId, role: 'voter' });
  await as.council.post(url('/transitions'), { to: 'approved', decision: '理事会通过立项' });
  await as.secretariat.post(url('/transitions'), { to: 'drafting', decision: '开始起草' });
  await as.secretariat.post(url('/comments'), { type: 'editorial', body: '标题格式', proposal: '统一为黑体' });
});
afterAll(() => server?.stop());

describe('exports and publication', () => {
  it('export the draft as DOCX with cover, contents, numbered headings and the standard number in the header', async () => {
    const res = await download(as.secretariat, url('/export?format=docx'));
    expect(res.status).toBe(200);
    expect(res.disposition).toContain('T-XHDEMO 0001—2026 绿色生产规范.docx');
    const text = docxText(res.body);
    expect(text).toContain('团　体　标　准');
    expect(text).toContain('工作组讨论稿');
    expect(text).toContain('目　　次');
    for (const h of ['1　范围', '2　规范性引用文件', '3　术语和定义', '3.1　术语', '4.1　一般要求', '附录A　（规范性）', 'A.1　（附录条款标题）', '注：（需要时给出注。）', '表1']) expect(text).toContain(h);
    // The draft's own 封面 and 目次 placeholders are replaced by the generated ones.
    expect(text).not.toContain('（目次按章、条标题自动生成。）');
    const xml = strFromU8(unzipSync(res.body)['word/document.xml']);
    // A real TOC field, already filled with the numbered headings (Word updates page numbers on open).
    expect(xml).toContain('TOC \\h \\o &quot;1-3&quot;');
    expect(xml).toMatch(/<w:pStyle w:val="TOC2"\/>.*?4\.1　一般要求/s);
    expect(docxText(res.body, 'word/header1.xml')).toBe('T/XHDEMO 0001—2026');
  });

  it('export the draft as a PDF of several pages', async () => {
    const res = await download(as.secretariat, url('/export?format=pdf'));
    expect([res.status, res.type]).toEqual([200, 'application/pdf']);
    const pdf = Buffer.from(res.body).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect((pdf.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('publish the approved text on the portal, readable and downloadable by anyone', async () => {
    const anonymous = new ApiClient(server.url);
    expect((await anonymous.get('/api/v1/portal/demo/standards/published')).body.items).toEqual([]);
    await as.secretariat.post(url('/transitions'), { to: 'public_comment', decision: '征求意见', publicComment: { deadline: today() } });
    await as.secretariat.post(url('/transitions'), { to: 'technical_review', decision: '送审' });
    await as.member.post(url('/ballot/votes'), { choice: 'approve' });
    const contributions: { userId: string; role: string }[] = [];
    server.services.events.on('standard.contribution', (e) => {
      contributions.push({ userId: e.userId, role: e.role });
    });
    expect((await as.council.post(url('/transitions'), { to: 'published', decision: '批准发布' })).status).toBe(200);
    // The leader's work counts for member points and the credit archive once the standard is published.
    const leaderId = (await as.secretariat.get('/api/v1/auth/session')).body.user.id;
    expect(contributions).toEqual([{ userId: leaderId, role: 'leader' }]);
    const list = (await anonymous.get('/api/v1/portal/demo/standards/published')).body.items;
    expect(list).toEqual([expect.objectContaining({ id, title: '绿色生产规范', code: 'T/XHDEMO 0001—2026' })]);
    const text = (await anonymous.get(`/api/v1/portal/demo/standards/published/${id}`)).body;
    expect(JSON.stringify(text.content)).toContain('本文件规定了绿色生产的基本要求。');
    const file = await download(anonymous, `/api/v1/portal/demo/standards/published/${id}/file?format=docx`);
    expect(file.status).toBe(200);
    expect(docxText(file.body)).not.toContain('工作组讨论稿');
    expect((await new ApiClient(server.url).get(`/api/v1/portal/demo2/standards/published/${id}`)).status).toBe(404);
  });

  it('put the filing package together: text, 编制说明, comment-resolution matrix and ballot result', async () => {
    const res = await download(as.secretariat, url('/filing'));
    expect(res.status).toBe(200);
    expect(res.disposition).toContain('T-XHDEMO 0001—2026-备案材料.zip');
    const files = unzipSync(res.body);
    expect(Object.keys(files).sort()).toEqual(['T-XHDEMO 0001—2026.docx', 'T-XHDEMO 0001—2026.pdf', '意见汇总处理表.xlsx', '技术审查投票结果.xlsx', '编制说明.docx', '说明.txt'].sort());
    const explanation = docxText(files['编制说明.docx']);
    expect(explanation).toContain('《绿色生产规范》编制说明');
    expect(explanation).toContain('理事会通过立项');
    expect(explanation).toContain('共收到意见 1 条');
    expect(explanation).toContain('第 1 轮投票：赞成 1，赞成附意见 0，反对 0，弃权 0');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(files['意见汇总处理表.xlsx']) as never);
    expect((book.worksheets[0].getRow(3).values as unknown[]).slice(1, 5)).toEqual([1, '', '编辑', '标题格式']);
    const votes = new ExcelJS.Workbook();
    await votes.xlsx.load(Buffer.from(files['技术审查投票结果.xlsx']) as never);
    expect((votes.worksheets[0].getRow(3).values as unknown[]).slice(1, 3)).toEqual(['马骏（会员单位联系人）', '赞成']);
  });

  it('are for the working group only', async () => {
    expect((await download(as.council, url('/export?format=docx'))).status).toBe(403);
    expect((await download(as.council, url('/filing'))).status).toBe(403);
  });
});
