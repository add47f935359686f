import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';
import { LIVE_LIMIT } from './interaction.ts';
import { makeAttendees, meetingBody } from './testing.ts';

// Two app instances on one database and one Redis (npm run test:services): the chat limit is
// counted in Redis, so a person who spreads messages over both instances still gets only the limit.
let server: TestServer;
let second: TestServer;
beforeAll(async () => {
  if (!process.env.REDIS_URL) throw new Error('this test needs REDIS_URL (npm run test:services)');
  server = await startTestServer();
  second = await startTestServer({ REDIS_PREFIX: server.config.REDIS_PREFIX }, { db: server.services.db });
});
afterAll(async () => {
  await second?.stop();
  await server?.stop();
});

describe('live chat rate limit across instances', () => {
  it('holds for one person posting through both instances, and not for someone else', async () => {
    const staff = await loginAs(server, 'secretariat@demo.test');
    const m = (await staff.post('/api/v1/meetings', meetingBody())).body;
    const [a, b] = await makeAttendees(server, 'demo', 2);
    for (const p of [a, b]) await p.post(`/api/v1/meetings/${m.id}/registration`, {});
    const on = (url: string, who: ApiClient) => Object.assign(new ApiClient(url), { bearer: who.bearer });
    const viaSecond = on(second.url, a);

    // Twice the limit, alternating instances: with per-instance counters all of them would pass.
    const results = [];
    for (let i = 0; i < LIVE_LIMIT.points * 2; i++) results.push(await (i % 2 ? viaSecond : a).post(`/api/v1/meetings/${m.id}/chat`, { body: `消息 ${i}` }));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIVE_LIMIT.points);
    expect(statuses.slice(LIVE_LIMIT.points)).toEqual(Array(LIVE_LIMIT.points).fill(429));
    expect(Number(results.at(-1)!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Both instances refuse now, and what got through is exactly what is stored.
    const stored = (await staff.get(`/api/v1/meetings/${m.id}/interaction`)).body.chat;
    expect(stored).toHaveLength(LIVE_LIMIT.points);
    expect((await on(second.url, b).post(`/api/v1/meetings/${m.id}/chat`, { body: '我还能发言' })).status).toBe(201);
  }, 60_000);
});
