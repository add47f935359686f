// Foundation figures: cold start, login + first page, memory.
//
// - Cold start: from spawning `node server/main.ts` (embedded PGlite, fresh temp DATA_DIR) to the
//   first 200 on `/` (redirects followed), once on an empty data dir (migrations + demo seed) and
//   once restarting on that data dir. BENCH_COLD_RUNS rounds (default 3), median reported.
// - Login and first page: BENCH_LOGIN_ITERATIONS (default 200) sequential rounds of
//   POST /api/v1/auth/login then GET / with the session cookie (the dashboard, rendered by SSR).
// - RSS of the server process (VmRSS) after start and after the login run.
//
// Builds first, as npm start does, when the web app or the database template is missing or stale; if the
// build fails it measures the API only (first 200 on /readyz, GET /api/v1/me) and says so in every figure.
// The server gets LOGIN_MAX_PER_IP=1000000: the default (30 per 15 min per IP) would refuse the
// login run, which comes from one address.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild } from '../scripts/ensure-build.ts';
import { cpuMs, emit, freePort, info, percentile, repoRoot, round, rssMb, spawnServer, waitFor200, type Figure } from './lib.ts';

const coldRuns = Number(process.env.BENCH_COLD_RUNS ?? 3);
const iterations = Number(process.env.BENCH_LOGIN_ITERATIONS ?? 200);
const email = process.env.BENCH_LOGIN_EMAIL ?? 'admin@demo.test';
const password = 'demo12345';
const loginMaxPerIp = '1000000';

// --- the build (web app and embedded-database template), as npm start's prestart makes it -----------
const handler = join(repoRoot, 'client/build/handler.js');
if (process.env.BENCH_NO_BUILD !== '1') {
  const t0 = performance.now();
  try {
    await ensureBuild();
  } catch (err) {
    info(`build failed: ${(err as Error).message}`);
  }
  info(`build checked in ${round((performance.now() - t0) / 1000)} s`);
}
const web = existsSync(handler);
const apiOnly = web ? '' : ' [API only: no client build]';
const readyPath = web ? '/' : '/readyz';
const pagePath = web ? '/' : '/api/v1/auth/session';
const mark = (f: Figure): Figure => (web ? f : { ...f, note: [f.note, 'API only: client/build missing and npm run build failed'].filter(Boolean).join('; ') });
if (!web) info('measuring the API only: client/build is still missing');

const median = (xs: number[]) => percentile(xs, 0.5);
const serverEnv = (port: number, dataDir: string) => ({
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  SEED_DEMO: 'true',
  LOGIN_MAX_PER_IP: loginMaxPerIp,
});

/** Spawns the server and times spawn → first 200 on readyPath. */
async function coldStart(port: number, dataDir: string) {
  const t0 = performance.now();
  const server = spawnServer(serverEnv(port, dataDir));
  let finalUrl: string;
  try {
    finalUrl = await waitFor200(server, readyPath);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const ms = performance.now() - t0;
  return { server, ms, finalUrl, rss: rssMb(server.pid), cpu: cpuMs(server.pid) };
}

// --- cold starts ---------------------------------------------------------------------------------
const port = await freePort();
info(`server on 127.0.0.1:${port}, LOGIN_MAX_PER_IP=${loginMaxPerIp} (raised for the login run)`);
const firstMs: number[] = [];
const restartMs: number[] = [];
const firstRss: number[] = [];
const firstCpu: number[] = [];
const restartCpu: number[] = [];
const restartRss: number[] = [];
const dirs: string[] = [];
let live: Awaited<ReturnType<typeof coldStart>> | undefined;
try {
  for (let i = 0; i < coldRuns; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'xh-bench-'));
    dirs.push(dir);
    const first = await coldStart(port, dir);
    firstMs.push(first.ms);
    firstRss.push(first.rss);
    firstCpu.push(first.cpu);
    await first.server.stop();
    const again = await coldStart(port, dir);
    restartMs.push(again.ms);
    restartRss.push(again.rss);
    restartCpu.push(again.cpu);
    info(`round ${i + 1}: first start ${round(first.ms, 0)} ms, restart ${round(again.ms, 0)} ms (200 from ${new URL(again.finalUrl).pathname})`);
    if (i < coldRuns - 1) await again.server.stop();
    else live = again;
  }
  const runs = (xs: number[]) => `median of ${xs.length}: ${xs.map((x) => round(x, 0)).join(', ')} ms`;
  const target = web ? `/ (200 from ${new URL(live!.finalUrl).pathname} after redirects)` : '/readyz';
  emit(mark({
    name: `cold start, empty data dir (migrations + seed)${apiOnly}`,
    value: round(median(firstMs), 0),
    unit: 'ms',
    goal: '<= 5000',
    reference: 'PGlite alone opens a fresh data dir in 1.6-2 s here (notes/environment.md)',
    note: `spawn of node server/main.ts to first 200 on ${target}; ${runs(firstMs)}`,
  }));
  emit(mark({
    name: `cold start, restart on existing data dir${apiOnly}`,
    value: round(median(restartMs), 0),
    unit: 'ms',
    goal: '<= 5000',
    reference: 'PGlite alone reopens a data dir in 0.3-0.4 s here (notes/environment.md)',
    note: `spawn to first 200 on ${target}; ${runs(restartMs)}`,
  }));
  emit(mark({
    name: `cold start CPU time, empty data dir${apiOnly}`,
    value: round(median(firstCpu), 0),
    unit: 'ms',
    note: `user + system time of the server process until its first 200; steadier than wall time on a busy machine; ${runs(firstCpu)}`,
  }));
  emit(mark({
    name: `cold start CPU time, restart${apiOnly}`,
    value: round(median(restartCpu), 0),
    unit: 'ms',
    note: `user + system time of the server process until its first 200; ${runs(restartCpu)}`,
  }));
  emit(mark({ name: `RSS after first start${apiOnly}`, value: round(median(firstRss)), unit: 'MB', goal: '<= 300', note: 'VmRSS at the first 200, empty data dir' }));
  emit(mark({ name: `RSS after restart${apiOnly}`, value: round(median(restartRss)), unit: 'MB', goal: '<= 300', note: 'VmRSS at the first 200, existing data dir' }));

  // --- login and first page ------------------------------------------------------------------------
  const base = live!.server.base;
  const login: number[] = [];
  const page: number[] = [];
  const both: number[] = [];
  const failures: string[] = [];
  let pageBytes = 0;
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: JSON.stringify({ email, password }),
      redirect: 'manual',
    });
    await res.arrayBuffer();
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('xh_session='));
    const t1 = performance.now();
    if (res.status !== 200 || !cookie) {
      failures.push(`login ${res.status}`);
      continue;
    }
    const pageRes = await fetch(base + pagePath, { headers: { cookie, 'accept-language': 'zh-CN', accept: 'text/html' } });
    const body = await pageRes.arrayBuffer();
    const t2 = performance.now();
    if (pageRes.status !== 200) {
      failures.push(`page ${pageRes.status} at ${new URL(pageRes.url).pathname}`);
      continue;
    }
    pageBytes = body.byteLength;
    login.push(t1 - t0);
    page.push(t2 - t1);
    both.push(t2 - t0);
    if (i === 0) info(`first page: 200 from ${new URL(pageRes.url).pathname}, ${pageBytes} bytes`);
  }
  const rssAfter = rssMb(live!.server.pid);
  const n = `${both.length} of ${iterations} sequential rounds as ${email}, no warm-up; server run with LOGIN_MAX_PER_IP=${loginMaxPerIp} so that the per-IP login limit (default 30 per 15 min) does not refuse the run`;
  for (const [what, xs, detail] of [
    ['login + first page', both, `POST /api/v1/auth/login then GET ${pagePath} with the cookie`],
    ['login', login, 'POST /api/v1/auth/login (argon2 verify, session insert)'],
    ['first page', page, `GET ${pagePath} with the session cookie${web ? ' (dashboard SSR, redirects followed)' : ''}`],
  ] as const) {
    if (!xs.length) continue;
    emit(mark({ name: `${what} p50${apiOnly}`, value: round(percentile(xs, 0.5)), unit: 'ms', note: `${detail}; ${n}` }));
    emit(mark({ name: `${what} p99${apiOnly}`, value: round(percentile(xs, 0.99)), unit: 'ms', note: `${detail}; ${n}` }));
  }
  emit(mark({ name: `RSS after the login run${apiOnly}`, value: round(rssAfter), unit: 'MB', note: `VmRSS after ${iterations} logins + pages; the ≤ 300 MB goal is for a fresh start: V8 keeps the heap it grew (heap in use drops back after GC) and glibc keeps argon2's 19 MiB hash buffers (MALLOC_MMAP_THRESHOLD_=131072 returns ~80 MB of them)` }));
  if (failures.length) {
    const counts = Object.entries(Object.groupBy(failures, (f) => f)).map(([k, v]) => `${k} ×${v!.length}`);
    emit({ name: 'login run failures', value: failures.length, unit: 'count', goal: '<= 0', note: counts.join(', ') });
    process.exitCode = 1;
  }
} finally {
  await live?.server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
