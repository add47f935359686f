import pg from 'pg';
import { loginAs, startTestServer } from '../server/testing/harness.ts';

const MEMBERS = 100_000;
const server = await startTestServer();
const url = (server.services.db as unknown as { url?: string }).url;
const c = new pg.Client({ connectionString: process.env.PROBE_URL });
try {
  const admin = await loginAs(server, 'secretariat@demo.test');
  const tenantId = (await admin.get('/api/v1/auth/session')).body.tenant.id;
  const dbName = (await server.services.db.prisma.$queryRawUnsafe<{ d: string }[]>('SELECT current_database() AS d'))[0].d;
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${dbName}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  let t = performance.now();
  await client.query(`SET session_replication_role = replica`);
  await client.query(`INSERT INTO "Member" (id, "tenantId", name, "creditCode", "levelId", status, "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, $2, '压测会员单位' || i, '91' || lpad(i::text, 16, '0'), (SELECT id FROM "MembershipLevel" WHERE "tenantId" = $2 LIMIT 1), 'active', now(), now() FROM generate_series(1, $1) i`, [MEMBERS, tenantId]);
  await client.query(`INSERT INTO "CreditEntry" (id, "tenantId", "memberId", kind, title, "occurredAt", "sourceEvent", "sourceId", "createdAt")
    SELECT gen_random_uuid()::text, m."tenantId", m.id, (ARRAY['meeting_attended','standard_contribution','dues_on_time','dues_late','complaint','award'])[1 + (g % 6)], '压测记录', now() - ((g * 37) % 1000) * interval '1 day', 'bench', m.id || ':' || g, now()
    FROM "Member" m, generate_series(1, 10) g WHERE m."tenantId" = $1 AND m.name LIKE '压测%'`, [tenantId]);
  await client.query(`SET session_replication_role = origin`);
  await client.query(`ANALYZE "Member"; ANALYZE "CreditEntry"`);
  console.log('insert s', ((performance.now() - t) / 1000).toFixed(1), 'entries', (await client.query('SELECT count(*) FROM "CreditEntry"')).rows[0].count);
  const time = async (label: string, fn: () => Promise<{ status: number }>, n = 1) => {
    const ms: number[] = [];
    let status = 0;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      status = (await fn()).status;
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(label, 'status', status, 'median ms', ms[Math.floor(n / 2)].toFixed(1), 'max', ms.at(-1)!.toFixed(1));
  };
  await time('list (first: creates 100k standings)', () => admin.get('/api/v1/credit/members?limit=50'));
  await time('list', () => admin.get('/api/v1/credit/members?limit=50'), 20);
  await time('list grade D', () => admin.get('/api/v1/credit/members?limit=50&grade=D'), 20);
  const some = (await admin.get('/api/v1/credit/members?limit=50&cursor=5000')).body.items[3].memberId;
  await time('archive', () => admin.get(`/api/v1/credit/members/${some}`), 20);
  await time('manual entry (recompute one)', () => admin.post(`/api/v1/credit/members/${some}/entries`, { kind: 'award', title: 'x', evidence: 'y' }), 10);
  const rules = (await admin.get('/api/v1/credit/rules')).body;
  delete rules.updatedAt;
  await time('preview rules (100k members, 1M entries)', () => admin.post('/api/v1/credit/rules/preview', { ...rules, baseScore: 70 }));
  await time('save rules + recompute all', () => admin.request('PUT', '/api/v1/credit/rules', { ...rules, baseScore: 70 }));
  console.log('rss MB', Math.round(process.memoryUsage().rss / 1e6));
  await client.end();
} finally {
  await server.stop();
}
