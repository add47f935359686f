// Fan-out: one domain event (as a compliance alert would be) to 2,000 open dashboard sockets.
// Latency = client receipt time minus the server's send stamp (`at`), same machine clock.
// Compared on the same client load with a bare Socket.IO broadcast; measured on one instance
// (embedded database) and on two instances sharing PostgreSQL and Redis (half the sockets on each).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { emit, freePort, freshPostgresDatabase, info, login, percentile, repoRoot, round, spawnServer, waitFor200, type SpawnedServer } from './lib.ts';

const SOCKETS = Number(process.env.BENCH_FANOUT_SOCKETS ?? 2000);
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 5);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Opens n sockets in batches (a browser tab each), resolving once all are connected. */
async function openSockets(targets: { url: string; cookie?: string }[], n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = Array.from({ length: Math.min(100, n - i) }, (_, j) => {
      const t = targets[(i + j) % targets.length];
      const s = connect(t.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: t.cookie ? { cookie: t.cookie } : {} });
      sockets.push(s);
      return new Promise<void>((ok, fail) => {
        s.once('connect', () => ok());
        s.once('connect_error', fail);
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

/** Runs ROUNDS broadcasts; each resolves when every socket has the message. Returns all latencies in ms. */
async function measure(sockets: Socket[], trigger: (round: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  // Round 0 warms up both ends and is not counted.
  for (let r = 0; r <= ROUNDS; r++) {
    let left = sockets.length;
    const done = new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`round ${r}: ${left} sockets got nothing within 30 s`)), 30_000);
      for (const s of sockets) {
        s.once('domain:event', (e: { at: string }) => {
          if (r > 0) latencies.push(Date.now() - Date.parse(e.at));
          if (--left === 0) {
            clearTimeout(timer);
            ok();
          }
        });
      }
    });
    await trigger(r);
    await done;
    await sleep(300);
  }
  return latencies;
}

const createNote = (base: string, cookie: string, r: number) =>
  fetch(`${base}/api/v1/notes`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ title: `fan-out ${r}` }) }).then((res) => {
    if (res.status !== 201) throw new Error(`note not created: ${res.status}`);
  });

function close(sockets: Socket[]) {
  for (const s of sockets) s.disconnect();
}

function report(label: string, latencies: number[], extra: { goal?: string; reference?: string; note: string }) {
  emit({ name: `fan-out to ${SOCKETS} sockets, ${label}, p50`, value: round(percentile(latencies, 0.5)), unit: 'ms', note: extra.note });
  emit({ name: `fan-out to ${SOCKETS} sockets, ${label}, p99`, value: round(percentile(latencies, 0.99)), unit: 'ms', goal: extra.goal, reference: extra.reference, note: extra.note });
  return percentile(latencies, 0.99);
}

// --- reference: bare Socket.IO -------------------------------------------------------------------
const refPort = await freePort();
const ref = spawn(process.execPath, ['bench/reference/bare-socketio.ts'], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', PORT: String(refPort) }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((ok) => ref.stdout!.once('data', () => ok()));
const refBase = `http://127.0.0.1:${refPort}`;
let sockets = await openSockets([{ url: refBase }], SOCKETS);
info(`reference: ${sockets.length} sockets connected`);
const refP99 = report('bare Socket.IO (reference)', await measure(sockets, () => fetch(`${refBase}/emit`, { method: 'POST' }).then(() => {})), {
  note: `${ROUNDS} broadcasts; client load identical to ours`,
});
close(sockets);
ref.kill('SIGTERM');

// --- ours, one instance ---------------------------------------------------------------------------
const dataDir = mkdtempSync(join(tmpdir(), 'xh-fanout-'));
let servers: SpawnedServer[] = [];
try {
  const port = await freePort();
  const one = spawnServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000000' });
  servers = [one];
  await waitFor200(one, '/readyz');
  const cookie = await login(one.base);
  sockets = await openSockets([{ url: one.base, cookie }], SOCKETS);
  info(`one instance: ${sockets.length} sockets connected`);
  report('one instance', await measure(sockets, (r) => createNote(one.base, cookie, r)), {
    goal: '<= 250',
    reference: `bare Socket.IO broadcast p99 ${round(refP99)} ms; goal ≤ 1.3× = ${round(refP99 * 1.3)} ms`,
    note: `${ROUNDS} rounds of POST /api/v1/notes; each note.created event goes to the role rooms allowed to see it; all sockets are one admin's tabs; embedded database`,
  });
  close(sockets);
  await one.stop();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

// --- ours, two instances via Redis -----------------------------------------------------------------
let db: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined;
try {
  db = await freshPostgresDatabase('fanout');
  const shared = { HOST: '127.0.0.1', DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: `xhbench:${randomBytes(4).toString('hex')}`, SEED_DEMO: 'true', LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000000' };
  const a = spawnServer({ ...shared, PORT: String(await freePort()) });
  await waitFor200(a, '/readyz');
  const b = spawnServer({ ...shared, PORT: String(await freePort()) });
  servers = [a, b];
  await waitFor200(b, '/readyz');
  const cookie = await login(a.base);
  sockets = await openSockets([{ url: a.base, cookie }, { url: b.base, cookie }], SOCKETS);
  info(`two instances: ${sockets.length} sockets connected`);
  report('two instances via Redis', await measure(sockets, (r) => createNote(a.base, cookie, r)), {
    goal: '<= 250',
    reference: `bare Socket.IO broadcast p99 ${round(refP99)} ms (one process)`,
    note: `half the sockets on each instance, the change made on the first; PostgreSQL and the Redis Streams adapter`,
  });
  close(sockets);
} catch (err) {
  info(`two instances skipped: ${(err as Error).message}`);
} finally {
  for (const s of servers) await s.stop();
  await db?.drop();
}
process.exit(0);
