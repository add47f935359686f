import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { indexTokens, queryTokens } from './search.ts';

let server: TestServer;
let secretariat: ApiClient;
let expert: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  secretariat = await loginAs(server, 'secretariat@demo.test');
  expert = await loginAs(server, 'expert@demo.test');
});
afterAll(() => server?.stop());

const profile = (over: Record<string, unknown> = {}) => ({
  name: '林海',
  title: '教授级高级工程师',
  certificates: ['注册电气工程师'],
  fieldTags: ['新能源/光伏', '新能源 / 储能'],
  employer: '华能新能源科技有限公司',
  employerCreditCode: '91110000ma01a2b3c4',
  region: '北京',
  bio: '长期从事光伏电站设计与储能系统集成。',
  relationships: [{ kind: 'colleague', personName: '朱琳', organization: '华能新能源科技有限公司' }],
  ...over,
});

describe('search tokens', () => {
  it('finds Chinese text by characters and bigrams, and English words by prefix', () => {
    const stored = indexTokens('储能系统集成', 'Solar storage');
    for (const q of ['储能', '能系统', '集', 'sol', 'storage']) expect(queryTokens(q).every((t) => stored.includes(t)), q).toBe(true);
    expect(queryTokens('储氢').every((t) => stored.includes(t))).toBe(false);
  });
});

describe('expert profiles', () => {
  it('lets an expert keep their own profile, with normalised tags and declared relationships', async () => {
    const saved = await expert.request('PUT', '/api/v1/experts/me', profile());
    expect(saved.status).toBe(200);
    expect(saved.body.fieldTags).toEqual(['新能源/光伏', '新能源/储能']);
    expect(saved.body.employerCreditCode).toBe('91110000MA01A2B3C4');
    expect(saved.body.relationships).toMatchObject([{ kind: 'colleague', personName: '朱琳' }]);
    const mine = await expert.get('/api/v1/experts/me');
    expect(mine.body.profile.id).toBe(saved.body.id);
    // The secretariat sees the same profile.
    expect((await secretariat.get(`/api/v1/experts/${saved.body.id}`)).body.bio).toContain('储能系统');
  });

  it('refuses a malformed credit code with a field message, changing nothing', async () => {
    const res = await expert.request('PUT', '/api/v1/experts/me', profile({ employerCreditCode: '123', name: '改名' }));
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('body.employerCreditCode');
    expect((await expert.get('/api/v1/experts/me')).body.profile.name).toBe('林海');
  });

  it('searches by field tag, including sub-fields, and by Chinese full text', async () => {
    const byParent = (await secretariat.get(`/api/v1/experts?tag=${encodeURIComponent('新能源')}`)).body.items.map((e: { name: string }) => e.name);
    expect(byParent).toEqual(expect.arrayContaining(['林海', '陈思远', '王晓燕', '韩冰']));
    expect(byParent).not.toContain('冯丽');
    const byLeaf = (await secretariat.get(`/api/v1/experts?tag=${encodeURIComponent('新能源/储能')}`)).body.items.map((e: { name: string }) => e.name);
    expect(byLeaf.sort()).toEqual(['林海', '王晓燕'].sort());
    const text = (await secretariat.get(`/api/v1/experts?q=${encodeURIComponent('钙钛矿')}`)).body.items.map((e: { name: string }) => e.name);
    expect(text).toEqual(['陈思远']);
    const both = (await secretariat.get(`/api/v1/experts?q=${encodeURIComponent('数据安全 测评')}&tag=${encodeURIComponent('信息技术')}`)).body.items.map((e: { name: string }) => e.name);
    expect(both).toEqual(['郑凯']);
  });

  it('keeps each association’s pool to itself', async () => {
    const other = await loginAs(server, 'admin@demo2.test');
    expect((await other.get(`/api/v1/experts?q=${encodeURIComponent('钙钛矿')}`)).body.items).toEqual([]);
    // The shared expert has no profile in the second association until they save one there.
    const there = await loginAs(server, 'expert@demo.test', { tenant: 'demo2' });
    expect((await there.get('/api/v1/experts/me')).body.profile).toBeNull();
  });
});

describe('invitations and service records', () => {
  it('invites an expert, who accepts once; a second answer is refused', async () => {
    const me = (await expert.get('/api/v1/experts/me')).body.profile;
    const inv = await secretariat.post(`/api/v1/experts/${me.id}/invitations`, { kind: 'review', subject: '2027 年度科技项目评审', dueAt: '2027-01-10T18:00:00+08:00' });
    expect(inv.status).toBe(201);
    const mine = (await expert.get('/api/v1/experts/me/invitations')).body.items;
    expect(mine[0]).toMatchObject({ id: inv.body.id, status: 'pending', subject: '2027 年度科技项目评审' });
    const notes = (await expert.get('/api/v1/notifications')).body.items;
    expect(notes.some((n: { link: string }) => n.link === '/experts/me')).toBe(true);

    // Another expert-role user cannot answer it.
    const stranger = await loginAs(server, 'admin@demo.test');
    expect((await stranger.post(`/api/v1/expert-invitations/${inv.body.id}/respond`, { accept: true })).status).toBe(404);

    const ok = await expert.post(`/api/v1/expert-invitations/${inv.body.id}/respond`, { accept: true });
    expect(ok.body.status).toBe('accepted');
    const again = await expert.post(`/api/v1/expert-invitations/${inv.body.id}/respond`, { accept: false, reason: '改主意' });
    expect(again.status).toBe(409);
    expect((await secretariat.get(`/api/v1/experts/${me.id}/invitations`)).body.items[0].status).toBe('accepted');
  });

  it('records a service, announces it to member points, and reports it as XLSX and PDF', async () => {
    const me = (await expert.get('/api/v1/experts/me')).body.profile;
    const seen = new Promise<unknown>((ok) => {
      const stop = server.services.events.on('expert.service.recorded', (e) => {
        stop();
        ok(e);
      });
    });
    const rec = await secretariat.post(`/api/v1/experts/${me.id}/services`, { kind: 'review', subject: '项目评审会', hours: 3.5, rating: 5, servedOn: '2026-11-20' });
    expect(rec.status).toBe(201);
    expect(await seen).toMatchObject({ userId: me.userId, kind: 'review', hours: 3.5 });
    await secretariat.post(`/api/v1/experts/${me.id}/services`, { kind: 'consultation', subject: '技术咨询', hours: 1.5, rating: 4, servedOn: '2026-11-21' });
    expect((await secretariat.get(`/api/v1/experts/${me.id}/services`)).body.items.map((s: { servedOn: string }) => s.servedOn)).toEqual(['2026-11-21', '2026-11-20']);

    const xlsx = await fetch(`${server.url}/api/v1/experts/report?format=xlsx&from=2026-11-01`, { headers: { cookie: secretariat.cookie } });
    expect(xlsx.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const rows = book.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const line = rows.find((r) => r[0] === '林海')!;
    expect(line.slice(3)).toEqual([1, 1, 5, 4.5]);
    const pdf = await fetch(`${server.url}/api/v1/experts/report?format=pdf`, { headers: { cookie: secretariat.cookie } });
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a rating outside 1–5 and another expert’s invitation', async () => {
    const me = (await expert.get('/api/v1/experts/me')).body.profile;
    expect((await secretariat.post(`/api/v1/experts/${me.id}/services`, { kind: 'review', subject: 'x', hours: 1, rating: 6, servedOn: '2026-11-20' })).status).toBe(422);
    const other = (await secretariat.get(`/api/v1/experts?q=${encodeURIComponent('钙钛矿')}`)).body.items[0];
    const inv = (await secretariat.post(`/api/v1/experts/${other.id}/invitations`, { kind: 'consultation', subject: '咨询' })).body;
    const res = await secretariat.post(`/api/v1/experts/${me.id}/services`, { kind: 'consultation', subject: '咨询', hours: 1, servedOn: '2026-11-20', invitationId: inv.id });
    expect(res.status).toBe(422);
  });
});
