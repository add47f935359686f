import type { Extension, onLoadDocumentPayload, beforeSyncPayload, onStoreDocumentPayload } from '@hocuspocus/server';
import * as Y from 'yjs';

/** Where a document lives: collab/ knows nothing of databases, the server supplies this. */
export interface DocumentStore {
  /** The compacted state and every update appended after it, in order. Throws if it cannot read. */
  load(tenantId: string, name: string): Promise<{ state: Uint8Array | null; updates: { id: bigint; update: Uint8Array }[] }>;
  /** Appends one update durably and returns its sequence id. */
  append(tenantId: string, name: string, update: Uint8Array): Promise<bigint>;
  /** Replaces the compacted state and drops the updates up to and including upTo, atomically. */
  compact(tenantId: string, name: string, state: Uint8Array, upTo: bigint | null, editors: string[]): Promise<void>;
}

export interface CollabContext {
  userId: string;
  tenantId: string;
  name: string;
}

const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * Durable persistence. Each incoming update is appended to the store before Hocuspocus applies it
 * and acknowledges it (beforeSync is awaited first), so whatever the editor shows as saved
 * survives a crash. The debounced onStoreDocument only folds the log into a snapshot.
 */
export class DurableStore implements Extension {
  readonly extensionName = 'durable-store';
  private readonly store: DocumentStore;
  private readonly docs = new Map<string, { tenantId: string; applied: bigint | null; editors: Set<string> }>();

  constructor(store: DocumentStore) {
    this.store = store;
  }

  async onLoadDocument({ document, documentName, context }: onLoadDocumentPayload<CollabContext>) {
    // A failed load throws, so Hocuspocus never creates (and later stores) an empty document.
    const { state, updates } = await this.store.load(context.tenantId, documentName);
    Y.transact(
      document,
      () => {
        if (state) Y.applyUpdate(document, state);
        for (const u of updates) Y.applyUpdate(document, u.update);
      },
      { source: 'local', skipStoreHooks: true },
    );
    this.docs.set(documentName, { tenantId: context.tenantId, applied: updates.at(-1)?.id ?? null, editors: new Set() });
  }

  async beforeSync({ type, payload, documentName, connection, context }: beforeSyncPayload<CollabContext> & { type: number; payload: Uint8Array }) {
    if ((type !== SYNC_STEP_2 && type !== SYNC_UPDATE) || connection.readOnly) return;
    if (type === SYNC_STEP_2 && isEmptyUpdate(payload)) return;
    const doc = this.docs.get(documentName);
    if (!doc) throw new Error(`update for ${documentName} before it was loaded`);
    const id = await this.store.append(doc.tenantId, documentName, payload);
    doc.applied = id;
    doc.editors.add(context.userId);
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload<CollabContext>) {
    const doc = this.docs.get(documentName);
    if (!doc) return;
    const upTo = doc.applied;
    const editors = [...doc.editors];
    doc.editors.clear();
    await this.store.compact(doc.tenantId, documentName, Y.encodeStateAsUpdate(document), upTo, editors);
  }

  async afterUnloadDocument({ documentName }: { documentName: string }) {
    this.docs.delete(documentName);
  }
}

/** A sync-step-2 with no structs and an empty delete set (what an up-to-date client sends). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length <= 2 && update.every((b) => b === 0);
}
