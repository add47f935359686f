import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scheduler } from '../../jobs/scheduler.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { todayIn } from './dates.ts';
import { membersDailyJob } from './jobs.ts';
import { withCheckChar } from './seed.ts';

let server: TestServer;
let secretariat: ApiClient;
let levelId: string;

beforeAll(async () => {
  server = await startTestServer();
  secretariat = await loginAs(server, 'secretariat@demo.test');
  levelId = (await secretariat.get('/api/v1/membership-levels')).body.items[0].id;
});
afterAll(() => server?.stop());

const addMember = async (name: string, n: number, expiresOn: string, status = 'active') =>
  (await secretariat.post('/api/v1/members', { name, creditCode: withCheckChar(`91310115MA1K${String(n).padStart(5, '0')}`), levelId, status, joinedOn: '2024-01-01', expiresOn })).body.id as string;
const statusOf = async (id: string) => (await secretariat.get(`/api/v1/members/${id}`)).body.status;
const notes = async (who: ApiClient, text: string) => (await who.get('/api/v1/notifications?limit=100')).body.items.filter((n: { title: string }) => n.title.includes(text));

/** Two app instances ticking the same moment, as in a scale-out deployment. */
async function runDaily(at: string) {
  const a = new Scheduler(server.services);
  const b = new Scheduler(server.services);
  a.register(membersDailyJob);
  b.register(membersDailyJob);
  await Promise.all([a.tick(new Date(at)), b.tick(new Date(at))]);
  const failed = await server.services.db.prisma.jobRun.findMany({ where: { name: { startsWith: 'members-daily:' }, error: { not: null } } });
  expect(failed.map((f) => f.error)).toEqual([]);
}

describe('the daily membership job', () => {
  it('moves members across the year end in Shanghai time: the last day active, then grace, then expired', async () => {
    const lastDay = await addMember('跨年到期公司', 1, '2026-12-31');
    const lapsed = await addMember('宽限期满公司', 2, '2026-11-30', 'grace');
    const later = await addMember('次日到期公司', 3, '2027-01-01');
    // 23:50 on 31 December in Shanghai (15:50 UTC): still its last day.
    await runDaily('2026-12-31T15:50:00Z');
    expect(await statusOf(lastDay)).toBe('active');
    // 00:20 on 1 January in Shanghai, still 31 December in UTC.
    await runDaily('2026-12-31T16:20:00Z');
    expect(await statusOf(lastDay)).toBe('grace');
    expect(await statusOf(lapsed)).toBe('expired');
    expect(await statusOf(later)).toBe('active');
    const told = await notes(secretariat, '跨年到期公司');
    expect(told.map((n: { title: string }) => n.title)).toEqual(['会籍已到期，进入宽限期：跨年到期公司']);
    // With a grace of 0 days the next day's run expires it.
    await secretariat.request('PUT', '/api/v1/membership-settings', { graceDays: 0 });
    await runDaily('2027-01-01T16:20:00Z');
    expect(await statusOf(lastDay)).toBe('expired');
    await secretariat.request('PUT', '/api/v1/membership-settings', { graceDays: 30 });
  });

  it('reminds of expiring certificates 60, 30 and 7 days ahead, once each, to the secretariat and the member', async () => {
    const id = await addMember('证书提醒公司', 4, '2027-12-31');
    await secretariat.post(`/api/v1/members/${id}/certificates`, { name: '排污许可证', number: 'PW-001', expiresOn: '2027-06-30' });
    await runDaily('2027-05-01T04:00:00Z'); // 30 June is 60 days after 1 May
    await runDaily('2027-05-02T04:00:00Z'); // 59 days: nothing
    expect((await notes(secretariat, '证书提醒公司')).map((n: { title: string }) => n.title)).toEqual(['资质证书 60 天后到期：证书提醒公司']);
    // The job did not run for a week; the next run sends the 30-day reminder only.
    await runDaily('2027-06-05T04:00:00Z'); // 25 days left
    await runDaily('2027-06-23T04:00:00Z'); // 7 days left
    await runDaily('2027-06-24T04:00:00Z');
    expect((await notes(secretariat, '证书提醒公司')).map((n: { title: string }) => n.title)).toEqual([
      '资质证书 7 天后到期：证书提醒公司',
      '资质证书 25 天后到期：证书提醒公司',
      '资质证书 60 天后到期：证书提醒公司',
    ]);
  });

  it("tells the member company's own login, by e-mail too", async () => {
    // The demo member login represents the first demo company, whose certificate expires in 25 days.
    const today = todayIn('Asia/Shanghai');
    await runDaily(`${today}T04:00:00Z`);
    const member = await loginAs(server, 'member@demo.test');
    const mine = await notes(member, '资质证书');
    expect(mine.map((n: { title: string }) => n.title)).toEqual(['资质证书 25 天后到期：华东智能制造股份有限公司']);
    expect(server.services.mailer.recent.some((m) => m.to === 'member@demo.test' && m.subject === mine[0].title)).toBe(true);
  });
});

describe('renewal', () => {
  it('continues the term of a member in grace from the day after it ended, and activates a pending one from today', async () => {
    const id = await addMember('续期公司', 5, '2025-12-31', 'grace');
    const renewed = await secretariat.post(`/api/v1/members/${id}/renew`, { terms: 2 });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ expiresOn: '2027-12-31', joinedOn: '2024-01-01' });
    const pending = (await secretariat.post('/api/v1/members', { name: '新入会公司', creditCode: withCheckChar('91310115MA1K00006'), levelId, status: 'pending' })).body.id;
    const activated = await secretariat.post(`/api/v1/members/${pending}/renew`, { terms: 1 });
    const today = todayIn('Asia/Shanghai');
    expect(activated.body).toMatchObject({ status: 'active', joinedOn: today });
    const withdrawn = await addMember('已退会公司', 7, '2025-12-31', 'withdrawn');
    expect((await secretariat.post(`/api/v1/members/${withdrawn}/renew`, { terms: 1 })).status).toBe(409);
  });
});
