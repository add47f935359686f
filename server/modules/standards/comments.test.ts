import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openProvider, waitFor, type TestProvider } from '../../../collab/testing.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let project: { id: string; document: string };
const as: Record<string, ApiClient> = {};
const ids: Record<string, string> = {};
const open: TestProvider[] = [];
const sockets: Socket[] = [];

const url = (p: string) => `/api/v1/standards/projects/${project.id}${p}`;
const collabUrl = () => `${server.url.replace(/^http/, 'ws')}/collab`;

/** The text node of the first paragraph after the heading titled `title`. */
function paragraphAfter(doc: Y.Doc, title: string): Y.XmlText {
  const blocks = doc.getXmlFragment('default').toArray() as Y.XmlElement[];
  const i = blocks.findIndex((b) => b.nodeName === 'heading' && b.toArray().map((t) => (t as Y.XmlText).toString()).join('') === title);
  return blocks[i + 1].get(0) as Y.XmlText;
}
const b64 = (rel: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(rel)).toString('base64');
/** Anchors a range of `text` the way the editor does (relative positions into the Y.XmlText). */
function anchor(text: Y.XmlText, from: number, to: number) {
  return { start: b64(Y.createRelativePositionFromTypeIndex(text, from)), end: b64(Y.createRelativePositionFromTypeIndex(text, to, -1)) };
}
function resolve(doc: Y.Doc, a: { start: string; end: string }) {
  const pos = (s: string) => Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(s, 'base64')), doc)!;
  const start = pos(a.start);
  const end = pos(a.end);
  return (start.type as Y.XmlText).toString().slice(start.index, end.index);
}

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_PER_IP: '10000' });
  for (const role of ['secretariat', 'expert', 'member', 'council', 'finance']) {
    as[role] = await loginAs(server, `${role}@demo.test`, { tenant: 'demo', language: 'zh-CN' });
    ids[role] = (await as[role].get('/api/v1/auth/session')).body.user.id;
  }
  project = (await as.secretariat.post('/api/v1/standards/projects', { title: '绿色生产规范', scope: '本文件规定了绿色生产的要求。' })).body;
  const set = (u: string, role: string) => as.secretariat.post(url('/members'), { userId: u, role });
  await set(ids.expert, 'author');
  await set(ids.member, 'commenter');
  await set(ids.council, 'reader');
});
afterAll(async () => {
  for (const p of open) p.destroy();
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

describe('comments on a draft', () => {
  let commentId: string;
  let doc: Y.Doc;

  it('are anchored to a text range, typed, with a proposed change, and placed in their clause', async () => {
    const p = openProvider({ url: collabUrl(), name: project.document, cookie: as.member.cookie });
    open.push(p);
    await waitFor('synced', () => p.provider.isAuthenticated && p.provider.synced);
    doc = p.doc;
    const scope = paragraphAfter(doc, '范围');
    expect(scope.toString()).toBe('本文件规定了绿色生产的要求。');
    const res = await as.member.post(url('/comments'), { type: 'technical', body: '“绿色生产”需要定义', proposal: '在第 3 章增加术语“绿色生产”', quote: '绿色生产', anchor: anchor(scope, 6, 10) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'technical', clause: '1', status: 'open', authorName: '马骏（会员单位联系人）', quote: '绿色生产' });
    commentId = res.body.id;
  });

  it('stay anchored to the same words while an author inserts clauses and text before them', async () => {
    const author = openProvider({ url: collabUrl(), name: project.document, cookie: as.expert.cookie });
    open.push(author);
    await waitFor('author synced', author.saved);
    // A new clause before 范围, and words typed in front of the commented ones, at the same time as the commenter reads.
    const fragment = author.doc.getXmlFragment('default');
    const blocks = fragment.toArray() as Y.XmlElement[];
    const scopeIndex = blocks.findIndex((b) => b.nodeName === 'heading' && b.toString().includes('范围'));
    const h = new Y.XmlElement('heading');
    h.setAttribute('level', 1 as unknown as string);
    h.setAttribute('kind', 'clause');
    h.insert(0, [new Y.XmlText('总则')]);
    fragment.insert(scopeIndex, [h]);
    paragraphAfter(author.doc, '范围').insert(0, '【新增】');
    await waitFor('author saved', author.saved);
    await waitFor('commenter sees it', () => paragraphAfter(doc, '范围').toString().startsWith('【新增】'));

    const list = (await as.member.get(url('/comments'))).body;
    const c = list.items.find((x: { id: string }) => x.id === commentId);
    expect(resolve(doc, c.anchor)).toBe('绿色生产');
    expect(c.clause).toBe('2');
  });

  it('refuse readers and outsiders, and keep readers from resolving', async () => {
    const reader = await as.council.post(url('/comments'), { body: '阅读人不能提意见' });
    expect(reader.status).toBe(403);
    expect(reader.body.error.message).toContain('意见人');
    expect((await as.council.get(url('/comments'))).status).toBe(200);
    expect((await as.member.post(`/api/v1/standards/comments/${commentId}/resolve`, { resolution: '自己关闭' })).status).toBe(403);
    const bad = await as.member.post(url('/comments'), { body: 'x', anchor: { start: 'AAAA', end: 'AAAA' } });
    expect(bad.status).toBe(422);
  });

  it('form threads that are resolved and reopened live for everyone with the draft open', async () => {
    const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: as.council.cookie } });
    sockets.push(socket);
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    expect(await socket.emitWithAck('room:join', { kind: 'standard', id: project.id })).toEqual({ ok: true });
    const seen: string[] = [];
    socket.on('domain:event', (e) => e.name === 'standard.comment.changed' && seen.push((e.data as { commentId: string }).commentId));

    const reply = await as.expert.post(url('/comments'), { parentId: commentId, body: '同意，将在 3.2 增加' });
    expect(reply.status).toBe(201);
    expect(reply.body.replies.map((r: { body: string }) => r.body)).toEqual(['同意，将在 3.2 增加']);
    const resolved = await as.expert.post(`/api/v1/standards/comments/${commentId}/resolve`, { decision: 'accepted', resolution: '已在 3.2 增加术语' });
    expect(resolved.body).toMatchObject({ status: 'resolved', decision: 'accepted', resolution: '已在 3.2 增加术语', resolvedByName: '林海（专家）' });
    await waitFor('resolution pushed live', () => seen.length >= 2);
    const reopened = await as.expert.post(`/api/v1/standards/comments/${commentId}/reopen`);
    expect(reopened.body.status).toBe('open');
    await waitFor('reopen pushed live', () => seen.length >= 3);
    expect(new Set(seen)).toEqual(new Set([commentId]));
    expect((await as.member.get(url('/comments?status=resolved'))).body.items).toEqual([]);
  });

  it('export as the 意见汇总处理表 in XLSX and DOCX that read back with every comment', async () => {
    await as.member.post(url('/comments'), { type: 'editorial', body: '“要求”应为“技术要求”', proposal: '修改标题' });
    await as.expert.post(`/api/v1/standards/comments/${commentId}/resolve`, { decision: 'partial', resolution: '术语已增加，定义另行讨论' });
    const xlsx = await fetch(`${server.url}${url('/matrix?format=xlsx')}`, { headers: { cookie: as.expert.cookie, 'accept-language': 'zh-CN' } });
    expect(xlsx.status).toBe(200);
    expect(decodeURIComponent(xlsx.headers.get('content-disposition')!)).toContain('绿色生产规范-意见汇总处理表');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    const rows = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0][0]).toBe('《绿色生产规范》意见汇总处理表');
    expect(rows[1]).toEqual(['序号', '章条', '意见类型', '意见内容', '修改建议', '提出人', '处理意见', '处理说明']);
    expect(rows[2]).toEqual([1, '2', '技术', '“绿色生产”需要定义\n林海（专家）：同意，将在 3.2 增加', '在第 3 章增加术语“绿色生产”', '马骏（会员单位联系人）', '部分采纳', '术语已增加，定义另行讨论']);
    expect(rows[3].slice(0, 4)).toEqual([2, '', '编辑', '“要求”应为“技术要求”']);

    const docx = await fetch(`${server.url}${url('/matrix?format=docx')}`, { headers: { cookie: as.expert.cookie } });
    expect(docx.status).toBe(200);
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    expect(text).toContain('《绿色生产规范》意见汇总处理表');
    expect(text).toContain('序号|章条|意见类型|意见内容|修改建议|提出人|处理意见|处理说明');
    expect(text).toContain('1|2|技术|“绿色生产”需要定义|林海（专家）：同意，将在 3.2 增加|在第 3 章增加术语“绿色生产”|马骏（会员单位联系人）|部分采纳|术语已增加，定义另行讨论');
    // Outside the working group, even with standard.read: no matrix.
    const finance = await as.finance.get(url('/matrix?format=xlsx'));
    expect(finance.status).toBe(403);
  });
});
