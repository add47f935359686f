// Per-draft cost of group-standard drafts: DRAFTS projects, each draft filled to about ten pages
// (the template plus clauses, notes and paragraphs, ~15,000 characters) through the collab path,
// then closed so the server unloads them. Figures:
// - load time: a fresh editor opening a stored draft until synced (the server reads the snapshot
//   and update log from the database), p50 and p95;
// - memory: server RSS with every draft open, above the same server with none open, per draft;
// - stored size of one ten-page draft's Yjs state.
// Runs `node server/main.ts` on a fresh PostgreSQL database (dropped afterwards).
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { openProvider, type TestProvider } from '../collab/testing.ts';
import { emit, freePort, freshPostgresDatabase, info, login, percentile, round, rssMb, spawnServer, waitFor200 } from './lib.ts';

const DRAFTS = Number(process.env.BENCH_STANDARDS_DRAFTS ?? 40);
const CLAUSES = 56;
const PARAGRAPH = '本条规定了产品在绿色生产过程中的能源消耗、水资源利用、污染物排放和固体废物处置应满足的要求，并给出相应的检验方法和判定规则。'.repeat(3);

async function until(what: string, check: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** About ten pages: clauses with sub-clauses, paragraphs and notes after the template. */
function fillTenPages(doc: Y.Doc) {
  const fragment = doc.getXmlFragment('default');
  const el = (name: string, attrs: Record<string, unknown>, text: string) => {
    const e = new Y.XmlElement(name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
    e.insert(0, [new Y.XmlText(text)]);
    return e;
  };
  doc.transact(() => {
    for (let c = 0; c < CLAUSES; c++) {
      fragment.insert(fragment.length, [
        el('heading', { level: c % 4 === 0 ? 1 : 2, kind: 'clause' }, `第${c + 1}条 技术要求`),
        el('paragraph', { kind: 'body' }, PARAGRAPH),
        el('paragraph', { kind: c % 3 === 0 ? 'note' : 'body' }, PARAGRAPH.slice(0, 60)),
      ]);
    }
  });
}

const db = await freshPostgresDatabase('standards');
const port = await freePort();
const server = spawnServer({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, LOG_LEVEL: 'warn', SEED_DEMO: 'true', LOGIN_MAX_PER_IP: '100000' });
const open: TestProvider[] = [];
try {
  await waitFor200(server, '/readyz');
  const base = `http://127.0.0.1:${port}`;
  const cookie = await login(base, 'secretariat@demo.test');
  const collab = `ws://127.0.0.1:${port}/collab`;
  const names: string[] = [];
  info(`filling ${DRAFTS} drafts to ~10 pages`);
  let stateBytes = 0;
  let chars = 0;
  for (let i = 0; i < DRAFTS; i++) {
    const res = await fetch(`${base}/api/v1/standards/projects`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ title: `性能测试标准 ${i + 1}` }) });
    const project = (await res.json()) as { document: string };
    const p = openProvider({ url: collab, name: project.document, cookie });
    await until('synced', p.saved);
    fillTenPages(p.doc);
    await until('saved', p.saved);
    stateBytes = Y.encodeStateAsUpdate(p.doc).byteLength;
    chars = p.doc.getXmlFragment('default').toString().replace(/<[^>]+>/g, '').length;
    p.destroy();
    names.push(project.document);
  }
  // Let the server store and unload them.
  await sleep(3000);
  const idle = rssMb(server.pid);

  info(`opening every draft again, one editor each`);
  const loads: number[] = [];
  for (const name of names) {
    const started = performance.now();
    const p = openProvider({ url: collab, name, cookie });
    await until('loaded', () => p.provider.isAuthenticated && p.provider.synced);
    loads.push(performance.now() - started);
    open.push(p);
  }
  await sleep(1500);
  const loaded = rssMb(server.pid);

  emit({ name: 'standards: load a stored 10-page draft until synced, p50', value: round(percentile(loads, 0.5)), unit: 'ms', note: `${DRAFTS} drafts of ~${chars} characters, PostgreSQL, one at a time` });
  emit({ name: 'standards: load a stored 10-page draft until synced, p95', value: round(percentile(loads, 0.95)), unit: 'ms' });
  emit({ name: 'standards: server memory per open 10-page draft', value: round((loaded - idle) / DRAFTS, 2), unit: 'MB', note: `RSS ${round(idle)} MB with none open, ${round(loaded)} MB with ${DRAFTS} open` });
  emit({ name: 'standards: Yjs state of a 10-page draft', value: round(stateBytes / 1024), unit: 'KB', note: `${chars} characters of text` });
} finally {
  for (const p of open) p.destroy();
  await server.stop();
  await db.drop();
}
