// Durability of a standard draft against the real process (test:services: PostgreSQL): an edit the
// editor shows as saved survives kill -9, round after round, template included. The platform's own
// test covers notes; drafts start with a server-written template and are opened by group role.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToText } from '../../../collab/text.ts';
import { openProvider, waitFor, type TestProvider } from '../../../collab/testing.ts';
import { spawnServer, type ChildServer } from '../../collab/testing.ts';
import { createTestDatabase, loginAs } from '../../testing/harness.ts';

const ROUNDS = 20;

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

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, fail) => setTimeout(() => fail(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms).unref())]);
}

/** Adds a clause with one paragraph, as an author would in the editor. */
function addClause(doc: Y.Doc, title: string, body: string) {
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 1 as unknown as string);
  heading.setAttribute('kind', 'clause');
  heading.insert(0, [new Y.XmlText(title)]);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(body)]);
  const fragment = doc.getXmlFragment('default');
  fragment.insert(fragment.length, [heading, p]);
}

describe('standard draft durability with the real server process', () => {
  it(`keeps every clause the editor reported as saved through kill -9 (${ROUNDS} rounds)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xh-std-'));
    const pg = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
    cleanup.push(async () => {
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    });
    const env = { DATA_DIR: dir, ...(pg ? { DATABASE_URL: pg.url } : {}) };
    let server = track(await spawnServer(env));
    const leader = await loginAs(server, 'secretariat@demo.test', { tenant: 'demo' });
    const project = (await leader.post('/api/v1/standards/projects', { title: '耐久性测试标准' })).body;

    let expected = '';
    for (let round = 0; round <= ROUNDS; round++) {
      const p = provider(server, project.document, leader.cookie);
      await waitFor(`sync after restart ${round}`, p.saved, 15_000);
      const text = docToText(p.doc);
      expect(text, `template after kill ${round}`).toContain('规范性引用文件');
      expect(text.slice(text.indexOf('（附录内容。）') + '（附录内容。）'.length), `clauses after kill ${round}`).toBe(expected);
      if (round === ROUNDS) break;
      addClause(p.doc, `第${round}轮条款`, `第${round}轮内容`);
      expected += `\n第${round}轮条款\n第${round}轮内容`;
      await waitFor(`saved in round ${round}`, p.saved, 15_000);
      server.child.kill('SIGKILL');
      await within(10_000, 'the killed server to exit', server.exited);
      p.destroy();
      server = track(await spawnServer(env));
    }
  }, 60_000 + ROUNDS * 15_000);
});
