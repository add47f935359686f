// npm run bench [-- <filter>]: runs every bench/*.bench.ts (or those whose name contains the
// filter) as a child process, one after another. Each prints one JSON line per figure on stdout
// ({"name", "value", "unit", "goal"?, "reference"?, "note"?}); anything else it prints is passed
// through to stderr. The figures go to bench/results/latest.json and bench/results/latest.md, and
// a Markdown table is printed at the end. The exit code is 1 when a script failed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Figure } from './lib.ts';

const benchDir = import.meta.dirname;
const repoRoot = join(benchDir, '..');
const filter = process.argv[2];
const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 20 * 60_000);

const scripts = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
if (!scripts.length) {
  console.error(`no bench/*.bench.ts${filter ? ` matching "${filter}"` : ''}`);
  process.exit(2);
}

interface Row extends Figure {
  script: string;
}
interface ScriptRun {
  script: string;
  exit: number | string;
  seconds: number;
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};

function isFigure(x: unknown): x is Figure {
  const f = x as Figure;
  return !!f && typeof f === 'object' && typeof f.name === 'string' && typeof f.value === 'number' && typeof f.unit === 'string';
}

async function runScript(script: string): Promise<{ rows: Row[]; run: ScriptRun }> {
  const rows: Row[] = [];
  const t0 = performance.now();
  console.error(`\n▶ bench/${script}`);
  const child = spawn(process.execPath, [join(benchDir, script)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const timer = setTimeout(() => {
    console.error(`  bench/${script}: over ${timeoutMs} ms, stopping it`);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  }, timeoutMs);
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      /* not a figure */
    }
    if (isFigure(parsed)) {
      rows.push({ script, ...parsed });
      console.error(`  ${parsed.name}: ${parsed.value} ${parsed.unit}`);
    } else {
      console.error(line);
    }
  });
  const exit = await new Promise<number | string>((ok) => child.on('close', (code, signal) => ok(code ?? signal ?? 'unknown')));
  clearTimeout(timer);
  return { rows, run: { script, exit, seconds: Math.round((performance.now() - t0) / 100) / 10 } };
}

/** "<= 5000" / ">= 10" / "< 1" / "> 0": true when the value meets it, undefined when unreadable. */
export function meets(value: number, goal: string | undefined): boolean | undefined {
  const m = goal && /^\s*(<=|>=|<|>|≤|≥)\s*(-?[\d.]+)/.exec(goal);
  if (!m) return undefined;
  const bound = Number(m[2]);
  switch (m[1]) {
    case '<=':
    case '≤':
      return value <= bound;
    case '>=':
    case '≥':
      return value >= bound;
    case '<':
      return value < bound;
    default:
      return value > bound;
  }
}

const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdown(rows: Row[], runs: ScriptRun[], startedAt: string): string {
  const out = [
    `# Bench results`,
    '',
    `${startedAt}, commit ${commit}, Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, load average at start ${machine.loadAverageAtStart.join(' / ')}`,
    '',
    '| figure | value | goal | reference | note |',
    '| --- | ---: | --- | --- | --- |',
  ];
  for (const r of rows) {
    const ok = meets(r.value, r.goal);
    const goal = r.goal ? `${r.goal.replace('<=', '≤').replace('>=', '≥')} ${r.unit}${ok === undefined ? '' : ok ? ' ✓' : ' ✗'}` : '';
    out.push(`| ${cell(r.name)} | ${r.value} ${r.unit} | ${goal} | ${cell(r.reference)} | ${cell(r.note)} |`);
  }
  out.push('', ...runs.map((r) => `- bench/${r.script}: ${r.exit === 0 ? 'ok' : `FAILED (${r.exit})`} in ${r.seconds} s`));
  return `${out.join('\n')}\n`;
}

const startedAt = new Date().toISOString();
const rows: Row[] = [];
const runs: ScriptRun[] = [];
for (const script of scripts) {
  const r = await runScript(script);
  rows.push(...r.rows);
  runs.push(r.run);
}

const resultsDir = join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
const loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
const md = markdown(rows, runs, startedAt).replace(/(load average at start [^\n]*)/, `$1, at end ${loadAverageAtEnd.join(' / ')}`);
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify({ startedAt, commit, machine: { ...machine, loadAverageAtEnd }, runs, figures: rows }, null, 2)}\n`);
writeFileSync(join(resultsDir, 'latest.md'), md);
console.log(`\n${md}`);
console.log('(written to bench/results/latest.json and bench/results/latest.md)');
process.exitCode = runs.some((r) => r.exit !== 0) ? 1 : 0;
