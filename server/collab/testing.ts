// Test helpers for the collab path through the real app: `node server/main.ts` as a child process
// (to kill it), and reading a collaborative document back from the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type * as Y from 'yjs';
import { storedDoc } from '../../collab/store.ts';
import type { Database } from '../db/database.ts';
import { prismaStore } from './prisma-store.ts';
import { serverNodeFlags } from '../node-flags.ts';

export interface ChildServer {
  /** http://127.0.0.1:port */
  url: string;
  /** ws://127.0.0.1:port/collab */
  collabUrl: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
}

const root = resolve(import.meta.dirname, '../..');

/**
 * Starts `node server/main.ts` on a free port: on PGlite under `DATA_DIR`, or on PostgreSQL when
 * `DATABASE_URL` is given. Resolves once it prints its URL.
 */
export async function spawnServer(env: { DATA_DIR: string; DATABASE_URL?: string; REDIS_PREFIX?: string }): Promise<ChildServer> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'true', LOGIN_MAX_PER_IP: '10000', ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  // Redis (test:services) is shared with every other test server: keep to keys of its own, unless
  // the caller starts several instances that must hear each other.
  if (childEnv.REDIS_URL && !env.REDIS_PREFIX) childEnv.REDIS_PREFIX = `xhtest:${randomBytes(4).toString('hex')}`;
  const child = spawn(process.execPath, [...serverNodeFlags, 'server/main.ts'], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within 60 s:\n${output}`)), 60_000);
    const onData = () => {
      const m = /is running: (http:\/\/\S+?)\/login/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      ok(m[1].replace('localhost', '127.0.0.1'));
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before it started:\n${output}`));
    });
  });
  return { url, collabUrl: `${url.replace(/^http/, 'ws')}/collab`, child, exited, output: () => output };
}

/** A document as stored: compacted state plus the update log. */
export async function docInDatabase(db: Database, tenantId: string, name: string): Promise<Y.Doc> {
  const { state, updates } = await prismaStore(db).load(tenantId, name);
  return storedDoc(state, updates);
}

/** The text (Y.Text 't') of a document as stored. */
export const textInDatabase = async (db: Database, tenantId: string, name: string) => (await docInDatabase(db, tenantId, name)).getText('t').toString();
