import type { Connection, Document, Extension, beforeSyncPayload, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
import { setTimeout as sleep } from 'node:timers/promises';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';

/** Where a document lives: collab/ knows nothing of databases, the server supplies this. */
export interface DocumentStore {
  /** The compacted state and every update appended after it, in order. Throws if it cannot read. */
  load(tenantId: string, name: string): Promise<{ state: Uint8Array | null; updates: Uint8Array[] }>;
  /** Appends one update durably (committed when the promise resolves). */
  append(tenantId: string, name: string, update: Uint8Array): Promise<void>;
  /**
   * In one transaction, serialized per document across processes: reads the stored state and the
   * appended updates, stores fold(state, updates) as the new state and deletes exactly the updates
   * it read, so an update appended meanwhile stays in the log.
   */
  compact(tenantId: string, name: string, fold: (state: Uint8Array | null, updates: Uint8Array[]) => Uint8Array, editors: string[]): Promise<void>;
}

export interface CollabContext {
  userId: string;
  tenantId: string;
  name: string;
  /** The session the connection authenticated with, so that it ends when the session does. */
  sessionId: string;
}

interface OpenDocument {
  tenantId: string;
  /** Who edited since the last compaction (for its audit entry). */
  editors: Set<string>;
  /** Appends in flight: an acknowledgement of something already applied waits for them. */
  appending: Set<Promise<void>>;
}

/**
 * Durable persistence. An incoming update is applied at once, so the other editors see it without
 * waiting on the database, and appended to the store; Hocuspocus acknowledges it to its sender only
 * after this hook resolves (applying it again is a no-op), so whatever the editor shows as saved is
 * committed and survives a crash. An edit that is shown to others but lost with a crash is still
 * held, unacknowledged, by its sender's provider, which sends it again on reconnecting. The
 * debounced onStoreDocument only folds the log into a snapshot.
 */
export class DurableStore implements Extension {
  readonly extensionName = 'durable-store';
  private readonly store: DocumentStore;
  // Keyed by the Document object, not its name: a document unloaded and loaded again is a new entry.
  private readonly docs = new WeakMap<Document, OpenDocument>();
  /** Per connection, the edits taken on arrival whose beforeSync has not run yet, in order. */
  private readonly arrived = new WeakMap<Connection, { update: Uint8Array; appended: Promise<void> }[]>();

  constructor(store: DocumentStore) {
    this.store = store;
  }

  async onLoadDocument({ document, documentName, context }: onLoadDocumentPayload<CollabContext>) {
    if (!context?.tenantId) throw new Error(`no tenant to load ${documentName} for`);
    // A failed load throws, so Hocuspocus never creates (and later stores) an empty document; the
    // provider is refused with this reason.
    const { state, updates } = await this.store.load(context.tenantId, documentName).catch((cause: unknown) => {
      throw Object.assign(new Error(`cannot load ${documentName}`, { cause }), { reason: 'load_failed' });
    });
    applyStored(document, state, updates, { source: 'local', skipStoreHooks: true });
    this.docs.set(document, { tenantId: context.tenantId, editors: new Set(), appending: new Set() });
  }

  async beforeSync({ type, payload, document, connection }: beforeSyncPayload<CollabContext>) {
    // Hocuspocus drops what a read-only connection sends; it must not reach the log either.
    if ((type !== messageYjsSyncStep2 && type !== messageYjsUpdate) || connection.readOnly) return;
    // A reconnecting client's sync step 2 usually holds nothing new (but always its delete set). It
    // may be an edit still on its way to the store, sent before the client lost its connection.
    if (type === messageYjsSyncStep2 && Y.snapshotContainsUpdate(Y.snapshot(document), payload)) {
      await Promise.all(this.open(document).appending);
      return;
    }
    // Taken on arrival (see acceptOnArrival): only its append is left to wait for.
    const early = this.arrived.get(connection);
    if (type === messageYjsUpdate && early?.length && Buffer.compare(early[0].update, payload) === 0) return early.shift()!.appended;
    await this.accept(document, connection, payload);
  }

  /**
   * An edit taken as it arrives, ahead of Hocuspocus's per-connection queue (which waits on hooks
   * between messages), so that it reaches the others at once. The caller has checked that the
   * connection may write. Its beforeSync then only waits for the append started here.
   */
  acceptOnArrival(connection: Connection, update: Uint8Array) {
    const entry = { update, appended: this.accept(connection.document, connection, update) };
    const queue = this.arrived.get(connection);
    if (queue) queue.push(entry);
    else this.arrived.set(connection, [entry]);
  }

  private open(document: Document): OpenDocument {
    const doc = this.docs.get(document);
    if (!doc) throw new Error(`update for ${document.name} before it was loaded`);
    return doc;
  }

  /** Applies an edit, which broadcasts it, and starts its append. Throws, applying nothing, if it is malformed. */
  private accept(document: Document, connection: Connection, update: Uint8Array): Promise<void> {
    const doc = this.open(document);
    // A malformed update would make every later load of the document fail: refuse it before applying
    // (applying could stop half-way) and storing.
    Y.decodeUpdate(update);
    Y.applyUpdate(document, update, { source: 'connection', connection });
    doc.editors.add((connection.context as CollabContext).userId);
    const appended: Promise<void> = this.appendUntilStored(doc, document, update).finally(() => doc.appending.delete(appended));
    doc.appending.add(appended);
    return appended;
  }

  /** The update is already shown to everyone, so it cannot be refused any more: retry until it is stored. */
  private async appendUntilStored(doc: OpenDocument, document: Document, update: Uint8Array) {
    for (let wait = 100; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        return await this.store.append(doc.tenantId, document.name, update);
      } catch (err) {
        // Unloaded: only after a compaction folded in the in-memory document, and with it this update.
        if (document.isDestroyed) return;
        console.error(`[collab] cannot append to ${document.name}, retrying in ${wait} ms:`, (err as Error).message);
        await sleep(wait);
      }
    }
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload<CollabContext>) {
    const doc = this.docs.get(document);
    if (!doc) return;
    const editors = [...doc.editors];
    doc.editors.clear();
    try {
      await this.store.compact(doc.tenantId, documentName, (state, updates) => fold(document, state, updates), editors);
    } catch (err) {
      for (const e of editors) doc.editors.add(e);
      throw err;
    }
  }
}

/** Applies a document as stored to doc, in one transaction: the compacted state, then the updates logged after it. */
export function applyStored(doc: Y.Doc, state: Uint8Array | null, updates: Uint8Array[], origin?: unknown): Y.Doc {
  Y.transact(
    doc,
    () => {
      if (state) Y.applyUpdate(doc, state);
      for (const u of updates) Y.applyUpdate(doc, u);
    },
    origin,
  );
  return doc;
}

/** A document as stored, in a new Y.Doc. */
export const storedDoc = (state: Uint8Array | null, updates: Uint8Array[]) => applyStored(new Y.Doc(), state, updates);

/**
 * The new snapshot: the stored one, this process's document and the logged updates. The stored
 * state and the log may hold edits this process has not seen yet (another instance's, or one
 * whose append is in flight); folding them in is what makes deleting those log rows safe.
 */
export function fold(document: Y.Doc, state: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
  // Usually this process holds everything already (it applied each logged update before appending
  // it): then the document is the snapshot, and the event loop is not held up merging thousands of
  // updates again while the editors type (a 50-editor session logs that many between compactions).
  const held = Y.snapshot(document);
  if ((!state || Y.snapshotContainsUpdate(held, state)) && updates.every((u) => Y.snapshotContainsUpdate(held, u))) return Y.encodeStateAsUpdate(document);
  const merged = new Y.Doc({ gc: document.gc });
  try {
    Y.transact(merged, () => {
      if (state) Y.applyUpdate(merged, state);
      Y.applyUpdate(merged, Y.encodeStateAsUpdate(document));
      for (const u of updates) Y.applyUpdate(merged, u);
    });
    return Y.encodeStateAsUpdate(merged);
  } finally {
    merged.destroy();
  }
}
