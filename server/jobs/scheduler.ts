import type { Services } from '../http/routes.ts';
import { runInTenant, write, type ScopedTx } from '../db/tenant-scope.ts';
import { logger } from '../logger.ts';

/** When a job runs: every N minutes, or once a day after a local time in each association's time zone. */
export type Schedule = { everyMinutes: number } | { dailyAt: string };

export interface JobContext {
  services: Services;
  /** The association this run is for (jobs run per association, inside its scope). */
  tenant: { id: string; slug: string; name: string; timeZone: string };
  /** The slot being run: "2026-11-27" for daily jobs (the association's local date), a minute count otherwise. */
  slot: string;
  now: Date;
  write<T>(fn: (tx: ScopedTx) => Promise<T>): Promise<T>;
}

export interface Job {
  name: string;
  schedule: Schedule;
  run(ctx: JobContext): Promise<void>;
}

const localParts = (now: Date, timeZone: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
};

/** The slot due now for this schedule, or null when a daily job's hour has not come yet today. */
export function dueSlot(schedule: Schedule, now: Date, timeZone: string): string | null {
  if ('everyMinutes' in schedule) return String(Math.floor(now.getTime() / (schedule.everyMinutes * 60_000)));
  const local = localParts(now, timeZone);
  return local.time >= schedule.dailyAt ? local.date : null;
}

/**
 * Runs registered jobs for every association. A run is claimed by inserting its (job, slot) row
 * first: with several app instances on one database, exactly one claims each slot and runs it.
 * A run that fails is logged with its error and not retried in the same slot.
 */
export class Scheduler {
  private readonly jobs: Job[] = [];
  private readonly services: Services;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(services: Services) {
    this.services = services;
  }

  register(job: Job) {
    if (this.jobs.some((j) => j.name === job.name)) throw new Error(`job ${job.name} registered twice`);
    this.jobs.push(job);
  }

  start(intervalMs = 30_000) {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
    void this.tick();
  }

  async stop() {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every job and association (tests call it with a chosen time). */
  tick(now = new Date()): Promise<void> {
    if (this.running) return this.running;
    this.running = this.pass(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(now: Date) {
    if (!this.jobs.length) return;
    const prisma = this.services.db.prisma;
    const tenants = await prisma.tenant.findMany({ select: { id: true, slug: true, name: true, timeZone: true }, orderBy: { createdAt: 'asc' } });
    for (const job of this.jobs) {
      for (const tenant of tenants) {
        const slot = dueSlot(job.schedule, now, tenant.timeZone);
        if (slot === null) continue;
        const name = `${job.name}:${tenant.id}`;
        // Claimed already (by an earlier pass or another instance) inserts nothing: no error to raise,
        // build and log every 30 s for each job and association.
        const [claim] = await prisma.jobRun.createManyAndReturn({ data: [{ name, slot }], skipDuplicates: true, select: { id: true } });
        if (!claim) continue;
        let error: string | null = null;
        try {
          await runInTenant({ tenantId: tenant.id, actorId: null, requestId: `job:${job.name}:${slot}` }, () =>
            job.run({ services: this.services, tenant, slot, now, write: (fn) => write(this.services.scoped, fn) }),
          );
        } catch (err) {
          error = err instanceof Error ? (err.stack ?? err.message) : String(err);
          logger.error({ err, job: job.name, tenant: tenant.slug, slot }, 'scheduled job failed');
        }
        await prisma.jobRun.update({ where: { id: claim.id }, data: { finishedAt: new Date(), error } });
      }
    }
  }
}
