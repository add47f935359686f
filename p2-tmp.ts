import { PGlite } from '@electric-sql/pglite';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
const mode = process.argv[2];
const conf = ['shared_buffers=16MB'];
const t = performance.now();
if (mode === 'dump') {
  const db = await PGlite.create('/tmp/pg-rss', { postgresqlconf: conf } as any);
  const f = await db.dumpDataDir('gzip');
  writeFileSync('/tmp/pg-template.tgz', Buffer.from(await f.arrayBuffer()));
  console.log('dump', Math.round(performance.now() - t), 'ms', readFileSync('/tmp/pg-template.tgz').length, 'bytes');
  await db.close();
} else {
  rmSync('/tmp/pg-new', { recursive: true, force: true });
  const db = await PGlite.create('/tmp/pg-new', { postgresqlconf: conf, loadDataDir: new Blob([readFileSync('/tmp/pg-template.tgz')]) } as any);
  await db.query('select 1');
  console.log('load', Math.round(performance.now() - t), 'ms', Math.round(process.memoryUsage().rss / 1e6), 'MB rss');
  await db.close();
  const t2 = performance.now();
  const db2 = await PGlite.create('/tmp/pg-new', { postgresqlconf: conf } as any);
  console.log('reopen', Math.round(performance.now() - t2), 'ms', (await db2.query('select count(*) from pg_class')).rows);
  await db2.close();
}
