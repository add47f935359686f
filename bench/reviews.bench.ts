// Reviews: (1) drawing 7 experts from a pool of 10,000 with conflict screening, as the pure draw and
// through the API (snapshot built from the database, recorded, assignments written); (2) a panel of
// 30 reviewers who all score within a second: the reveal broadcast's latency to all 30 sockets
// (receipt time minus the server's send stamp, same machine clock).
import { io as connect, type Socket } from 'socket.io-client';
import type { PanelSignal } from '../schema/reviews/api.ts';
import type { Candidate, Snapshot } from '../server/modules/reviews/draw.ts';
import { emit, info, percentile, round } from './lib.ts';

// A kept-alive connection the server closes just as the next request goes out surfaces as
// ECONNRESET under this load (argon2 and the embedded database hold the event loop); such a
// request never reached the handler, so it is sent again.
const baseFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await baseFetch(input, init);
    } catch (err) {
      const code = ((err as { cause?: { code?: string } }).cause ?? {}).code;
      if (code !== 'ECONNRESET' || attempt >= 3) throw err;
    }
  }
};

// stdout carries figures only: the servers started here log nothing (the logger reads this at import).
process.env.LOG_LEVEL = 'silent';
const { runInTenant, write } = await import('../server/db/tenant-scope.ts');
const { indexTokens, tagPaths } = await import('../server/modules/experts/search.ts');
const { runDraw } = await import('../server/modules/reviews/draw.ts');
const { newExpert } = await import('../server/modules/reviews/testing.ts');
const { loginAs, startTestServer } = await import('../server/testing/harness.ts');

const POOL = Number(process.env.BENCH_REVIEWS_POOL ?? 10_000);
const PANEL = Number(process.env.BENCH_REVIEWS_PANEL ?? 30);
const ROUNDS = Number(process.env.BENCH_REVIEWS_ROUNDS ?? 10);
const fields = ['新能源/光伏', '新能源/储能', '新能源/氢能', '智能制造/机器人', '环境保护/水处理', '信息技术/人工智能', '生物医药/创新药', '新材料/薄膜'];
const employers = Array.from({ length: 400 }, (_, i) => `第${i}研究院`);
const regions = ['北京', '上海', '江苏', '广东', '四川', '湖北', '浙江', '山东'];

function syntheticPool(n: number): Candidate[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    userId: null,
    name: `专家${i}`,
    email: `e${i}@pool.test`,
    employer: employers[i % employers.length],
    employerCreditCode: null,
    region: regions[i % regions.length],
    tags: tagPaths([fields[i % fields.length], fields[(i * 7) % fields.length]]),
    available: i % 10 !== 0,
    maxReviews: 6,
    load: i % 7,
    relationships: i % 5 === 0 ? [{ kind: 'colleague', personName: `同事${i}`, organization: employers[(i + 1) % employers.length], creditCode: null, email: null }] : [],
    reviewed: [],
  }));
}

async function pureDraw() {
  const snapshot: Snapshot = {
    version: 1,
    rules: { tags: ['新能源'], perApplication: 7, sameRegion: true, onePerEmployer: true, employers: [employers[3]] },
    applications: [{ id: 'a', applicantUserId: 'u', organization: employers[1], creditCode: null, region: '北京', emails: ['e5@pool.test', 'second@mail.test'], staffNames: ['专家10'], assigned: [], declined: [] }],
    candidates: syntheticPool(POOL),
  };
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const r = runDraw(snapshot, i);
    times.push(performance.now() - t0);
    if (r.picks.a.length !== 7) throw new Error('short draw');
  }
  const counted = times.slice(10);
  emit({ name: 'reviews.draw.pure.p50', value: round(percentile(counted, 0.5), 2), unit: 'ms', note: `runDraw: 7 of ${POOL} candidates, every conflict rule on, 50 seeds after 10 warm-ups` });
  emit({ name: 'reviews.draw.pure.p99', value: round(percentile(counted, 0.99), 2), unit: 'ms' });
}

async function apiDraw() {
  const server = await startTestServer({ LOGIN_MAX_PER_IP: '100000' });
  try {
    const tenantId = (await server.services.db.prisma.tenant.findUniqueOrThrow({ where: { slug: 'demo' } })).id;
    const t0 = performance.now();
    const rows = syntheticPool(POOL).map((c, i) => ({
      tenantId,
      name: c.name,
      email: c.email,
      fieldTags: [fields[i % fields.length], fields[(i * 7) % fields.length]],
      tagPaths: c.tags,
      employer: c.employer,
      region: c.region,
      available: c.available,
      searchTokens: indexTokens(c.name, c.employer, c.region, ...c.tags),
    }));
    await runInTenant({ tenantId, actorId: null }, () => write(server.services.scoped, async (tx) => {
      for (let i = 0; i < rows.length; i += 1000) await tx.expertProfile.createMany({ data: rows.slice(i, i + 1000) });
    }));
    info(`pool of ${POOL} experts inserted in ${Math.round(performance.now() - t0)} ms`);
    // Logged in after the insert, which holds the embedded database (and its event loop) for a while.
    const office = await loginAs(server, 'secretariat@demo.test');
    const member = await loginAs(server, 'member@demo.test');
    const call = (await office.post('/api/v1/calls', { title: '压测', commissioner: 'government', fieldTags: ['新能源'], eligibility: { requireCreditCode: false }, deadline: '2099-01-01T00:00:00', rubric: [{ key: 'o', label: '综合', weight: 1, max: 100 }], avoidance: { sameRegion: true } })).body;
    await office.post(`/api/v1/calls/${call.id}/publish`);
    const times: number[] = [];
    let candidates = 0;
    for (let i = 0; i < 12; i++) {
      const app = (await member.post(`/api/v1/calls/${call.id}/applications`, { title: `项目${i}`, organization: employers[i], creditCode: null, region: regions[i % regions.length], contactEmails: [`e${i}@pool.test`] })).body;
      await member.post(`/api/v1/applications/${app.id}/submit`);
      const t = performance.now();
      const d = await office.post(`/api/v1/calls/${call.id}/draws`, { applicationIds: [app.id], perApplication: 7 });
      times.push(performance.now() - t);
      if (d.status !== 201 || d.body.picks[app.id].length !== 7) throw new Error(`draw failed: ${d.status}`);
      candidates = d.body.poolSize;
    }
    const counted = times.slice(2);
    const db = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
    emit({ name: 'reviews.draw.api.p50', value: Math.round(percentile(counted, 0.5)), unit: 'ms', note: `POST /calls/{id}/draws, 7 of ${POOL} (${candidates} hold the call's fields and are screened), ${db}: snapshot read, screened, recorded with assignments; 10 draws after 2 warm-ups` });
    emit({ name: 'reviews.draw.api.max', value: Math.round(Math.max(...counted)), unit: 'ms' });
  } finally {
    await server.stop();
  }
}

async function reveal() {
  const server = await startTestServer({ LOGIN_MAX_PER_IP: '100000' });
  const sockets: Socket[] = [];
  try {
    const office = await loginAs(server, 'secretariat@demo.test');
    const member = await loginAs(server, 'member@demo.test');
    info(`creating ${PANEL} reviewer accounts`);
    const reviewers = [];
    for (let i = 0; i < PANEL; i++) reviewers.push(await newExpert(server, `r${i}@panel.test`, { name: `评审${i}`, fieldTags: ['新能源/储能'], employer: `第${i}大学` }));
    const call = (await office.post('/api/v1/calls', { title: '评审会压测', commissioner: 'government', fieldTags: ['新能源'], eligibility: { requireCreditCode: false }, deadline: '2099-01-01T00:00:00', rubric: [{ key: 'o', label: '综合', weight: 1, max: 100 }] })).body;
    await office.post(`/api/v1/calls/${call.id}/publish`);
    const apps: string[] = [];
    for (let i = 0; i <= ROUNDS; i++) {
      const a = (await member.post(`/api/v1/calls/${call.id}/applications`, { title: `项目${i}`, organization: `申报单位${i}`, creditCode: null })).body;
      await member.post(`/api/v1/applications/${a.id}/submit`);
      apps.push(a.id);
    }
    const panel = (await office.post(`/api/v1/calls/${call.id}/panels`, { name: '压测评审会', chairExpertId: reviewers[0].expertId, memberExpertIds: reviewers.map((r) => r.expertId), applicationIds: apps })).body;
    for (const r of reviewers) {
      const s = connect(server.url, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: r.client.cookie } });
      sockets.push(s);
      await new Promise<void>((ok) => s.once('connect', () => ok()));
      const joined = await s.emitWithAck('room:join', { kind: 'panel', id: panel.id });
      if (!joined.ok) throw new Error('join refused');
      await r.client.post(`/api/v1/panels/${panel.id}/presence`, { present: true });
    }
    const latencies: number[] = [];
    const spreadMs: number[] = [];
    // Round 0 warms up and is not counted.
    for (let round_ = 0; round_ <= ROUNDS; round_++) {
      const appId = apps[round_];
      if (round_ > 0) await reviewers[0].client.post(`/api/v1/panels/${panel.id}/current`, { applicationId: appId });
      const got = sockets.map((s) => new Promise<number>((ok) => {
        const on = (sig: PanelSignal) => {
          if (sig.kind === 'revealed' && sig.applicationId === appId) {
            s.off('reviews:panel', on);
            ok(Date.now() - Date.parse(sig.at));
          }
        };
        s.on('reviews:panel', on);
      }));
      const receivedAt = got.map((p) => p.then(() => Date.now()));
      // All 30 score within one second, spread at random.
      await Promise.all(reviewers.map(async (r, i) => {
        await new Promise((ok) => setTimeout(ok, Math.random() * 1000));
        const res = await r.client.post(`/api/v1/panels/${panel.id}/scores`, { applicationId: appId, scores: { o: 60 + (i % 30) } });
        if (res.status !== 200) throw new Error(`score refused: ${res.status} ${JSON.stringify(res.body)}`);
      }));
      const l = await Promise.all(got);
      const at = await Promise.all(receivedAt);
      if (round_ > 0) {
        latencies.push(...l);
        spreadMs.push(Math.max(...at) - Math.min(...at));
      }
    }
    const db = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
    emit({ name: 'reviews.reveal.p50', value: round(percentile(latencies, 0.5), 1), unit: 'ms', note: `${PANEL} reviewers scoring within 1 s, ${ROUNDS} rounds (${latencies.length} receipts), one instance, ${db}; from the server's send stamp to each socket` });
    emit({ name: 'reviews.reveal.p99', value: round(percentile(latencies, 0.99), 1), unit: 'ms' });
    emit({ name: 'reviews.reveal.spread.max', value: Math.max(...spreadMs), unit: 'ms', note: 'first to last of the 30 sockets receiving one reveal' });
  } finally {
    for (const s of sockets) s.disconnect();
    await server.stop();
  }
}

await pureDraw();
await apiDraw();
await reveal();
process.exit(0);
