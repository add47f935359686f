import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';
import { rulesOf } from './service.ts';
import { gradeOf, scoreOf } from './score.ts';
import { runInTenant } from '../../db/tenant-scope.ts';

// On PostgreSQL (npm run test:services), with two app instances on one database, so that the
// consumers really run in parallel: the unique claim keeps each event to one entry and one points
// line, and the member's locked standing row keeps its score equal to a recomputation.
let server: TestServer;
let second: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  second = await startTestServer({}, { db: server.services.db });
});
afterAll(async () => {
  await second?.stop();
  await server?.stop();
});

describe('credit and points consumers on two instances', () => {
  it('count every event once and keep the standing consistent under concurrent entries for one member', async () => {
    const member = await loginAs(server, 'member@demo.test');
    const { tenant, user } = (await member.get('/api/v1/auth/session')).body;
    const prisma = server.services.db.prisma;
    const companyId = (await member.get('/api/v1/credit/mine')).body.archive.standing.memberId as string;
    const before = await prisma.creditEntry.count({ where: { tenantId: tenant.id, memberId: companyId } });
    const events: DomainEvents['meeting.attended'][] = Array.from({ length: 20 }, (_, i) => ({ tenantId: tenant.id, meetingId: randomUUID(), title: `并发会议 ${i}`, userId: user.id, mode: 'online', watchMinutes: 45, at: new Date().toISOString() }));
    // Both instances hear every event (as if delivered twice), at once.
    for (const e of events) {
      server.services.events.publish('meeting.attended', e);
      second.services.events.publish('meeting.attended', e);
    }
    await expect.poll(() => prisma.creditEntry.count({ where: { tenantId: tenant.id, title: { startsWith: '并发会议' } } }), { timeout: 20_000 }).toBe(20);
    await expect.poll(() => prisma.pointsEntry.count({ where: { tenantId: tenant.id, title: { startsWith: '并发会议' } } }), { timeout: 20_000 }).toBe(20);
    // Give any straggling duplicate a moment to (not) land.
    await new Promise((ok) => setTimeout(ok, 500));
    expect(await prisma.creditEntry.count({ where: { tenantId: tenant.id, title: { startsWith: '并发会议' } } })).toBe(20);

    const standing = (await prisma.creditStanding.findFirst({ where: { tenantId: tenant.id, memberId: companyId } }))!;
    expect(standing.entries).toBe(before + 20);
    const entries = await prisma.creditEntry.findMany({ where: { tenantId: tenant.id, memberId: companyId } });
    const rules = await runInTenant({ tenantId: tenant.id, actorId: null }, () => rulesOf(server.services.scoped));
    const score = scoreOf(entries, rules, new Date());
    expect(Math.abs(standing.score - score)).toBeLessThanOrEqual(1);
    expect(standing.grade).toBe(gradeOf(standing.score, rules.thresholds));
  }, 60_000);
});
