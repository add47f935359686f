// Sustained load on one group-standard draft: N editors type continuously into their own clause
// of one draft (a keystroke every ~100 ms each, like fast typing) for SECONDS seconds, against one
// server instance that appends every update to PostgreSQL before acknowledging it. Figures, per N:
// - updates per second the server absorbed: keystrokes sent in the run, divided by the time until
//   the last of them was acknowledged (stored); a fresh editor afterwards must find every one;
// - edit-to-remote latency: from a keystroke in one editor to its arrival in every other editor,
//   p50 and p99 (all editors live in this process, so one clock measures both ends);
// - the server's CPU: its user + system time over the run (/proc/<pid>/stat, what
//   process.cpuUsage() reports inside it) as a percentage of one core.
// Runs `node server/main.ts` on a fresh PostgreSQL database (dropped afterwards).
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { openProvider, type TestProvider } from '../collab/testing.ts';
import { cpuMs, emit, freePort, freshPostgresDatabase, info, login, percentile, round, rssMb, spawnServer, waitFor200 } from './lib.ts';

const EDITOR_COUNTS = (process.env.BENCH_SUSTAINED_EDITORS ?? '10,30').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SUSTAINED_SECONDS ?? 20);
const KEYSTROKE_MS = Number(process.env.BENCH_SUSTAINED_KEYSTROKE_MS ?? 100);

async function until(what: string, check: () => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const MARK = /\[(\d+):(\d+)\]/g;
/** Every "[editor:seq]" keystroke in a draft. */
const marksIn = (doc: Y.Doc) => new Set([...doc.getXmlFragment('default').toString().matchAll(MARK)].map((m) => `${m[1]}:${m[2]}`));

async function run(base: string, cookie: string, pid: number, editors: number) {
  const collab = `${base.replace(/^http/, 'ws')}/collab`;
  const res = await fetch(`${base}/api/v1/standards/projects`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ title: `持续负载测试 ${editors} 人` }) });
  const { document } = (await res.json()) as { document: string };

  const all: TestProvider[] = Array.from({ length: editors }, () => openProvider({ url: collab, name: document, cookie }));
  await until(`${editors} editors synced`, () => all.every((p) => p.saved()));
  // Each editor gets a clause of its own to type into (added by the first, seen by all).
  all[0].doc.transact(() => {
    const fragment = all[0].doc.getXmlFragment('default');
    for (let i = 0; i < editors; i++) {
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', '1');
      h.setAttribute('kind', 'clause');
      h.insert(0, [new Y.XmlText(`第${i + 1}位起草人的条款`)]);
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('kind', 'body');
      p.insert(0, [new Y.XmlText('')]);
      fragment.insert(fragment.length, [h, p]);
    }
  });
  const paragraphs = (doc: Y.Doc) => doc.getXmlFragment('default').toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph' && n.getAttribute('kind') === 'body').slice(-editors);
  await until('clauses everywhere', () => all.every((p) => paragraphs(p.doc).length === editors && p.saved()));

  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  all.forEach((p) =>
    p.doc.getXmlFragment('default').observeDeep((events, tx) => {
      if (tx.local) return;
      const now = performance.now();
      for (const e of events) {
        if (!(e.target instanceof Y.XmlText)) continue;
        for (const op of e.delta) {
          if (typeof op.insert !== 'string') continue;
          for (const m of op.insert.matchAll(MARK)) {
            const t0 = sentAt.get(`${m[1]}:${m[2]}`);
            if (t0 !== undefined) samples.push(now - t0);
          }
        }
      }
    }),
  );

  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  const stopAt = t0 + SECONDS * 1000;
  await Promise.all(
    all.map(async (p, i) => {
      await sleep(Math.random() * KEYSTROKE_MS);
      const text = paragraphs(p.doc)[i].get(0) as Y.XmlText;
      for (let seq = 0; performance.now() < stopAt; seq++) {
        sentAt.set(`${i}:${seq}`, performance.now());
        text.insert(text.length, `[${i}:${seq}]`);
        await sleep(KEYSTROKE_MS * (0.5 + Math.random()));
      }
    }),
  );
  const typedFor = performance.now() - t0;
  // Absorbed: every keystroke acknowledged by the server, which stores an update before it acknowledges it.
  await until('every keystroke acknowledged', () => all.every((p) => p.saved()));
  const absorbedIn = performance.now() - t0;
  const cpu = cpuMs(pid) - cpu0;
  const rss = rssMb(pid);
  await sleep(1000); // the last deliveries
  const sent = sentAt.size;
  const expectedDeliveries = sent * (editors - 1);
  all.forEach((p) => p.destroy());

  // A new editor loads the draft from the server: every keystroke is there.
  const check = openProvider({ url: collab, name: document, cookie });
  await until('reloaded', check.saved);
  const kept = marksIn(check.doc);
  check.destroy();
  const lost = [...sentAt.keys()].filter((k) => !kept.has(k)).length;
  if (lost) info(`  ${lost} of ${sent} keystrokes missing after reload`);
  if (samples.length < expectedDeliveries) info(`  ${expectedDeliveries - samples.length} of ${expectedDeliveries} deliveries missing`);

  const note = `${editors} editors, one keystroke each every ~${KEYSTROKE_MS} ms for ${SECONDS} s: ${sent} updates, ${sent - lost} found after reload; server RSS ${round(rss)} MB`;
  emit({ name: `standards sustained, ${editors} editors: updates absorbed per second`, value: round(sent / (absorbedIn / 1000)), unit: 'updates/s', note: `${note}; all acknowledged ${round(absorbedIn - typedFor)} ms after the typing stopped` });
  emit({ name: `standards sustained, ${editors} editors: edit-to-remote latency p50`, value: round(percentile(samples, 0.5)), unit: 'ms', note: `${samples.length} of ${expectedDeliveries} deliveries` });
  emit({ name: `standards sustained, ${editors} editors: edit-to-remote latency p99`, value: round(percentile(samples, 0.99)), unit: 'ms' });
  emit({ name: `standards sustained, ${editors} editors: server CPU`, value: round((cpu / absorbedIn) * 100), unit: '% of one core', note: `${round(cpu)} ms CPU in ${round(absorbedIn)} ms` });
}

const db = await freshPostgresDatabase('standards_sustained');
const port = await freePort();
const server = spawnServer({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, LOG_LEVEL: 'warn', SEED_DEMO: 'true', LOGIN_MAX_PER_IP: '100000' });
try {
  await waitFor200(server, '/readyz');
  const base = `http://127.0.0.1:${port}`;
  const cookie = await login(base, 'secretariat@demo.test');
  for (const n of EDITOR_COUNTS) {
    info(`sustained typing: ${n} editors for ${SECONDS} s`);
    await run(base, cookie, server.pid, n);
  }
} finally {
  await server.stop();
  await db.drop();
}
