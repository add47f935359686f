// Member list and search under load: 100,000 member companies with 1,000,000 credit entries in one
// association on PostgreSQL, requests at a steady 200 per second for a fixed time (open loop:
// latency counts from when a request was due, so a slow answer cannot hide the ones queued behind
// it). 127.0.0.1 only.
import { loadavg } from 'node:os';
import pg from 'pg';
import { emit, freePort, freshPostgresDatabase, info, login, percentile, round, spawnServer, waitFor200 } from './lib.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const CREDIT_PER_MEMBER = 10;
const RATE = 200; // requests per second
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

const db = await freshPostgresDatabase('members');
const port = await freePort();
const server = spawnServer({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, SEED_DEMO: 'true', LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000' });
try {
  await waitFor200(server, '/readyz');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const t0 = performance.now();
  // Bulk rows straight into the table; triggers (the audit log) are off for this one session.
  await client.query(`SET session_replication_role = replica`);
  await client.query(`
    INSERT INTO "Member" (id, "tenantId", name, "creditCode", "levelId", status, industry, region, "joinedOn", "expiresOn", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, t.id,
           (ARRAY['华东','江南','西部','北方','岭南','中原','东北','西南'])[1 + i % 8] || (ARRAY['智能','新材料','精密','绿色','数字','生物','海洋','航空'])[1 + (i / 8) % 8] || '科技有限公司' || i,
           '91' || lpad(i::text, 16, '0'),
           (SELECT id FROM "MembershipLevel" l WHERE l."tenantId" = t.id ORDER BY "sortOrder" LIMIT 1 OFFSET i % 4),
           (ARRAY['active','active','active','grace','expired','pending'])[1 + i % 6],
           (ARRAY['制造业','新材料','能源','生物医药'])[1 + i % 4],
           (ARRAY['上海','苏州','成都','北京','广州'])[1 + i % 5],
           DATE '2020-01-01' + (i % 1500), DATE '2021-01-01' + (i % 1500), now(), now()
    FROM generate_series(1, $1) AS i, "Tenant" t WHERE t.slug = 'demo'`, [MEMBERS]);
  // Ten credit entries per company (1,000,000 at the default size), and each company's standing,
  // as the credit archive keeps them: the list shows every company's grade.
  await client.query(`
    INSERT INTO "CreditEntry" (id, "tenantId", "memberId", kind, title, "occurredAt", "sourceEvent", "sourceId", "createdAt")
    SELECT gen_random_uuid()::text, m."tenantId", m.id,
           (ARRAY['meeting_attended','standard_contribution','expert_service','dues_on_time','dues_late','award'])[1 + k % 6],
           '压测记录 ' || k, now() - (k || ' days')::interval, 'bench', m.id || ':' || k, now()
    FROM "Member" m, generate_series(1, $1) AS k
    WHERE m."tenantId" = (SELECT id FROM "Tenant" WHERE slug = 'demo')`, [CREDIT_PER_MEMBER]);
  await client.query(`
    INSERT INTO "CreditStanding" (id, "tenantId", "memberId", score, grade, entries, "updatedAt")
    SELECT gen_random_uuid()::text, m."tenantId", m.id, 60 + (hashtext(m.id) & 39), (ARRAY['A','B','C','D'])[1 + (hashtext(m.id) & 3)], $1, now()
    FROM "Member" m WHERE m."tenantId" = (SELECT id FROM "Tenant" WHERE slug = 'demo')
    ON CONFLICT ("tenantId", "memberId") DO NOTHING`, [CREDIT_PER_MEMBER]);
  await client.query(`SET session_replication_role = origin`);
  // As autovacuum leaves a table that has settled: statistics, and the visibility map index-only scans need.
  await client.query(`VACUUM ANALYZE "Member"`);
  await client.query(`VACUUM ANALYZE "CreditEntry"`);
  await client.query(`VACUUM ANALYZE "CreditStanding"`);
  // The bulk load leaves hundreds of MB of dirty pages; written back by a checkpoint that falls inside
  // the measured window, they stall every query for a while (p99 27 ms without, 70-150 ms with).
  await client.query('CHECKPOINT');
  info(`inserted ${MEMBERS} members and ${MEMBERS * CREDIT_PER_MEMBER} credit entries in ${round((performance.now() - t0) / 1000)} s`);
  await client.end();

  const cookie = await login(server.base, 'secretariat@demo.test');
  const kinds = {
    list: () => '/api/v1/members?limit=20',
    listFiltered: () => `/api/v1/members?status=grace&sort=expiresOn&limit=20&cursor=${20 * Math.floor(Math.random() * 50)}`,
    searchName: () => `/api/v1/members?q=${encodeURIComponent(`绿色科技有限公司${Math.floor(Math.random() * MEMBERS)}`)}&limit=20`,
    // The first 16 of a company's 18 characters, as typed from a document: a handful of companies match.
    searchCode: () => `/api/v1/members?q=91${String(Math.floor(Math.random() * MEMBERS)).padStart(16, '0').slice(0, 14)}&limit=20`,
  };
  type Kind = keyof typeof kinds;
  const names = Object.keys(kinds) as Kind[];
  const samples: Record<Kind, number[]> = { list: [], listFiltered: [], searchName: [], searchCode: [] };
  let errors = 0;
  // Warm up (not measured): the connection pool, and V8's optimised code for the request path, as on
  // a server that has been running for a while.
  for (let i = 0; i < 800; i += 8) {
    await Promise.all(names.flatMap((k) => [fetch(server.base + kinds[k](), { headers: { cookie } }), fetch(server.base + kinds[k](), { headers: { cookie } })]).map((p) => p.then((r) => r.arrayBuffer())));
  }

  const total = RATE * SECONDS;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
    const kind = names[i % names.length];
    inFlight.push(
      fetch(server.base + kinds[kind](), { headers: { cookie }, signal: AbortSignal.timeout(10_000) })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status !== 200) errors++;
          else samples[kind].push(performance.now() - due);
        })
        .catch(() => void errors++),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  const all = names.flatMap((k) => samples[k]);
  const note = `${MEMBERS.toLocaleString('en')} members in one association on PostgreSQL 15, ${RATE} req/s for ${SECONDS} s (open loop, ${round(all.length / elapsed)} answered/s), one app instance, 2 shared cores, load average ${loadavg()[0].toFixed(1)} at the end; ${(MEMBERS * CREDIT_PER_MEMBER).toLocaleString('en')} credit entries, each listed company shown with its credit grade`;
  emit({ name: 'members list+search p50', value: round(percentile(all, 0.5)), unit: 'ms', note });
  emit({ name: 'members list+search p99', value: round(percentile(all, 0.99)), unit: 'ms', goal: '<= 50', note });
  for (const k of names) {
    emit({ name: `members ${k} p50`, value: round(percentile(samples[k], 0.5)), unit: 'ms', note: `${samples[k].length} requests` });
    emit({ name: `members ${k} p99`, value: round(percentile(samples[k], 0.99)), unit: 'ms', goal: '<= 50', note: `${samples[k].length} requests` });
  }
  emit({ name: 'members list+search errors', value: errors, unit: 'requests', goal: '<= 0' });
} finally {
  await server.stop();
  await db.drop();
}
