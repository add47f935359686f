import { Hocuspocus, type Extension, type onAuthenticatePayload } from '@hocuspocus/server';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { DurableStore, type CollabContext, type DocumentStore } from './store.ts';

export type { CollabContext, DocumentStore };

/** Thrown by authorize(); the provider receives the reason and stops retrying. */
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
}

/** The collab server: Hocuspocus with authentication, durable storage and (optionally) Redis fan-out. */
export function createCollabServer(opts: CollabOptions): Hocuspocus<CollabContext> {
  const auth: Extension = {
    extensionName: 'xiehui-auth',
    async onAuthenticate(data: onAuthenticatePayload<CollabContext>) {
      const who = await opts.authorize({ token: data.token, cookie: data.requestHeaders.get('cookie'), documentName: data.documentName });
      data.connectionConfig.readOnly = who.readOnly;
      return { userId: who.userId, tenantId: who.tenantId, name: who.name };
    },
  };
  const extensions: Extension[] = [auth, new DurableStore(opts.store)];
  if (opts.redisUrl) {
    const url = new URL(opts.redisUrl);
    extensions.push(new RedisExtension({ host: url.hostname, port: Number(url.port || 6379), prefix: 'xh:collab' }));
  }
  return new Hocuspocus<CollabContext>({
    name: 'xiehui-collab',
    quiet: true,
    // The append log makes every acknowledged edit durable; snapshots can be lazy.
    debounce: 5_000,
    maxDebounce: 30_000,
    unloadImmediately: false,
    extensions,
  });
}

/** Closes every connection of a user (in one tenant, or all) so that they re-authenticate with their new rights. */
export function disconnectUser(hocuspocus: Hocuspocus<CollabContext>, userId: string, tenantId?: string) {
  for (const document of hocuspocus.documents.values()) {
    for (const connection of document.connections.keys()) {
      const ctx = connection.context as CollabContext | undefined;
      if (ctx?.userId === userId && (!tenantId || ctx.tenantId === tenantId)) {
        connection.close({ code: 4403, reason: 'access changed' });
      }
    }
  }
}
