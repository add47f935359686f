// The embedded database alone, to read the platform's cold-start and memory figures against:
// PGlite creating a fresh data dir (initdb), reopening it, and its resident memory after each,
// with PGlite's defaults (as server/db/database.ts opens it) and with shared_buffers=16MB.
// Each measurement runs in a fresh child process so that RSS is that of PGlite alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, info, repoRoot, round } from './lib.ts';

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

if (process.argv[2] === '--child') {
  // Child: open the data dir given, measure, close, print one JSON sample.
  const [, , , dataDir, conf] = process.argv;
  const { PGlite } = await import('@electric-sql/pglite');
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const db = await PGlite.create(dataDir, conf ? { postgresqlconf: conf.split(',') } : {});
  await db.query('SELECT 1');
  const sample: Sample = { wallMs: performance.now() - t0, cpuMs: cpu() - c0, rssMb: process.memoryUsage().rss / 2 ** 20 };
  await db.close();
  process.stdout.write(JSON.stringify(sample));
  process.exit(0);
}

const rounds = Number(process.env.BENCH_PGLITE_RUNS ?? 2);
const measure = (dataDir: string, conf = ''): Sample =>
  JSON.parse(
    execFileSync(process.execPath, [import.meta.filename, '--child', dataDir, conf], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000 }),
  );
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1];

for (const [label, conf] of [
  ['defaults', ''],
  ['shared_buffers=16MB', 'shared_buffers=16MB'],
] as const) {
  const fresh: Sample[] = [];
  const reopen: Sample[] = [];
  for (let i = 0; i < rounds; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'xh-bench-pglite-'));
    try {
      fresh.push(measure(join(dir, 'pglite'), conf));
      reopen.push(measure(join(dir, 'pglite'), conf));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  info(`${label}: fresh ${fresh.map((s) => round(s.wallMs, 0)).join(', ')} ms; reopen ${reopen.map((s) => round(s.wallMs, 0)).join(', ')} ms`);
  const note = `PGlite.create + SELECT 1 in a fresh process, ${label}; median of ${rounds}`;
  if (label === 'defaults') {
    emit({ name: 'PGlite alone: fresh data dir (initdb), wall', value: round(med(fresh.map((s) => s.wallMs)), 0), unit: 'ms', reference: '1.6-2 s in notes/environment.md', note });
    emit({ name: 'PGlite alone: fresh data dir (initdb), CPU', value: round(med(fresh.map((s) => s.cpuMs)), 0), unit: 'ms', note });
    emit({ name: 'PGlite alone: reopen, wall', value: round(med(reopen.map((s) => s.wallMs)), 0), unit: 'ms', reference: '0.3-0.4 s in notes/environment.md', note });
    emit({ name: 'PGlite alone: reopen, CPU', value: round(med(reopen.map((s) => s.cpuMs)), 0), unit: 'ms', note });
  }
  emit({ name: `PGlite alone: RSS after fresh data dir, ${label}`, value: round(med(fresh.map((s) => s.rssMb))), unit: 'MB', note });
  emit({ name: `PGlite alone: RSS after reopen, ${label}`, value: round(med(reopen.map((s) => s.rssMb))), unit: 'MB', note });
}
