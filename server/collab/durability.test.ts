// Durability of the collab path against the real process: `node server/main.ts` is started as a
// child on PGlite in a temp DATA_DIR (or, in test:services, on a fresh PostgreSQL database), edited
// through a provider, then killed or stopped, and started again on the same data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProvider, storedText, waitFor, type TestProvider } from '../../collab/testing.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { createTestDatabase, loginAs } from '../testing/harness.ts';
import { spawnServer, type ChildServer } from './testing.ts';

const onPostgres = !!process.env.TEST_DATABASE_URL;
// test:services runs the kill -9 cycle 20 times; npm test a few, to stay quick.
const ROUNDS = onPostgres ? 20 : 3;
const QUICK_EDITS = 10;

interface Data {
  env: { DATA_DIR: string; DATABASE_URL?: string };
  /** Runs fn on the data while no server holds it (PGlite allows one process at a time). */
  inspect<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

async function freshData(): Promise<Data> {
  const dir = mkdtempSync(join(tmpdir(), 'xh-collab-'));
  const pg = onPostgres ? await createTestDatabase() : undefined;
  return {
    env: { DATA_DIR: dir, ...(pg ? { DATABASE_URL: pg.url } : {}) },
    async inspect(fn) {
      if (pg) return fn(pg.db);
      const db = await openDatabase({ dataDir: join(dir, 'pglite') });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    async drop() {
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, fail) => setTimeout(() => fail(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms).unref())]);
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

function track(server: ChildServer) {
  cleanup.push(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });
  return server;
}

function provider(server: ChildServer, name: string, cookie: string): TestProvider {
  const p = openProvider({ url: server.collabUrl, name, cookie });
  cleanup.push(() => p.destroy());
  return p;
}

describe('collab durability with the real server process', () => {
  it(`keeps every edit the provider reported as saved through kill -9 (${ROUNDS} rounds: one edit, then ${QUICK_EDITS} quick edits per round)`, async () => {
    const data = await freshData();
    cleanup.push(() => data.drop());
    let server = track(await spawnServer(data.env));
    const client = await loginAs(server, 'secretariat@demo.test', { tenant: 'demo' });
    const note: string = (await client.get('/api/v1/notes')).body.items[0].document;

    let expected = '';
    for (let round = 0; round <= ROUNDS; round++) {
      const p = provider(server, note, client.cookie);
      await waitFor(`sync after restart ${round}`, p.saved, 15_000);
      expect(p.text(), `text after kill ${round}`).toBe(expected);
      if (round === ROUNDS) break;
      const edits = round === 0 ? 1 : QUICK_EDITS;
      for (let i = 0; i < edits; i++) {
        const s = `r${round}e${i} `;
        p.type(s);
        expected += s;
      }
      await waitFor(`saved in round ${round}`, p.saved, 15_000);
      // Immediately: nothing may be left to a debounced store.
      server.child.kill('SIGKILL');
      await within(10_000, 'the killed server to exit', server.exited);
      p.destroy();
      server = track(await spawnServer(data.env));
    }
  }, 60_000 + ROUNDS * 15_000);

  it('stores every open document on SIGTERM (compacted, log empty) and exits 0', async () => {
    const data = await freshData();
    cleanup.push(() => data.drop());
    const server = track(await spawnServer(data.env));
    const client = await loginAs(server, 'secretariat@demo.test', { tenant: 'demo' });
    const note: string = (await client.get('/api/v1/notes')).body.items[0].document;
    const tenantId: string = (await client.get('/api/v1/auth/session')).body.tenant.id;
    const p = provider(server, note, client.cookie);
    await waitFor('sync', p.saved, 15_000);
    p.type('stored on shutdown');
    await waitFor('saved', p.saved, 15_000);

    // The provider stays connected: the server must store the document with its client still there.
    server.child.kill('SIGTERM');
    expect(await within(15_000, 'the server to exit', server.exited), server.output()).toBe(0);
    p.destroy();

    await data.inspect(async (db) => {
      const doc = await db.prisma.collabDocument.findUnique({ where: { tenantId_name: { tenantId, name: note } } });
      expect(doc).not.toBeNull();
      expect(storedText(doc!.state, [])).toBe('stored on shutdown');
      expect(await db.prisma.collabUpdate.count({ where: { tenantId, name: note } })).toBe(0);
    });
  }, 90_000);
});
