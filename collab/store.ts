import type { Document, Extension, beforeSyncPayload, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
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

const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * Durable persistence. Each incoming update is appended to the store before Hocuspocus applies it
 * and acknowledges it (Hocuspocus awaits beforeSync first), so whatever the editor shows as saved
 * survives a crash. The debounced onStoreDocument only folds the log into a snapshot.
 */
export class DurableStore implements Extension {
  readonly extensionName = 'durable-store';
  private readonly store: DocumentStore;
  // Keyed by the Document object, not its name: a document unloaded and loaded again is a new entry.
  private readonly docs = new WeakMap<Document, { tenantId: string; editors: Set<string> }>();

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
    Y.transact(
      document,
      () => {
        if (state) Y.applyUpdate(document, state);
        for (const u of updates) Y.applyUpdate(document, u);
      },
      { source: 'local', skipStoreHooks: true },
    );
    this.docs.set(document, { tenantId: context.tenantId, editors: new Set() });
  }

  async beforeSync({ type, payload, document, documentName, connection, context }: beforeSyncPayload<CollabContext>) {
    // Hocuspocus drops what a read-only connection sends; it must not reach the log either.
    if ((type !== SYNC_STEP_2 && type !== SYNC_UPDATE) || connection.readOnly) return;
    const doc = this.docs.get(document);
    if (!doc) throw new Error(`update for ${documentName} before it was loaded`);
    // A reconnecting client's sync step 2 usually holds nothing new (but always its delete set).
    if (type === SYNC_STEP_2 && Y.snapshotContainsUpdate(Y.snapshot(document), payload)) return;
    // A malformed update would make every later load of the document fail: refuse it before storing.
    Y.decodeUpdate(payload);
    await this.store.append(doc.tenantId, documentName, payload);
    doc.editors.add(context.userId);
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

/**
 * The new snapshot: the stored one, this process's document and the logged updates. The stored
 * state and the log may hold edits this process has not seen yet (another instance's, or one
 * whose append is in flight); folding them in is what makes deleting those log rows safe.
 */
export function fold(document: Y.Doc, state: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
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
