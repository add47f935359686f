// Meetings under load, against a real server process on 127.0.0.1.
// 1. Registration burst: 500 different members register for one meeting within 10 s (one request
//    every 20 ms, not waiting for answers), on PostgreSQL. Figures: p50/p99 latency and the
//    overbooking (confirmed minus capacity), which must be 0.
// 2. Chat fan-out: 1,000 sockets in one meeting's room; one chat message posted over HTTP; delivery
//    latency = receipt minus the moment the POST was sent (same machine clock), on the embedded database.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { hashToken } from '../server/modules/auth/tokens.ts';
import { emit, freePort, info, percentile, round, spawnServer, waitFor200, type SpawnedServer } from './lib.ts';

const REGISTRATIONS = Number(process.env.BENCH_MEETING_REGISTRATIONS ?? 500);
const BURST_MS = Number(process.env.BENCH_MEETING_BURST_MS ?? 10_000);
const CAPACITY = Math.floor(REGISTRATIONS * 0.6);
const SOCKETS = Number(process.env.BENCH_MEETING_SOCKETS ?? 1000);
const ROUNDS = Number(process.env.BENCH_MEETING_ROUNDS ?? 5);
const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const json = { 'content-type': 'application/json' };

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'demo12345' }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return res.headers.getSetCookie()[0].split(';')[0];
}

async function createMeeting(base: string, cookie: string, capacity: number | null) {
  const day = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  const res = await fetch(`${base}/api/v1/meetings`, {
    method: 'POST',
    headers: { ...json, cookie },
    body: JSON.stringify({ title: 'bench meeting', format: 'hybrid', startsAt: day(-1), endsAt: day(3), venue: { name: 'bench hall' }, capacity }),
  });
  if (res.status !== 201) throw new Error(`meeting not created: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function registrationBurst() {
  const dbName = `xh_bench_meetings_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${dbName}`;
  const port = await freePort();
  const server = spawnServer({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url.toString(), SEED_DEMO: 'true', LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000000' });
  try {
    await waitFor200(server, '/readyz');
    const cookie = await login(server.base, 'secretariat@demo.test');
    const meetingId = await createMeeting(server.base, cookie, CAPACITY);
    // Members with bearer tokens, written straight into the database (logging 500 people in would time argon2, not us).
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    const tenantId = (await db.query<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = 'demo'`)).rows[0].id;
    const tokens: string[] = [];
    for (let i = 0; i < REGISTRATIONS; i++) {
      const userId = (
        await db.query<{ id: string }>(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`, [`bench-${i}@example.test`, `参会者 ${i}`])
      ).rows[0].id;
      await db.query(`INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'member', now())`, [tenantId, userId]);
      const token = randomBytes(32).toString('base64url');
      await db.query(`INSERT INTO "Session" (id, "userId", "tenantId", kind, "expiresAt") VALUES ($1, $2, $3, 'bearer', now() + interval '1 hour')`, [hashToken(token), userId, tenantId]);
      tokens.push(token);
    }
    info(`${REGISTRATIONS} members ready; registering within ${BURST_MS} ms`);
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const gap = BURST_MS / REGISTRATIONS;
    const started = performance.now();
    await Promise.all(
      tokens.map(async (token, i) => {
        await sleep(Math.max(0, started + i * gap - performance.now()));
        const t0 = performance.now();
        const res = await fetch(`${server.base}/api/v1/meetings/${meetingId}/registration`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: '{}' });
        const body = (await res.json()) as { status?: string };
        latencies.push(performance.now() - t0);
        const key = res.status === 201 ? (body.status ?? '?') : `http ${res.status}`;
        statuses[key] = (statuses[key] ?? 0) + 1;
      }),
    );
    const wall = performance.now() - started;
    const confirmed = Number((await db.query(`SELECT count(*) FROM "MeetingRegistration" WHERE "meetingId" = $1 AND status = 'confirmed'`, [meetingId])).rows[0].count);
    await db.end();
    info(`statuses ${JSON.stringify(statuses)} in ${Math.round(wall)} ms`);
    const note = `${REGISTRATIONS} members, one POST every ${round(gap)} ms (${Math.round(wall)} ms in all), capacity ${CAPACITY}; one app process on PostgreSQL 15 (pool 10), registrations of one meeting serialised (row lock); statuses ${JSON.stringify(statuses)}; 1-minute load average ${round(loadavg()[0])} when it ended`;
    emit({ name: 'meetings: registration burst p50', value: round(percentile(latencies, 0.5)), unit: 'ms', note });
    emit({ name: 'meetings: registration burst p99', value: round(percentile(latencies, 0.99)), unit: 'ms', goal: '<= 1000', note });
    emit({ name: 'meetings: registration burst overbooking', value: confirmed - CAPACITY, unit: 'seats', goal: '<= 0', note: `confirmed ${confirmed} of capacity ${CAPACITY}, waitlisted the rest` });
  } finally {
    await server.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

async function chatFanOut() {
  const dataDir = mkdtempSync(join(tmpdir(), 'xh-bench-meetings-'));
  const port = await freePort();
  const server: SpawnedServer = spawnServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000000' });
  const sockets: Socket[] = [];
  try {
    await waitFor200(server, '/readyz');
    const staff = await login(server.base, 'secretariat@demo.test');
    const viewer = await login(server.base, 'member@demo.test');
    const meetingId = await createMeeting(server.base, staff, null);
    for (let i = 0; i < SOCKETS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, SOCKETS - i) }, async () => {
          const s = connect(server.base, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: viewer } });
          sockets.push(s);
          await new Promise<void>((ok, fail) => {
            s.once('connect', () => ok());
            s.once('connect_error', fail);
          });
          const joined = await new Promise<{ ok: boolean }>((ok) => s.emit('room:join', { kind: 'meeting', id: meetingId }, ok));
          if (!joined.ok) throw new Error('room join refused');
        }),
      );
    }
    info(`${sockets.length} sockets in the meeting room`);
    const latencies: number[] = [];
    for (let r = 0; r <= ROUNDS; r++) {
      let left = sockets.length;
      let sentAt = 0;
      const done = new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`round ${r}: ${left} sockets got nothing within 30 s`)), 30_000);
        for (const s of sockets) {
          const on = (e: { name: string }) => {
            if (e.name !== 'meeting.chat.posted') return;
            s.off('domain:event', on);
            if (r > 0) latencies.push(performance.now() - sentAt);
            if (--left === 0) {
              clearTimeout(timer);
              ok();
            }
          };
          s.on('domain:event', on);
        }
      });
      sentAt = performance.now();
      const res = await fetch(`${server.base}/api/v1/meetings/${meetingId}/chat`, { method: 'POST', headers: { ...json, cookie: staff }, body: JSON.stringify({ body: `round ${r}` }) });
      if (res.status !== 201) throw new Error(`chat refused: ${res.status}`);
      await done;
      // The per-person chat limit is 8 per 10 s.
      await sleep(1300);
    }
    const note = `${sockets.length} sockets of one client process in one meeting room, ${ROUNDS} messages (first round not counted); from the POST leaving the client to each socket's receipt; one app process, embedded database; 1-minute load average ${round(loadavg()[0])} when it ended`;
    emit({ name: 'meetings: chat fan-out p50', value: round(percentile(latencies, 0.5)), unit: 'ms', note });
    emit({ name: 'meetings: chat fan-out p99', value: round(percentile(latencies, 0.99)), unit: 'ms', goal: '<= 1000', note });
  } finally {
    for (const s of sockets) s.disconnect();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await registrationBurst();
await chatFanOut();
