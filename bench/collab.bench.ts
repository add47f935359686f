// Collaborative editing, ours against a bare Yjs server (@y/websocket-server) on the same workload
// in the same run, with a bare Hocuspocus beside them for the latency (the stack ours is built on):
// - latency: N editors on one document each insert a short marker about once a second; the figure
//   is the time from the local insert to its arrival in every other editor's document (all clients
//   live in this process, so one clock measures both ends);
// - capacity: DOCS documents, each with a few pages typed by one editor and opened by a second;
//   server RSS once everything is synced, and memory per open document (RSS above the idle
//   server, divided by DOCS), each read after a full garbage collection, each server having run the
//   same workload once before (a warm-up); the bare Hocuspocus too, to show what the stack holds
//   before any of ours.
// Ours runs as `node server/main.ts` on PostgreSQL (a fresh database, dropped afterwards), which
// persists every update before acknowledging it; the references keep documents only in memory. The
// latency rounds rotate between the servers, all running, so that a change in the machine's load
// during the run weighs on each alike; the clients run on a CPU of their own (cpuPlacement in lib.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openProvider } from '../collab/testing.ts';
import { cpuPlacement, emit, freePort, freshPostgresDatabase, info, login, percentile, repoRoot, round, rssMb, spawnServer, waitFor200 } from './lib.ts';

const EDITOR_COUNTS = (process.env.BENCH_COLLAB_EDITORS ?? '10,50').split(',').map(Number);
/**
 * Measured seconds per server and editor count, split into ROUNDS that rotate between the servers.
 * A p99 rests on the few edits that arrive late at all the others at once (several editors typing
 * in the same few milliseconds): two minutes per server gives it twice as many of them as one did.
 */
const LATENCY_SECONDS = Number(process.env.BENCH_COLLAB_SECONDS ?? 120);
const ROUNDS = 4;
/** Edits before each round's measured ones, so that each server is measured warm (JIT-compiled, pools open). */
const WARMUP_SECONDS = 3;
const DOCS = Number(process.env.BENCH_COLLAB_DOCS ?? 1000);
/** Characters typed into each capacity document, in chunks at random places (a few pages). */
const DOC_CHARS = Number(process.env.BENCH_COLLAB_DOC_CHARS ?? 6000);
const CHUNK = 200;
// Each y-websocket provider registers a process 'exit' listener; thousands are expected here.
process.setMaxListeners(0);

/** One editor's view of a document: its Y.Doc, whether everything it sent was taken, and how to leave. */
interface Editor {
  doc: Y.Doc;
  saved(): boolean;
  destroy(): void;
}

/** How to open an editor on a server: ours (Hocuspocus protocol, signed in) or the reference (y-websocket). */
type Open = (docName: string, who: number) => Editor;

async function until(what: string, check: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function openReference(url: string): Open {
  return (docName) => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(url, docName, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
    // y-websocket has no acknowledgement: "synced" (first sync done, nothing buffered) is what it offers.
    return { doc, saved: () => provider.synced && provider.ws?.bufferedAmount === 0, destroy: () => provider.destroy() };
  };
}

/** Hocuspocus's own provider: signed in to ours by turns with `cookies`, anonymous to the bare Hocuspocus. */
function openHocuspocus(url: string, cookies: string[] = []): Open {
  return (docName, who) => {
    const p = openProvider({ url, name: docName, cookie: cookies.length ? cookies[who % cookies.length] : undefined });
    return { doc: p.doc, saved: p.saved, destroy: p.destroy };
  };
}

/** N editors on one document, each inserting "[editor:seq]" about once a second; returns every delivery latency in ms. */
async function latency(open: Open, docName: string, editors: number, seconds: number): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  const marker = /\[(\d+):(\d+)\]/g;
  const all = Array.from({ length: editors }, (_, i) => open(docName, i));
  await until(`${editors} editors connected`, () => all.every((e) => e.saved()));
  all.forEach((e) => {
    e.doc.getText('t').observe((event, tx) => {
      if (tx.local) return;
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') continue;
        for (const m of op.insert.matchAll(marker)) {
          const t0 = sentAt.get(`${m[1]}:${m[2]}`);
          if (t0 !== undefined) samples.push(now - t0);
        }
      }
    });
  });
  const measureFrom = performance.now() + WARMUP_SECONDS * 1000;
  const stopAt = measureFrom + seconds * 1000;
  await Promise.all(
    all.map(async (e, i) => {
      await sleep(Math.random() * 1000); // spread the editors over the second
      for (let seq = 0; performance.now() < stopAt; seq++) {
        const text = e.doc.getText('t');
        if (performance.now() >= measureFrom) sentAt.set(`${i}:${seq}`, performance.now());
        text.insert(Math.floor(Math.random() * (text.length + 1)), `[${i}:${seq}]`);
        await sleep(800 + Math.random() * 400);
      }
    }),
  );
  await sleep(2000); // the last edits arrive
  const expected = sentAt.size * (editors - 1);
  if (samples.length < expected) info(`  ${expected - samples.length} of ${expected} deliveries missing`);
  all.forEach((e) => e.destroy());
  return samples;
}

/** Opens DOCS documents with two editors each (the first types DOC_CHARS); returns the editors. */
async function fill(open: Open, names: string[]): Promise<Editor[]> {
  const editors: Editor[] = [];
  const filler = '团体标准的技术要求应当明确、可验证。'.repeat(Math.ceil(CHUNK / 18)).slice(0, CHUNK);
  for (let i = 0; i < names.length; i += 50) {
    const batch = names.slice(i, i + 50);
    const writers = batch.map((name) => open(name, 0));
    await until('writers connected', () => writers.every((w) => w.saved()));
    for (const w of writers) {
      const text = w.doc.getText('t');
      for (let c = 0; c < DOC_CHARS; c += CHUNK) text.insert(Math.floor(Math.random() * (text.length + 1)), filler);
    }
    const readers = batch.map((name) => open(name, 1));
    await until('documents synced', () => writers.every((w) => w.saved()) && readers.every((r, j) => r.saved() && r.doc.getText('t').length === writers[j].doc.getText('t').length), 120_000);
    editors.push(...writers, ...readers);
  }
  return editors;
}

/**
 * A full garbage collection in a running Node process, through the inspector that SIGUSR1 opens on
 * 127.0.0.1:9229 (one process at a time: the port stays taken until the process exits).
 */
async function collectGarbage(pid: number) {
  process.kill(pid, 'SIGUSR1');
  let target: { webSocketDebuggerUrl: string } | undefined;
  for (let i = 0; !target && i < 200; i++) {
    [target] = (await fetch('http://127.0.0.1:9229/json/list').then((r) => r.json(), () => [undefined])) as (typeof target)[];
    if (!target) await sleep(50);
  }
  if (!target) throw new Error(`no inspector on 127.0.0.1:9229 for process ${pid}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
  await new Promise<void>((ok) => {
    ws.on('message', (m) => (JSON.parse(String(m)) as { id?: number }).id === 1 && ok());
    ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
  });
  ws.close();
  await sleep(1000);
}

/**
 * Server RSS with `names` open, above the idle server, each read after a full garbage collection.
 * The same workload runs once first on `warmup` documents, closed again: the first time a process
 * takes that load, its allocators grow to a high-water mark they keep (in ours, 60 MB of freed
 * malloc memory that stays after every document is closed, and 10 MB more on a second round), which
 * is not memory per document.
 */
async function capacity(label: string, pid: number, open: Open, names: string[], warmup: string[]) {
  (await fill(open, warmup)).forEach((e) => e.destroy());
  await sleep(5000); // the warm-up documents closed and, in ours, stored
  await collectGarbage(pid);
  const idle = rssMb(pid);
  const t0 = performance.now();
  const editors = await fill(open, names);
  const fillSeconds = (performance.now() - t0) / 1000;
  await sleep(5000); // let the servers settle (debounced stores)
  await collectGarbage(pid);
  const loaded = rssMb(pid);
  info(`${label}: idle ${round(idle)} MB after a warm-up round, ${names.length} documents open ${round(loaded)} MB, filled in ${round(fillSeconds)} s`);
  editors.forEach((e) => e.destroy());
  return { idle, loaded, perDocKb: ((loaded - idle) * 1024) / names.length };
}

/** p50 and p99 of one server's deliveries; ours against the reference's same percentile (goal ≤ 1.2×). */
function report(label: string, samples: number[], note: string, reference?: number[]) {
  for (const [q, p] of [['p50', 0.5], ['p99', 0.99]] as const) {
    const ref = reference && percentile(reference, p);
    emit({
      name: `collab edit latency, ${label}, ${q}`,
      value: round(percentile(samples, p)),
      unit: 'ms',
      goal: ref ? `<= ${round(ref * 1.2)}` : undefined,
      reference: ref ? `bare @y/websocket-server ${q} ${round(ref)} ms; goal ≤ 1.2× = ${round(ref * 1.2)} ms` : undefined,
      note,
    });
  }
}

/** Stops a reference server and resolves once it has exited. */
async function stopped(child: ChildProcess) {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  await exited;
}

/** Starts a reference server script on a free port; resolves once it listens. */
async function startReference(script: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [script], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok) => child.stdout!.once('data', () => ok()));
  return { child, url: `ws://127.0.0.1:${port}` };
}
const ref = await startReference('bench/reference/bare-yjs.ts');
const refOpen = openReference(ref.url);
const hocus = await startReference('bench/reference/bare-hocuspocus.ts');
const hocusOpen = openHocuspocus(hocus.url);
const db = await freshPostgresDatabase('collab');
const server = spawnServer({ PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_URL: db.url, SEED_DEMO: 'true', LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000000' });
try {
  await waitFor200(server, '/readyz');
  const cookies = [await login(server.base, 'admin@demo.test'), await login(server.base, 'secretariat@demo.test')];
  const createNote = async (title: string) => {
    const res = await fetch(`${server.base}/api/v1/notes`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookies[0] }, body: JSON.stringify({ title }) });
    if (res.status !== 201) throw new Error(`note not created: ${res.status}`);
    return ((await res.json()) as { id: string }).id;
  };
  const oursOpen = openHocuspocus(`${server.base.replace(/^http/, 'ws')}/collab`, cookies);
  const perRound = LATENCY_SECONDS / ROUNDS;
  const cpus = cpuPlacement([ref.child.pid!, hocus.child.pid!, server.pid]);
  const rounds = `${ROUNDS} rotating rounds of ${round(perRound)} s after ${WARMUP_SECONDS} s of warm-up each; ${cpus.split()}`;
  for (const n of EDITOR_COUNTS) {
    const refSamples: number[] = [];
    const hocusSamples: number[] = [];
    const ourSamples: number[] = [];
    const runs = [
      async (r: number) => refSamples.push(...(await latency(refOpen, `latency-${n}-${r}`, n, perRound))),
      async (r: number) => hocusSamples.push(...(await latency(hocusOpen, `latency-${n}-${r}`, n, perRound))),
      async (r: number) => ourSamples.push(...(await latency(oursOpen, `note:${await createNote(`latency ${n} round ${r}`)}`, n, perRound))),
    ];
    // The order of the servers rotates from round to round.
    for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < runs.length; i++) await runs[(r + i) % runs.length](r);
    report(`${n} editors, bare @y/websocket-server (reference)`, refSamples, `${refSamples.length} deliveries, ${rounds}; in-memory, no authentication or persistence`);
    report(`${n} editors, bare Hocuspocus (reference)`, hocusSamples, `${hocusSamples.length} deliveries, ${rounds}; the protocol stack ours is built on, in-memory, none of our hooks`);
    report(`${n} editors, ours`, ourSamples, `${ourSamples.length} deliveries, ${rounds}; editors signed in as two users; every update appended to PostgreSQL`, refSamples);
  }

  cpus.share();
  const named = (prefix: string) => Array.from({ length: DOCS }, (_, i) => `${prefix}-${i}`);
  // One server at a time: each keeps the inspector's port until it exits.
  const hocusCapacity = await capacity('bare Hocuspocus', hocus.child.pid!, hocusOpen, named('capacity'), named('warm-up'));
  await stopped(hocus.child);
  const refCapacity = await capacity('reference', ref.child.pid!, refOpen, named('capacity'), named('warm-up'));
  await stopped(ref.child);
  const ids: string[] = [];
  for (let i = 0; i < 2 * DOCS; i += 20) ids.push(...(await Promise.all(Array.from({ length: Math.min(20, 2 * DOCS - i) }, (_, j) => createNote(`capacity ${i + j}`)))));
  const notes = ids.map((id) => `note:${id}`);
  const ours = await capacity('ours', server.pid, oursOpen, notes.slice(DOCS), notes.slice(0, DOCS));
  const workload = `${DOCS} documents × 2 editors, ${DOC_CHARS} characters typed into each in ${CHUNK}-character inserts at random places, after a warm-up round of the same on ${DOCS} other documents; RSS read after a full garbage collection`;
  emit({ name: `collab capacity, RSS with ${DOCS} open documents, ours`, value: round(ours.loaded), unit: 'MB', goal: '<= 1024', reference: `bare @y/websocket-server ${round(refCapacity.loaded)} MB`, note: `${workload}; idle server ${round(ours.idle)} MB` });
  emit({ name: 'collab capacity, memory per open document, bare @y/websocket-server (reference)', value: round(refCapacity.perDocKb), unit: 'KB', note: `${workload}; RSS above the idle server ÷ ${DOCS}` });
  emit({ name: 'collab capacity, memory per open document, bare Hocuspocus (reference)', value: round(hocusCapacity.perDocKb), unit: 'KB', note: `${workload}; RSS above the idle server ÷ ${DOCS}; the protocol stack ours is built on, none of our hooks` });
  emit({
    name: 'collab capacity, memory per open document, ours',
    value: round(ours.perDocKb),
    unit: 'KB',
    goal: `<= ${round(refCapacity.perDocKb * 1.5)}`,
    reference: `bare @y/websocket-server ${round(refCapacity.perDocKb)} KB; goal ≤ 1.5×; bare Hocuspocus ${round(hocusCapacity.perDocKb)} KB`,
    note: `${workload}; RSS above the idle server ÷ ${DOCS}`,
  });
} finally {
  ref.child.kill('SIGTERM');
  hocus.child.kill('SIGTERM');
  await server.stop();
  await db.drop();
}
process.exit(0);
