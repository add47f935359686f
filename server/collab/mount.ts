import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseCookie } from 'cookie';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';
import { documentName, parseDocumentName } from '#schema/collab.ts';
import { CollabDenied, createCollabServer, type DocumentStore } from '../../collab/server.ts';
import { runInTenant } from '../db/tenant-scope.ts';
import type { Services } from '../http/routes.ts';
import { logger } from '../logger.ts';
import { SESSION_COOKIE } from '../modules/auth/routes.ts';
import { endedSessions, resolveSession } from '../modules/auth/service.ts';
import { prismaStore } from './prisma-store.ts';
import { collabKindRules } from '../modules/collab-kinds.ts';

export const COLLAB_PATH = '/collab';


/** The browser's own pages, or no stated origin (scripts): only then may the session cookie count. */
function sameOrigin(req: IncomingMessage, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === publicUrl) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * What Hocuspocus keeps of the upgrade request for as long as the connection lasts: its path and
 * query, and the cookie the session is read from. Not the whole request, which would hold every
 * header for each of thousands of open connections.
 */
function collabRequest(req: IncomingMessage, publicUrl: string): Request {
  const headers = new Headers();
  // Another site's page must not ride on the visitor's cookie (cross-site WebSocket hijacking).
  if (req.headers.cookie && sameOrigin(req, publicUrl)) headers.set('cookie', req.headers.cookie);
  return new Request(`http://localhost${req.url ?? COLLAB_PATH}`, { headers });
}

/**
 * Hocuspocus on the app's own HTTP server at /collab. Connections authenticate with the same
 * session as the API (cookie, or a bearer token as the provider's token), and the permission
 * table decides read-only or read-write per document kind.
 */
export async function mountCollab(http: Server, s: Services, opts: { redisUrl?: string }) {
  const rows = prismaStore(s.db);
  const ownerExists = async (tenantId: string, name: string) => {
    const ref = parseDocumentName(name);
    return !!ref && (await runInTenant({ tenantId, actorId: null }, () => collabKindRules[ref.kind].exists(s, ref.id)));
  };
  // A document whose owner (the note) was deleted is never stored back: on any instance, its next
  // compaction removes what is left of it instead.
  const store: DocumentStore = {
    ...rows,
    async compact(tenantId, name, fold, editors) {
      if (await ownerExists(tenantId, name)) return rows.compact(tenantId, name, fold, editors);
      await s.db.prisma.$transaction([
        s.db.prisma.collabUpdate.deleteMany({ where: { tenantId, name } }),
        s.db.prisma.collabDocument.deleteMany({ where: { tenantId, name } }),
      ]);
    },
  };
  const collab = createCollabServer({
    redisUrl: opts.redisUrl,
    redisPrefix: s.config.REDIS_PREFIX,
    store,
    async authorize({ token, cookie, documentName }) {
      const ref = parseDocumentName(documentName);
      if (!ref) throw new CollabDenied('not_found');
      const cookieToken = cookie ? parseCookie(cookie)[SESSION_COOKIE] : undefined;
      // Browsers rely on their session cookie and send a placeholder token; scripts send a bearer token.
      const auth = token && token.length >= 40 ? await resolveSession(s.db, token, 'bearer') : cookieToken ? await resolveSession(s.db, cookieToken, 'cookie') : null;
      if (!auth || auth === 'expired') throw new CollabDenied('unauthenticated');
      const access = await runInTenant({ tenantId: auth.tenant.id, actorId: auth.user.id }, () => collabKindRules[ref.kind].access(s, auth, ref.id));
      if (access === 'forbidden' || access === 'not_found') throw new CollabDenied(access);
      return { userId: auth.user.id, tenantId: auth.tenant.id, name: auth.user.name, sessionId: auth.sessionId, readOnly: access === 'read' };
    },
  });
  const { hocuspocus } = collab;

  // With several instances, a revocation must reach the instance that holds the user's socket.
  const revokeChannel = `${s.config.REDIS_PREFIX}:collab:revoke`;
  const pub = opts.redisUrl ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 3 }) : undefined;
  const sub = pub?.duplicate();
  for (const r of [pub, sub]) r?.on('error', (err) => logger.warn({ err: err.message }, 'collab redis error'));
  const instance = randomUUID();
  if (sub) {
    sub.subscribe(revokeChannel).catch((err) => logger.warn({ err: err.message }, 'collab revocations not subscribed'));
    sub.on('message', (_channel, message) => {
      try {
        const { from, userId, tenantId } = JSON.parse(message) as { from: string; userId: string; tenantId?: string };
        if (from !== instance) collab.revoke(userId, tenantId);
      } catch (err) {
        logger.warn({ err }, 'bad collab revocation message');
      }
    });
  }

  // Editors of a note that was just deleted are cut off; reconnecting, they are told it is gone.
  s.events.on('note.deleted', ({ noteId }) => {
    const document = hocuspocus.documents.get(documentName('note', noteId));
    for (const connection of document?.getConnections() ?? []) {
      connection.close({ code: 4404, reason: 'deleted' });
      connection.webSocket.close(4404, 'deleted');
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();
  let closing = false;
  const serve = (ws: WebSocket, request: Request) => {
    sockets.add(ws);
    const connection = collab.handleConnection(ws, request);
    // While shutting down nothing new is taken: unacknowledged edits stay with the client, which
    // sends them again to the next server.
    ws.on('message', (data: Buffer) => {
      if (!closing) connection.handleMessage(new Uint8Array(data));
    });
    ws.on('close', (code, reason) => {
      sockets.delete(ws);
      connection.handleClose({ code, reason: reason.toString() });
    });
    ws.on('error', (err) => logger.debug({ err }, 'collab socket error'));
  };
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname !== COLLAB_PATH && !pathname.startsWith(`${COLLAB_PATH}/`)) return;
    const request = collabRequest(req, s.config.PUBLIC_URL);
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, request));
  };
  http.on('upgrade', onUpgrade);

  return {
    hocuspocus,
    revoke(userId: string, tenantId?: string) {
      collab.revoke(userId, tenantId);
      pub?.publish(revokeChannel, JSON.stringify({ from: instance, userId, tenantId })).catch((err) => logger.warn({ err: err.message }, 'collab revoke not published'));
    },
    /** Cuts off this instance's connections whose session has since expired or ended. */
    async sweepSessions() {
      collab.endSessions(await endedSessions(s.db, collab.sessions()));
    },
    /** Stops taking connections and messages, finishes those in flight, stores and unloads every document, then closes the sockets. */
    async close() {
      closing = true;
      http.off('upgrade', onUpgrade);
      const documents = [...hocuspocus.documents.values()];
      await Promise.allSettled(documents.flatMap((doc) => doc.getConnections().map((c) => c.waitForPendingMessages())));
      await collab.storeAll();
      // Unloading lets the Redis extension leave its channels before its connections go.
      hocuspocus.closeConnections();
      await Promise.allSettled(documents.map((doc) => hocuspocus.unloadDocument(doc)));
      for (const ws of sockets) ws.close(1001, 'server shutting down');
      await collab.destroy();
      wss.close();
      sub?.disconnect();
      pub?.disconnect();
    },
  };
}
