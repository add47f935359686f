import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let staff: ApiClient;
let member: ApiClient;
let expert: ApiClient;
let finance: ApiClient;
let members: { id: string; name: string }[];
const tag: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test', { language: 'zh-CN' });
  member = await loginAs(server, 'member@demo.test', { language: 'zh-CN' });
  expert = await loginAs(server, 'expert@demo.test', { tenant: 'demo' });
  finance = await loginAs(server, 'finance@demo.test');
  // The demo companies, in the order of the seed: the first is the member@demo.test login's company.
  const all = (await staff.get('/api/v1/members?sort=createdAt&limit=100')).body.items as { id: string; name: string }[];
  members = all.slice(0, 5);
  for (const [name, category] of [['测试·新能源', 'industry'], ['测试·华东', 'region'], ['测试·中小企业', 'size'], ['测试·融资需求', 'needs']] as const) {
    const res = await staff.post('/api/v1/member-tags', { name, category });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    tag[name] = res.body.id;
  }
});
afterAll(() => server?.stop());

function collect<K extends keyof DomainEvents>(name: K) {
  const seen: DomainEvents[K][] = [];
  const stop = server.services.events.on(name, (e) => void seen.push(e));
  return { seen, stop };
}

const names = (items: { name: string }[]) => items.map((m) => m.name).sort();

describe('tags', () => {
  it('are assigned to many member companies at once and filter the list by all-of and any-of', async () => {
    // b is the company both tags meet on (the fourth demo company, which has no login of its own).
    const [a, , c, b] = members;
    expect((await staff.post('/api/v1/member-tags/assign', { memberIds: [a.id, b.id], tagIds: [tag['测试·新能源']], action: 'add' })).body.changed).toBe(2);
    expect((await staff.post('/api/v1/member-tags/assign', { memberIds: [b.id, c.id], tagIds: [tag['测试·华东']], action: 'add' })).body.changed).toBe(2);
    // Adding again changes nothing.
    expect((await staff.post('/api/v1/member-tags/assign', { memberIds: [a.id], tagIds: [tag['测试·新能源']], action: 'add' })).body.changed).toBe(0);

    const both = `${tag['测试·新能源']},${tag['测试·华东']}`;
    const all = await finance.get(`/api/v1/members?tags=${both}&tagMode=all`);
    expect(names(all.body.items)).toEqual([b.name]);
    const any = await finance.get(`/api/v1/members?tags=${both}&tagMode=any`);
    expect(names(any.body.items)).toEqual(names([a, b, c]));
    expect(any.body.items.find((m: { id: string }) => m.id === b.id).tags.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['测试·华东', '测试·新能源']));

    const counts = (await finance.get('/api/v1/member-tags')).body.items;
    expect(counts.find((t: { id: string }) => t.id === tag['测试·新能源']).members).toBe(2);

    expect((await staff.post('/api/v1/member-tags/assign', { memberIds: [b.id], tagIds: [tag['测试·新能源']], action: 'remove' })).body.changed).toBe(1);
    expect(names((await finance.get(`/api/v1/members?tags=${both}&tagMode=all`)).body.items)).toEqual([]);
  });

  it('assign to all the companies or none: one unknown company leaves every other one untouched', async () => {
    const res = await staff.post('/api/v1/member-tags/assign', { memberIds: [members[4].id, '00000000-0000-4000-8000-000000000000'], tagIds: [tag['测试·融资需求']], action: 'add' });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].message).toBe('所选会员单位不存在或已被删除。');
    expect((await finance.get(`/api/v1/members?tags=${tag['测试·融资需求']}`)).body.items).toEqual([]);
  });

  it('have unique names per association', async () => {
    const dup = await staff.post('/api/v1/member-tags', { name: '测试·新能源', category: 'custom' });
    expect(dup.status).toBe(422);
    expect(dup.body.error.details[0].message).toContain('测试·新能源');
    const other = await loginAs(server, 'secretariat@demo2.test');
    expect((await other.post('/api/v1/member-tags', { name: '测试·新能源', category: 'industry' })).status).toBe(201);
  });

  it('filter the XLSX export the same way, and the export carries the tags', async () => {
    const res = await fetch(`${server.url}/api/v1/members/export?format=xlsx&tags=${tag['测试·华东']}`, { headers: { cookie: staff.cookie, 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(header).toContain('标签');
    const rows = [];
    for (let r = 3; r <= sheet.rowCount; r++) rows.push((sheet.getRow(r).values as unknown[]).slice(1));
    expect(rows.map((r) => r[0]).sort()).toEqual(names([members[2], members[3]]));
    expect(rows.every((r) => String(r[header.indexOf('标签')]).includes('测试·华东'))).toBe(true);
  });
});

describe('targeted push', () => {
  let pushId: string;

  it('previews how many companies and people a tag query reaches', async () => {
    // The first company is member@demo.test's; the third gets a contact whose e-mail is expert@demo.test's.
    const third = (await staff.get(`/api/v1/members/${members[2].id}`)).body;
    const put = await staff.request('PUT', `/api/v1/members/${third.id}`, {
      name: third.name,
      creditCode: third.creditCode,
      levelId: third.level.id,
      status: third.status,
      contacts: [{ name: '专家联系人', email: 'EXPERT@demo.test', isPrimary: true }],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const query = { mode: 'any', tagIds: [tag['测试·新能源'], tag['测试·华东']] };
    const preview = await staff.post('/api/v1/member-pushes/preview', query);
    expect(preview.status).toBe(200);
    // The first (新能源), third and fourth (华东); the fourth has no login and no contact e-mail of a user.
    expect(preview.body).toMatchObject({ members: 3, reachable: 2, users: 2 });
  });

  it('goes to the matching member companies only, delivered to their people as notifications in one go', async () => {
    const sent = collect('member.push.sent');
    // The member company's person has the app open: the notice arrives live, with the unread count.
    const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: member.cookie } });
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    const unreadBefore = (await member.get('/api/v1/notifications')).body.unread as number;
    const live = new Promise<{ notification: { title: string }; unread: number }>((ok) => socket.once('notification:new', ok));
    const res = await staff.post('/api/v1/member-pushes', {
      title: '关于申报2026年度专精特新企业的通知',
      body: '各会员单位：请于本月底前提交申报材料。',
      kind: 'policy',
      link: '/meetings',
      query: { mode: 'any', tagIds: [tag['测试·新能源'], tag['测试·华东']] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    pushId = res.body.id;
    expect(res.body).toMatchObject({ recipients: 3, delivered: 2, read: 0 });
    expect(names(res.body.recipientList.map((r: { memberName: string }) => ({ name: r.memberName })))).toEqual(names([members[0], members[2], members[3]]));
    const undelivered = res.body.recipientList.find((r: { memberId: string }) => r.memberId === members[3].id);
    expect(undelivered.deliveredAt).toBeNull();
    expect(sent.seen).toEqual([expect.objectContaining({ pushId, recipients: 3 })]);
    sent.stop();
    expect(await live).toMatchObject({ notification: { title: '【政策】关于申报2026年度专精特新企业的通知' }, unread: unreadBefore + 1 });
    socket.disconnect();

    const inbox = (await member.get('/api/v1/notifications')).body.items;
    expect(inbox[0]).toMatchObject({ title: '【政策】关于申报2026年度专精特新企业的通知', link: `/members/notices/${pushId}`, readAt: null });
    const expertInbox = (await expert.get('/api/v1/notifications')).body.items;
    expect(expertInbox.some((n: { link: string }) => n.link === `/members/notices/${pushId}`)).toBe(true);
    const financeInbox = (await finance.get('/api/v1/notifications')).body.items;
    expect(financeInbox.some((n: { link: string }) => n.link === `/members/notices/${pushId}`)).toBe(false);
  });

  it('records the read receipt when a recipient opens it, once per company, and tells the sender live', async () => {
    const read = collect('member.push.read');
    const opened = await member.post(`/api/v1/member-pushes/${pushId}/open`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ title: '关于申报2026年度专精特新企业的通知', kind: 'policy', memberName: members[0].name });
    expect(read.seen).toEqual([expect.objectContaining({ pushId, memberId: members[0].id })]);
    // Opening again is no second receipt.
    await member.post(`/api/v1/member-pushes/${pushId}/open`);
    expect(read.seen).toHaveLength(1);
    read.stop();

    const detail = (await staff.get(`/api/v1/member-pushes/${pushId}`)).body;
    expect(detail).toMatchObject({ recipients: 3, delivered: 2, read: 1 });
    const first = detail.recipientList.find((r: { memberId: string }) => r.memberId === members[0].id);
    expect(first.readAt).not.toBeNull();
    expect(first.readBy).toBeTruthy();
    expect(detail.recipientList.find((r: { memberId: string }) => r.memberId === members[2].id).readAt).toBeNull();
    const note = (await member.get('/api/v1/notifications')).body.items.find((n: { link: string }) => n.link === `/members/notices/${pushId}`);
    expect(note.readAt).not.toBeNull();
    const list = (await staff.get('/api/v1/member-pushes')).body.items;
    expect(list[0]).toMatchObject({ id: pushId, recipients: 3, delivered: 2, read: 1 });
    // Each recipient lists what reached them, with their company's read state.
    expect((await member.get('/api/v1/member-pushes/mine')).body.items[0]).toMatchObject({ id: pushId, memberName: members[0].name, readAt: expect.any(String) });
    expect((await expert.get('/api/v1/member-pushes/mine')).body.items.find((p: { id: string }) => p.id === pushId)).toMatchObject({ memberName: members[2].name, readAt: null });
    expect((await finance.get('/api/v1/member-pushes/mine')).body.items).toEqual([]);
  });

  it('exports its receipts per company as XLSX, which parses back', async () => {
    const res = await fetch(`${server.url}/api/v1/member-pushes/${pushId}/export`, { headers: { cookie: staff.cookie, 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['单位名称', '状态', '送达时间', '阅读时间', '阅读人']);
    const rows = [3, 4, 5].map((r) => (sheet.getRow(r).values as unknown[]).slice(1));
    const byName = Object.fromEntries(rows.map((r) => [r[0], r[1]]));
    expect(byName).toEqual({ [members[0].name]: '已读', [members[2].name]: '未读', [members[3].name]: '未送达（无账号）' });
  });

  it('cannot be opened by someone it did not reach', async () => {
    const res = await finance.post(`/api/v1/member-pushes/${pushId}/open`);
    expect(res.status).toBe(404);
  });

  it('is refused, and nothing is written, when no company matches', async () => {
    const before = (await staff.get('/api/v1/member-pushes')).body.items.length;
    const res = await staff.post('/api/v1/member-pushes', { title: '无人接收', body: '正文', kind: 'training', query: { mode: 'any', tagIds: [tag['测试·融资需求']] } });
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe('没有符合条件的会员单位，未发送。');
    expect((await staff.get('/api/v1/member-pushes')).body.items.length).toBe(before);
  });

  it('is one transaction: when one recipient cannot be given the notice, nobody gets it and no push is recorded', async () => {
    const title = '原子性测试：第二人写入失败';
    // A constraint that refuses exactly expert@demo.test's copy (the second company's person) of this push.
    const expertId = (await server.services.db.prisma.user.findUniqueOrThrow({ where: { email: 'expert@demo.test' } })).id;
    await server.services.db.sql.exec(`ALTER TABLE "Notification" ADD CONSTRAINT test_refuse_one CHECK (NOT (title LIKE '%原子性测试%' AND "userId" = '${expertId}'))`);
    try {
      const before = (await staff.get('/api/v1/member-pushes')).body.items.length;
      const res = await staff.post('/api/v1/member-pushes', { title, body: '正文', kind: 'notice', query: { mode: 'any', tagIds: [tag['测试·新能源'], tag['测试·华东']] } });
      expect(res.status).toBe(500);
      expect((await staff.get('/api/v1/member-pushes')).body.items.length).toBe(before);
      const inbox = (await member.get('/api/v1/notifications')).body.items;
      expect(inbox.some((n: { title: string }) => n.title.includes('原子性测试'))).toBe(false);
    } finally {
      await server.services.db.sql.exec('ALTER TABLE "Notification" DROP CONSTRAINT test_refuse_one');
    }
  });

  it('sending and receipts need member.push; member companies cannot see who read', async () => {
    expect((await member.get(`/api/v1/member-pushes/${pushId}`)).status).toBe(403);
    expect((await finance.post('/api/v1/member-pushes/preview', { mode: 'any', tagIds: [tag['测试·华东']] })).status).toBe(403);
  });
});
