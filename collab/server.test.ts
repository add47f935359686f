// The collab server on its own: Hocuspocus with our extensions over an in-memory store, served by
// a bare `ws` server, driven by real providers. The database-backed path is in server/collab/.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OutgoingMessage } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { createCollabServer, type CollabServer } from './server.ts';
import { fold, type DocumentStore } from './store.ts';
import { openProvider, storedText, waitFor, type TestProvider } from './testing.ts';

const NAME = 'note:00000000-0000-4000-8000-000000000001';

/** A DocumentStore in memory, with the knobs the tests need. */
class MemoryStore implements DocumentStore {
  state: Uint8Array | null = null;
  log: Uint8Array[] = [];
  appendDelayMs = 0;
  /** While set, appends wait for it (see holdAppends). */
  appendGate?: Promise<void>;
  /** How many of the next appends fail (a database that is briefly away). */
  failAppends = 0;
  failLoad = false;
  appends = 0;
  compactions = 0;
  /** Runs between reading the log and deleting what was read (a concurrent append, say). */
  duringCompaction?: () => void;

  async load() {
    if (this.failLoad) throw new Error('database unavailable');
    return { state: this.state, updates: [...this.log] };
  }
  async append(_tenantId: string, _name: string, update: Uint8Array) {
    if (this.appendDelayMs) await new Promise((r) => setTimeout(r, this.appendDelayMs));
    await this.appendGate;
    if (this.failAppends > 0) {
      this.failAppends -= 1;
      throw new Error('database unavailable');
    }
    this.log.push(update);
    this.appends += 1;
  }
  async compact(_tenantId: string, _name: string, f: (state: Uint8Array | null, updates: Uint8Array[]) => Uint8Array) {
    const read = [...this.log];
    this.duringCompaction?.();
    this.state = f(this.state, read);
    this.log = this.log.filter((u) => !read.includes(u));
    this.compactions += 1;
  }
  text() {
    return storedText(this.state, this.log);
  }
  /** Holds every append until the returned function is called (a database that has not answered yet). */
  holdAppends(): () => void {
    let release!: () => void;
    this.appendGate = new Promise((r) => (release = r));
    return release;
  }
}

/** Who each provider token stands for; `readOnly` can be changed between connections. */
const users: Record<string, { readOnly: boolean }> = {};

let servers: { collab: CollabServer; wss: WebSocketServer }[] = [];
let providers: TestProvider[] = [];

async function serve(store: DocumentStore, authorize?: () => Promise<void>) {
  const collab = createCollabServer({
    store,
    async authorize({ token }) {
      await authorize?.();
      if (!users[token]) throw Object.assign(new Error('unknown'), { reason: 'unauthenticated' });
      return { userId: token, tenantId: 't1', name: token, sessionId: `session-${token}`, readOnly: users[token].readOnly };
    },
  });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws, req) => {
    const connection = collab.handleConnection(ws, new Request(`http://localhost${req.url}`));
    ws.on('message', (data: Buffer) => connection.handleMessage(new Uint8Array(data)));
    ws.on('close', (code, reason) => connection.handleClose({ code, reason: reason.toString() }));
  });
  await new Promise((r) => wss.once('listening', r));
  servers.push({ collab, wss });
  return { collab, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
}

function connect(url: string, user: string, readOnly = false, doc?: Y.Doc) {
  users[user] = { readOnly };
  const p = openProvider({ url, name: NAME, token: user, doc });
  providers.push(p);
  return p;
}

/** Two editors on the document, both synced; the first one on `doc` when given. */
async function twoEditors(url: string, doc?: Y.Doc) {
  const a = connect(url, 'editor', false, doc);
  const b = connect(url, 'editor2');
  await waitFor('both synced', () => a.saved() && b.saved());
  return [a, b] as const;
}

afterEach(async () => {
  for (const p of providers) p.destroy();
  for (const s of servers) {
    s.wss.close();
    await s.collab.destroy();
  }
  providers = [];
  servers = [];
});

describe('collab server: durability', () => {
  it('acknowledges an update only after the store has it', async () => {
    const store = new MemoryStore();
    store.appendDelayMs = 30; // a slow database
    const { url } = await serve(store);
    const p = connect(url, 'editor');
    await waitFor('first sync', p.saved);
    // Whenever the provider reports everything saved, the store must already hold all of it.
    const atAck: string[] = [];
    p.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0) atAck.push(`${p.text()}|${store.text()}`);
    });
    for (const s of ['a', 'b', 'c']) p.type(s);
    await waitFor('acknowledged', p.saved);
    expect(atAck.length).toBeGreaterThan(0);
    for (const entry of atAck) {
      const [local, stored] = entry.split('|');
      expect(stored).toBe(local);
    }
    expect(store.text()).toBe('abc');
  });

  it('acknowledges the offline edits of a connecting client (sync step 2) only after the store has them', async () => {
    const store = new MemoryStore();
    store.appendDelayMs = 30;
    const { url } = await serve(store);
    const offline = new Y.Doc();
    offline.getText('t').insert(0, 'written offline');
    const p = connect(url, 'editor', false, offline);
    let storedAtAck: string | undefined;
    p.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0 && storedAtAck === undefined) storedAtAck = store.text();
    });
    await waitFor('acknowledged', p.saved);
    expect(storedAtAck).toBe('written offline');
  });

  it('shows an edit to the other editors before the store has it, and acknowledges it to its sender only once stored', async () => {
    const store = new MemoryStore();
    const { url } = await serve(store);
    const [a, b] = await twoEditors(url);
    const answer = store.holdAppends();
    a.type('fast');
    await waitFor('b sees the edit', () => b.text() === 'fast');
    expect(store.text()).toBe('');
    expect(a.provider.hasUnsyncedChanges).toBe(true);
    answer();
    await waitFor('a acknowledged', a.saved);
    expect(store.text()).toBe('fast');
  });

  it('shows each edit to the others at once while the store has not answered the earlier ones, and stores each once', async () => {
    const store = new MemoryStore();
    const { url } = await serve(store);
    const [a, b] = await twoEditors(url);
    const answer = store.holdAppends();
    for (const s of ['one ', 'two ', 'three']) {
      a.type(s);
      await waitFor(`b sees "${s}"`, () => b.text().endsWith(s));
    }
    expect(store.text()).toBe('');
    answer();
    await waitFor('a acknowledged', a.saved);
    expect(store.appends).toBe(3);
    expect(store.text()).toBe('one two three');
  });

  it('keeps trying to store an edit the others already see, and acknowledges it once stored', async () => {
    const store = new MemoryStore();
    const { url } = await serve(store);
    const [a, b] = await twoEditors(url);
    store.failAppends = 2;
    a.type('persistent');
    await waitFor('b sees the edit', () => b.text() === 'persistent');
    expect(a.provider.hasUnsyncedChanges).toBe(true);
    await waitFor('a acknowledged after the retries', a.saved);
    expect(store.failAppends).toBe(0);
    expect(store.text()).toBe('persistent');
  });

  it('acknowledges a reconnecting client only once the edit it sent before is stored', async () => {
    const store = new MemoryStore();
    const { url } = await serve(store);
    const doc = new Y.Doc();
    const [first, other] = await twoEditors(url, doc);
    const answer = store.holdAppends();
    first.type('in flight');
    await waitFor('the server has applied it', () => other.text() === 'in flight');
    first.destroy();
    // Its sync step 2 holds nothing the server lacks, but the edit is not stored yet.
    const again = connect(url, 'editor', false, doc);
    await waitFor('reconnected and synced', () => again.provider.isAuthenticated && again.provider.synced);
    expect(again.saved()).toBe(false);
    answer();
    await waitFor('acknowledged', again.saved);
    expect(store.text()).toBe('in flight');
  });

  it('does not store again what a reconnecting client already sent', async () => {
    const store = new MemoryStore();
    const { url } = await serve(store);
    const doc = new Y.Doc();
    const p = connect(url, 'editor', false, doc);
    await waitFor('first sync', p.saved);
    p.type('hello');
    doc.getText('t').delete(0, 1); // a delete set, which every later sync step 2 repeats
    await waitFor('saved', p.saved);
    const appends = store.appends;
    p.destroy();
    const again = connect(url, 'editor', false, doc);
    await waitFor('second sync', again.saved);
    expect(store.appends).toBe(appends);
    expect(store.text()).toBe('ello');
  });

  it('keeps an update appended while a compaction runs, and deletes only what it folded in', async () => {
    const store = new MemoryStore();
    const { collab, url } = await serve(store);
    const p = connect(url, 'editor');
    await waitFor('first sync', p.saved);
    p.type('one ');
    await waitFor('saved', p.saved);
    // Another instance's edit lands in the log after this compaction has read it.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(p.doc));
    elsewhere.getText('t').insert(4, 'two ');
    const late = Y.encodeStateAsUpdate(elsewhere, Y.encodeStateVector(p.doc));
    store.duringCompaction = () => {
      store.duringCompaction = undefined;
      store.log.push(late);
    };
    await collab.storeAll();
    expect(store.log).toEqual([late]);
    expect(storedText(store.state, [])).toBe('one ');
    expect(store.text()).toBe('one two ');
  });

  it('folds into the snapshot what only the stored state or the log holds', () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'stored ');
    const stored = Y.encodeStateAsUpdate(a);
    const live = new Y.Doc();
    live.getText('t').insert(0, 'live ');
    const b = new Y.Doc();
    b.getText('t').insert(0, 'logged');
    const merged = new Y.Doc();
    Y.applyUpdate(merged, fold(live, stored, [Y.encodeStateAsUpdate(b)]));
    const text = merged.getText('t').toString();
    for (const part of ['stored ', 'live ', 'logged']) expect(text).toContain(part);
    expect(text).toHaveLength('stored live logged'.length);
  });

  it('refuses a malformed update and stores nothing', async () => {
    const store = new MemoryStore();
    const { collab, url } = await serve(store);
    const p = connect(url, 'editor');
    await waitFor('first sync', p.saved);
    const document = collab.hocuspocus.documents.get(NAME)!;
    const address = document.getConnections()[0].messageAddress;
    p.provider.configuration.websocketProvider.send(new OutgoingMessage(address).createSyncMessage().writeUpdate(new Uint8Array([200, 201, 202])).toUint8Array());
    await waitFor('connection closed', () => document.getConnections().length === 0);
    expect(store.log).toEqual([]);
  });
});

describe('collab server: loading and unloading', () => {
  it('never stores a document whose load failed, and loads it intact once the store is back', async () => {
    const store = new MemoryStore();
    const seed = new Y.Doc();
    seed.getText('t').insert(0, 'precious');
    store.state = Y.encodeStateAsUpdate(seed);
    store.failLoad = true;
    const { collab, url } = await serve(store);
    const p = connect(url, 'editor');
    await waitFor('refusal', () => p.failure);
    expect(p.failure).toBe('load_failed');
    expect(collab.hocuspocus.documents.size).toBe(0);
    await collab.storeAll();
    expect(store.compactions).toBe(0);
    p.destroy();

    store.failLoad = false;
    const again = connect(url, 'editor');
    await waitFor('sync', again.saved);
    expect(again.text()).toBe('precious');
    again.type('!');
    await waitFor('saved', again.saved);
    await collab.storeAll();
    expect(storedText(store.state, [])).toBe('precious!');
  });

  it('unloads a document (after compacting it) when its last client leaves', async () => {
    const store = new MemoryStore();
    const { collab, url } = await serve(store);
    const [a, b] = await twoEditors(url);
    a.type('kept');
    await waitFor('b sees it', () => b.text() === 'kept');
    await waitFor('saved', a.saved);
    a.destroy();
    await waitFor('a gone', () => collab.hocuspocus.documents.get(NAME)?.getConnectionsCount() === 1);
    expect(collab.hocuspocus.documents.has(NAME)).toBe(true);
    b.destroy();
    await waitFor('unloaded', () => collab.hocuspocus.documents.size === 0);
    expect(store.log).toEqual([]);
    expect(store.text()).toBe('kept');
  });
});

describe('collab server: access', () => {
  it('drops what a read-only connection sends: never applied, never stored', async () => {
    const store = new MemoryStore();
    const { url } = await serve(store);
    const offline = new Y.Doc();
    offline.getText('t').insert(0, 'offline by reader ');
    const reader = connect(url, 'reader', true, offline);
    const editor = connect(url, 'editor');
    await waitFor('reader authenticated', () => reader.scope);
    expect(reader.scope).toBe('readonly');
    await waitFor('editor synced', editor.saved);
    reader.type('typed by reader');
    // Every reader message is answered "not saved"; its changes stay unsynced.
    await waitFor('reader refused', () => reader.provider.hasUnsyncedChanges && reader.provider.synced);
    editor.type('editor');
    await waitFor('reader sees the editor', () => reader.text().includes('editor'));
    expect(editor.text()).toBe('editor');
    expect(store.text()).toBe('editor');
  });

  it('cuts a revoked user off at once, and their reconnection gets the new rights', async () => {
    const store = new MemoryStore();
    const { collab, url } = await serve(store);
    const p = connect(url, 'author');
    await waitFor('synced', p.saved);
    expect(p.scope).toBe('read-write');
    const closes = p.closes;
    users.author.readOnly = true;
    collab.revoke('author');
    await waitFor('cut off', () => p.closes > closes, 1_000);
    await waitFor('reconnected read-only', () => p.provider.isAuthenticated && p.scope === 'readonly');
    p.type('after revocation');
    await waitFor('refused', () => p.provider.hasUnsyncedChanges);
    expect(store.text()).toBe('');
  });

  it('cuts off a connection whose authorization raced a revocation', async () => {
    const store = new MemoryStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let authorizing = false;
    const { collab, url } = await serve(store, async () => {
      if (users.author.readOnly) return;
      authorizing = true;
      await gate;
    });
    const p = connect(url, 'author');
    await waitFor('authorization started', () => authorizing);
    // The role changes while the old rights are being read.
    users.author.readOnly = true;
    collab.revoke('author');
    release();
    await waitFor('reconnected read-only', () => p.provider.isAuthenticated && p.scope === 'readonly');
    p.type('x');
    await waitFor('refused', () => p.provider.hasUnsyncedChanges && p.provider.synced);
    expect(store.log).toEqual([]);
  });
});
