import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseCookie } from 'cookie';
import { WebSocketServer, type WebSocket } from 'ws';
import { collabKinds, parseDocumentName } from '#schema/collab.ts';
import { can } from '#schema/permissions.ts';
import { CollabDenied, createCollabServer, disconnectUser, type DocumentStore } from '../../collab/server.ts';
import { runInTenant, systemWrite } from '../db/tenant-scope.ts';
import type { Services } from '../http/routes.ts';
import { logger } from '../logger.ts';
import { SESSION_COOKIE } from '../modules/auth/routes.ts';
import { resolveSession } from '../modules/auth/service.ts';

export const COLLAB_PATH = '/collab';

/** Each collaborative document kind names the row it belongs to; the document exists only with it. */
const owners: Record<keyof typeof collabKinds, (s: Services, id: string) => Promise<boolean>> = {
  note: async (s, id) => !!(await s.scoped.note.findFirst({ where: { id }, select: { id: true } })),
};

function prismaStore(s: Services): DocumentStore {
  const prisma = s.db.prisma;
  return {
    async load(tenantId, name) {
      const [doc, updates] = await Promise.all([
        prisma.collabDocument.findUnique({ where: { tenantId_name: { tenantId, name } } }),
        prisma.collabUpdate.findMany({ where: { tenantId, name }, orderBy: { id: 'asc' }, select: { id: true, update: true } }),
      ]);
      return { state: doc?.state ?? null, updates };
    },
    async append(tenantId, name, update) {
      const row = await prisma.collabUpdate.create({ data: { tenantId, name, update: Buffer.from(update) }, select: { id: true } });
      return row.id;
    },
    async compact(tenantId, name, state, upTo, editors) {
      await systemWrite(prisma, { actorId: editors[0] ?? null, tenantId }, async (tx) => {
        await tx.collabDocument.upsert({
          where: { tenantId_name: { tenantId, name } },
          create: { tenantId, name, state: Buffer.from(state) },
          update: { state: Buffer.from(state) },
        });
        if (upTo !== null) await tx.collabUpdate.deleteMany({ where: { tenantId, name, id: { lte: upTo } } });
        if (editors.length) {
          await tx.auditLog.create({ data: { tenantId, actorId: editors[0], action: 'edit', entity: 'CollabDocument', entityId: name, after: { editors, bytes: state.byteLength } } });
        }
      });
    },
  };
}

/**
 * Hocuspocus on the app's own HTTP server at /collab. Connections authenticate with the same
 * session as the API (cookie, or a bearer token as the provider's token), and the permission
 * table decides read-only or read-write per document kind.
 */
export async function mountCollab(http: Server, s: Services, opts: { redisUrl?: string }) {
  const hocuspocus = createCollabServer({
    redisUrl: opts.redisUrl,
    store: prismaStore(s),
    async authorize({ token, cookie, documentName }) {
      const ref = parseDocumentName(documentName);
      if (!ref) throw new CollabDenied('not_found');
      const cookieToken = cookie ? parseCookie(cookie)[SESSION_COOKIE] : undefined;
      // Browsers rely on their session cookie and send a placeholder token; scripts send a bearer token.
      const auth = token && token.length >= 40 ? await resolveSession(s.db, token, 'bearer') : cookieToken ? await resolveSession(s.db, cookieToken, 'cookie') : null;
      if (!auth || auth === 'expired') throw new CollabDenied('unauthenticated');
      const rule = collabKinds[ref.kind];
      if (!can(auth.role, rule.read)) throw new CollabDenied('forbidden');
      const exists = await runInTenant({ tenantId: auth.tenant.id, actorId: auth.user.id }, () => owners[ref.kind](s, ref.id));
      if (!exists) throw new CollabDenied('not_found');
      return { userId: auth.user.id, tenantId: auth.tenant.id, name: auth.user.name, readOnly: !can(auth.role, rule.write) };
    },
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== COLLAB_PATH && !url.pathname.startsWith(`${COLLAB_PATH}/`)) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(`http://localhost${req.url ?? COLLAB_PATH}`, { headers });
      const connection = hocuspocus.handleConnection(ws, request);
      ws.on('message', (data: Buffer) => connection.handleMessage(new Uint8Array(data)));
      ws.on('close', (code, reason) => {
        sockets.delete(ws);
        connection.handleClose({ code, reason: reason.toString() });
      });
      ws.on('error', (err) => logger.debug({ err }, 'collab socket error'));
    });
  };
  http.on('upgrade', onUpgrade);

  return {
    hocuspocus,
    revoke: (userId: string, tenantId?: string) => disconnectUser(hocuspocus, userId, tenantId),
    /** Stops new connections, stores every open document, then closes the remaining sockets. */
    async close() {
      http.off('upgrade', onUpgrade);
      hocuspocus.flushPendingStores();
      const stores = [...hocuspocus.documents.values()].map((doc) =>
        hocuspocus.storeDocumentHooks(doc, { clientsCount: doc.getConnectionsCount(), document: doc, documentName: doc.name, instance: hocuspocus, lastContext: {}, lastTransactionOrigin: undefined } as never, true),
      );
      await Promise.allSettled(stores);
      for (const ws of sockets) ws.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
