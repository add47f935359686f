import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { scopeToTenant } from '../db/tenant-scope.ts';
import { EventBus } from '../events.ts';
import { createApp, type AppState } from '../http/app.ts';
import type { Services } from '../http/routes.ts';
import { rateLimiters } from '../http/rate-limits.ts';
import { logger } from '../logger.ts';
import { Mailer } from '../mail/mailer.ts';
import { LoginLimiter } from '../modules/auth/rate-limit.ts';
import { mountCollab } from '../collab/mount.ts';
import { RealtimeHub } from '../realtime/hub.ts';
import { registerRoomKinds } from '../modules/rooms.ts';
import { registerJobs } from '../modules/jobs.ts';
import { notify } from '../modules/notifications/service.ts';
import { Scheduler } from '../jobs/scheduler.ts';
import { startSubscribers } from '../modules/subscribers.ts';
import { seedDemo } from './seed.ts';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  http: Server;
  hub: RealtimeHub;
  collab: Awaited<ReturnType<typeof mountCollab>>;
  scheduler: Scheduler;
  /** Drains connections, stores open documents and closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Mount the built SvelteKit app when client/build exists (default true). */
  web?: boolean;
  /** Use this database instead of opening one from the config (tests). */
  db?: Database;
  /** Run scheduled jobs (default true); tests drive them with scheduler.tick(). */
  jobs?: boolean;
}

export const clientBuildDir = resolve(import.meta.dirname, '../../client/build');

/** Everything `npm start` does, as a function the tests and benchmarks can call too. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const started = performance.now();
  const db = opts.db ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'pglite'), sharedBuffers: config.PGLITE_SHARED_BUFFERS }));
  const { applied, warnings } = await migrate(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  for (const w of warnings) logger.warn(w);
  if (config.SEED_DEMO && (await seedDemo(db))) logger.info('seeded the demo associations (demo, demo2)');

  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: false }) : undefined;
  redis?.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  const events = new EventBus();
  const state: AppState = { ready: false, draining: false };
  let hub!: RealtimeHub;
  let collab!: Awaited<ReturnType<typeof mountCollab>>;
  const services: Services = {
    config,
    db,
    scoped: scopeToTenant(db.prisma),
    events,
    mailer: new Mailer(config.SMTP_URL, config.MAIL_FROM),
    limiter: new LoginLimiter(
      { perAccount: config.LOGIN_MAX_PER_ACCOUNT, perIp: config.LOGIN_MAX_PER_IP, windowSeconds: Math.round(config.LOGIN_WINDOW_MINUTES * 60) },
      redis,
      config.REDIS_PREFIX,
    ),
    rateLimiter: rateLimiters(redis, config.REDIS_PREFIX),
    presence: (tenantId) => hub.presence(tenantId),
    revokeLive: (userId, tenantId) => {
      hub.revoke(userId, tenantId);
      collab.revoke(userId, tenantId);
    },
    revokeSession: (sessionId) => hub.revokeSession(sessionId),
    revokeCollab: (userId, tenantId) => collab.revoke(userId, tenantId),
    push: (room, event, ...args) => hub.io.to(room).emit(event, ...args),
    notify: (n) => notify(services, n),
  };

  const app = createApp(services, state);
  const http = createServer(app);
  hub = new RealtimeHub(http, services, redis ? { client: redis, prefix: config.REDIS_PREFIX } : undefined);
  registerRoomKinds(hub, services);
  collab = await mountCollab(http, services, { redisUrl: config.REDIS_URL });

  if (opts.web !== false && existsSync(join(clientBuildDir, 'handler.js'))) {
    // adapter-node assumes https and trusts the Host header unless told otherwise; hand it the protocol
    // and host Express computed (they honour TRUST_PROXY), so its CSRF check sees the real origin.
    process.env.PROTOCOL_HEADER ??= 'x-xiehui-protocol';
    // Form posts may carry a member ledger to import (the API takes up to 5 MB).
    process.env.BODY_SIZE_LIMIT ??= '6M';
    process.env.HOST_HEADER ??= 'x-xiehui-host';
    const { PROTOCOL_HEADER: protoHeader, HOST_HEADER: hostHeader } = process.env;
    const { handler } = (await import(pathToFileURL(join(clientBuildDir, 'handler.js')).href)) as { handler: (req: IncomingMessage, res: ServerResponse, next: () => void) => void };
    app.use((req, res, next) => {
      if (protoHeader === 'x-xiehui-protocol') req.headers[protoHeader] = req.protocol;
      if (hostHeader === 'x-xiehui-host') req.headers[hostHeader] = req.host;
      handler(req, res, next);
    });
  }

  const stopSubscribers = startSubscribers(services);
  const scheduler = new Scheduler(services);
  registerJobs(scheduler);
  if (opts.jobs !== false) scheduler.start();

  // Live connections outlast the request that opened them; end those whose session has ended.
  const sweep = setInterval(() => {
    Promise.all([hub.sweepSessions(), collab.sweepSessions()]).catch((err) => logger.warn({ err }, 'session sweep failed'));
  }, 60_000);
  sweep.unref();

  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(config.PORT, config.HOST, () => ok());
  });
  state.ready = true;
  const port = (http.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  logger.info({ port, ms: Math.round(performance.now() - started), database: db.kind }, 'listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      state.draining = true;
      clearInterval(sweep);
      await scheduler.stop();
      stopSubscribers();
      // One deadline for the whole drain: storing documents first, then open requests.
      const deadline = new Promise<void>((ok) => setTimeout(ok, config.SHUTDOWN_TIMEOUT_MS).unref());
      const drained = new Promise<void>((ok) => http.close(() => ok()));
      await Promise.race([collab.close(), deadline]);
      await hub.close();
      http.closeIdleConnections();
      await Promise.race([drained, deadline]);
      http.closeAllConnections();
      if (!opts.db) await db.close();
      redis?.disconnect();
    })());
  return { url, port, services, http, hub, collab, scheduler, close };
}
