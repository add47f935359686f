import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { scopeToTenant } from '../db/tenant-scope.ts';
import type { Services } from '../http/routes.ts';
import { createTestDatabase } from '../testing/harness.ts';
import { dueSlot, Scheduler, type Job } from './scheduler.ts';

let db: Database;
let drop: () => Promise<void>;
let services: Services;

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  await migrate(db);
  await db.prisma.tenant.createMany({ data: [{ slug: 'sh', name: '上海', timeZone: 'Asia/Shanghai' }, { slug: 'ny', name: 'New York', timeZone: 'America/New_York' }] });
  services = { db, scoped: scopeToTenant(db.prisma) } as unknown as Services;
});
afterAll(() => drop());

describe('scheduled jobs', () => {
  it('run once per slot and association even when two instances tick at the same moment', async () => {
    const runs: string[] = [];
    const job: Job = { name: 'count', schedule: { everyMinutes: 10 }, run: async ({ tenant, slot }) => void runs.push(`${tenant.slug}@${slot}`) };
    const a = new Scheduler(services);
    const b = new Scheduler(services);
    a.register(job);
    b.register(job);
    const t0 = new Date('2026-11-27T02:00:00Z');
    await Promise.all([a.tick(t0), b.tick(t0), a.tick(new Date(t0.getTime() + 60_000))]);
    expect(runs.sort()).toEqual([`ny@${dueSlot(job.schedule, t0, 'UTC')}`, `sh@${dueSlot(job.schedule, t0, 'UTC')}`]);
    await b.tick(new Date(t0.getTime() + 10 * 60_000));
    expect(runs).toHaveLength(4);
  });

  it('a daily job runs after its hour in each association’s own time zone, once that day', async () => {
    const runs: string[] = [];
    const s = new Scheduler(services);
    s.register({ name: 'daily', schedule: { dailyAt: '02:00' }, run: async ({ tenant, slot }) => void runs.push(`${tenant.slug}@${slot}`) });
    await s.tick(new Date('2026-11-26T17:30:00Z')); // 01:30 in Shanghai, 12:30 in New York
    expect(runs).toEqual(['ny@2026-11-26']);
    await s.tick(new Date('2026-11-26T18:05:00Z')); // 02:05 in Shanghai
    await s.tick(new Date('2026-11-26T23:00:00Z'));
    expect(runs).toEqual(['ny@2026-11-26', 'sh@2026-11-27']);
  });

  it('runs inside the association’s scope and records a failure without stopping the others', async () => {
    const seen: string[] = [];
    const s = new Scheduler(services);
    s.register({
      name: 'scoped',
      schedule: { everyMinutes: 60 },
      run: async ({ tenant }) => {
        if (tenant.slug === 'sh') throw new Error('boom');
        seen.push(String(await services.scoped.note.count()));
      },
    });
    await s.tick(new Date('2026-11-27T05:00:00Z'));
    expect(seen).toEqual(['0']);
    const failed = await db.prisma.jobRun.findMany({ where: { name: { startsWith: 'scoped:' }, error: { not: null } } });
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toContain('boom');
  });
});
