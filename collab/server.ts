import { Hocuspocus, IncomingMessage, MessageType, type Connection, type WebSocketLike, type Extension, type beforeSyncPayload, type connectedPayload, type onAuthenticatePayload } from '@hocuspocus/server';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { messageYjsUpdate } from 'y-protocols/sync';
import { DurableStore, type CollabContext, type DocumentStore } from './store.ts';

export type { CollabContext, DocumentStore };

/** Thrown by authorize(); the provider receives the reason (authenticationFailed) and stops retrying. */
export class CollabDenied extends Error {
  readonly reason: 'unauthenticated' | 'forbidden' | 'not_found';
  constructor(reason: 'unauthenticated' | 'forbidden' | 'not_found') {
    super(reason);
    this.reason = reason;
  }
}

export interface CollabOptions {
  /**
   * Decides who may open a document: the provider's token, else the request's cookie header,
   * and the document name. Resolves to the caller and whether they may write; throws CollabDenied.
   */
  authorize(input: { token: string; cookie: string | null; documentName: string }): Promise<CollabContext & { readOnly: boolean }>;
  store: DocumentStore;
  redisUrl?: string;
  /** Prefix of the Redis channels and locks (default 'xh'), so that deployments can share a Redis. */
  redisPrefix?: string;
}

export interface CollabServer {
  hocuspocus: Hocuspocus<CollabContext>;
  /**
   * Serves one socket: Hocuspocus's connection, with each edit from a writer applied (and so sent
   * to the other editors) the moment it arrives instead of when Hocuspocus's queue reaches it.
   */
  handleConnection(webSocket: WebSocketLike, request: Request): { handleMessage(data: Uint8Array): void; handleClose(event: { code: number; reason: string }): void };
  /**
   * Cuts a user (in one tenant, or all) off at once: their sockets are closed, so their providers
   * reconnect and authenticate again with their new rights. Anything they send meanwhile is refused.
   */
  revoke(userId: string, tenantId?: string): void;
  /** Sessions behind the open connections. */
  sessions(): Set<string>;
  /** Cuts off every connection of these sessions (ended or expired). */
  endSessions(ids: Set<string>): void;
  /** Stores (compacts) every open document now; resolves when all are done or have failed. */
  storeAll(): Promise<void>;
  /** Releases the extensions' resources (Redis connections). */
  destroy(): Promise<void>;
}

/** What authentication stamps on each connection's context: when its rights were read. */
type AuthedContext = CollabContext & { authorizedAt: number };

/** The collab server: Hocuspocus with authentication, durable storage and (optionally) Redis fan-out. */
export function createCollabServer(opts: CollabOptions): CollabServer {
  // A revocation counter, and its value at each user's (or user-in-tenant's) latest revocation. A
  // connection whose rights were read before that (its authorization raced the revocation) is cut off too.
  let revocations = 0;
  const revokedAt = new Map<string, number>();
  const isRevoked = (ctx: Partial<AuthedContext> | undefined) =>
    !!ctx?.userId && Math.max(revokedAt.get(ctx.userId) ?? 0, revokedAt.get(`${ctx.userId}@${ctx.tenantId}`) ?? 0) > (ctx.authorizedAt ?? 0);
  const cutOff = (connection: Connection) => {
    connection.close({ code: 4403, reason: 'access changed' });
    // Closing only the Hocuspocus connection would leave the provider waiting on an open socket.
    connection.webSocket.close(4403, 'access changed');
  };

  // Per socket, its connections that may write, by message address (the document's name, or the
  // name and the provider's session id).
  const writable = new WeakMap<WebSocketLike, Map<string, Connection>>();

  const auth: Extension = {
    extensionName: 'xiehui-auth',
    async onAuthenticate(data: onAuthenticatePayload<AuthedContext>) {
      const authorizedAt = revocations;
      const who = await opts.authorize({ token: data.token, cookie: data.requestHeaders.get('cookie'), documentName: data.documentName });
      data.connectionConfig.readOnly = who.readOnly;
      return { userId: who.userId, tenantId: who.tenantId, name: who.name, sessionId: who.sessionId, authorizedAt } satisfies AuthedContext;
    },
    // The document loads between authentication and this hook; a revocation in that window counts.
    async connected({ connection, context }: connectedPayload<AuthedContext>) {
      if (isRevoked(context)) return cutOff(connection);
      if (connection.readOnly) return;
      const address = connection.messageAddress;
      const writers = writable.get(connection.webSocket) ?? new Map<string, Connection>();
      writable.set(connection.webSocket, writers.set(address, connection));
      // A later connection to the same document on this socket may have taken the address already.
      connection.onClose(() => writers.get(address) === connection && writers.delete(address));
    },
    async beforeSync({ connection, context }: beforeSyncPayload<AuthedContext>) {
      if (isRevoked(context)) {
        cutOff(connection);
        throw new Error('access changed');
      }
    },
  };
  const durable = new DurableStore(opts.store);
  const extensions: Extension[] = [auth, durable];
  if (opts.redisUrl) {
    // The extension takes host and port apart; the rest of the URL must not be lost on the way.
    const url = new URL(opts.redisUrl);
    const options = {
      username: decodeURIComponent(url.username) || undefined,
      password: decodeURIComponent(url.password) || undefined,
      db: Number(url.pathname.slice(1)) || 0,
      tls: url.protocol === 'rediss:' ? {} : undefined,
    };
    extensions.push(new RedisExtension({ host: url.hostname, port: Number(url.port || 6379), options, prefix: `${opts.redisPrefix ?? 'xh'}:collab` }));
  }
  const hocuspocus = new Hocuspocus<CollabContext>({
    name: 'xiehui-collab',
    quiet: true,
    // The append log makes every acknowledged edit durable; snapshots can be lazy.
    debounce: 5_000,
    maxDebounce: 30_000,
    // When the last client leaves, compact and drop the document from memory right away.
    unloadImmediately: true,
    // Each update goes out to the others at once, before its append is even sent to the database,
    // rather than at the end of the event-loop turn.
    flushDelay: false,
    extensions,
  });

  /** Takes an edit (a sync update) from a connection that may write (`writable` holds no other) as it arrives; Hocuspocus still sees the message after. */
  const takeOnArrival = (webSocket: WebSocketLike, data: Uint8Array) => {
    const writers = writable.get(webSocket);
    if (!writers) return;
    try {
      const message = new IncomingMessage(data);
      const connection = writers.get(message.readVarString());
      if (!connection || message.readVarUint() !== MessageType.Sync || message.readVarUint() !== messageYjsUpdate) return;
      if (isRevoked(connection.context as AuthedContext)) return;
      durable.acceptOnArrival(connection, message.readVarUint8Array());
    } catch {
      // Malformed: Hocuspocus refuses it on its way through the queue, and closes the connection.
    }
  };

  return {
    hocuspocus,
    handleConnection(webSocket, request) {
      const client = hocuspocus.handleConnection(webSocket, request);
      return {
        handleMessage(data) {
          takeOnArrival(webSocket, data);
          client.handleMessage(data);
        },
        handleClose: (event) => client.handleClose(event),
      };
    },
    revoke(userId, tenantId) {
      revocations += 1;
      revokedAt.set(tenantId ? `${userId}@${tenantId}` : userId, revocations);
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.getConnections()) {
          const ctx = connection.context as CollabContext | undefined;
          if (ctx?.userId === userId && (!tenantId || ctx.tenantId === tenantId)) cutOff(connection);
        }
      }
    },
    sessions() {
      const ids = new Set<string>();
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.getConnections()) {
          const id = (connection.context as CollabContext | undefined)?.sessionId;
          if (id) ids.add(id);
        }
      }
      return ids;
    },
    endSessions(ids) {
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.getConnections()) {
          if (ids.has((connection.context as CollabContext | undefined)?.sessionId ?? '')) cutOff(connection);
        }
      }
    },
    async storeAll() {
      const stores = [...hocuspocus.documents.values()].map((document) =>
        hocuspocus.storeDocumentHooks(
          document,
          { instance: hocuspocus, clientsCount: document.getConnectionsCount(), document, documentName: document.name, lastContext: {} as CollabContext, lastTransactionOrigin: undefined },
          true,
        ),
      );
      await Promise.allSettled(stores);
    },
    async destroy() {
      await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
    },
  };
}
