// Helpers shared by the bench/*.bench.ts scripts. Every load generator here talks to 127.0.0.1 only.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { serverNodeFlags } from '../server/node-flags.ts';

export const repoRoot = resolve(import.meta.dirname, '..');

/** One figure: printed as one JSON line on stdout, collected by bench/run.ts. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** A target such as "<= 5000" in the figure's unit; bench/run.ts marks it met or missed. */
  goal?: string;
  /** A number to compare with, and where it comes from. */
  reference?: string;
  /** Anything a reader needs to read the number right (conditions, samples, caveats). */
  note?: string;
}

export function emit(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** Progress and diagnostics go to stderr, so that stdout carries only figures. */
export function info(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

/** Nearest-rank percentile (q in 0..1) of a list of numbers. */
export function percentile(values: number[], q: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A free TCP port on 127.0.0.1, preferring the range given (manual servers use 3400-3499 here). */
export async function freePort(from = 3450, to = 3499): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((ok, fail) => {
      const s = createServer();
      s.once('error', fail);
      s.listen(port, '127.0.0.1', () => {
        const actual = (s.address() as { port: number }).port;
        s.close(() => ok(actual));
      });
    });
  for (let p = from; p <= to; p++) {
    try {
      return await tryPort(p);
    } catch {
      /* taken */
    }
  }
  return tryPort(0);
}

/** Resident set size of a process in MB, from /proc/<pid>/status (VmRSS). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  return kb / 1024;
}

/** CPU time (user + system, all threads) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

export interface SpawnedServer {
  child: ChildProcess;
  pid: number;
  base: string;
  /** The last lines the server printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Where the latency rounds run. split() keeps the load generator (this process, and every client in
 * it) on CPU 0, and the servers and the local PostgreSQL on the other CPUs, as if the clients ran on
 * their own machines; share() lets everything run anywhere again. Splitting needs taskset, two CPUs
 * or more and the right to move PostgreSQL's processes; without them split() shares, and says why.
 */
export function cpuPlacement(serverPids: number[]) {
  const cpus = availableParallelism();
  const serverCpus = cpus > 2 ? `1-${cpus - 1}` : '1';
  const taskset = (list: string, pid: number | string) => execFileSync('taskset', ['-a', '-cp', list, String(pid)], { stdio: 'ignore' });
  // Every PostgreSQL process, including the backends forked while split (they inherit the mask).
  const postgres = () => {
    try {
      return execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  let split = false;
  const share = () => {
    if (!split) return;
    split = false;
    for (const pid of [process.pid, ...serverPids, ...postgres()]) {
      try {
        taskset(`0-${cpus - 1}`, pid);
      } catch {
        /* gone meanwhile */
      }
    }
  };
  // Also when the bench is interrupted: the database must not stay squeezed onto fewer CPUs.
  process.once('exit', share);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  return {
    split(): string {
      if (cpus < 2) return 'clients and servers share the one CPU';
      try {
        split = true;
        taskset('0', process.pid);
        for (const pid of [...serverPids, ...postgres()]) taskset(serverCpus, pid);
        return `clients on CPU 0, servers and PostgreSQL on CPU ${serverCpus}`;
      } catch (err) {
        share();
        return `clients and servers share every CPU (not split: ${(err as Error).message.split('\n')[0]})`;
      }
    },
    share,
  };
}

/** Spawns `node server/main.ts` with the given environment (nothing else inherited but PATH/HOME). */
export function spawnServer(env: Record<string, string>): SpawnedServer {
  const child = spawn(process.execPath, [...serverNodeFlags, 'server/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    child,
    pid: child.pid!,
    base: `http://127.0.0.1:${env.PORT}`,
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * Polls `url` until it answers 200 (following redirects), the process exits, or the deadline
 * passes. Returns the final URL that answered.
 */
export async function waitFor200(server: SpawnedServer, path: string, deadlineMs = 120_000): Promise<string> {
  const until = performance.now() + deadlineMs;
  let last = 'no answer';
  while (performance.now() < until) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`the server exited (${server.child.exitCode ?? server.child.signalCode}) before answering:\n${server.output()}`);
    }
    try {
      const res = await fetch(server.base + path, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) return res.url;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(20);
  }
  throw new Error(`no 200 on ${path} within ${deadlineMs} ms (last: ${last}):\n${server.output()}`);
}

/** Signs in a demo account and returns its session cookie ("name=value"). */
export async function login(base: string, email = 'admin@demo.test'): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo12345' }) });
  if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status}`);
  return res.headers.getSetCookie()[0].split(';')[0];
}

/** A new, empty PostgreSQL database on the local server (BENCH_DATABASE_URL names the admin connection). */
export async function freshPostgresDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `xh_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end().catch(() => {});
    },
  };
}
