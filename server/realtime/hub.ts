import type { Server as HttpServer } from 'node:http';
import { parseCookie as parseCookies } from 'cookie';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { eventAudience, rooms, type ClientToServerEvents, type ServerToClientEvents } from '#schema/events.ts';
import { translator } from '#schema/i18n/index.ts';
import { can, type Action } from '#schema/permissions.ts';
import { pickLocale, roles, type Locale } from '#schema/roles.ts';
import { runInTenant } from '../db/tenant-scope.ts';
import type { Auth } from '../http/context.ts';
import type { Services } from '../http/routes.ts';
import { logger } from '../logger.ts';
import { SESSION_COOKIE } from '../modules/auth/routes.ts';
import { endedSessions, resolveSession } from '../modules/auth/service.ts';

export const PRESENCE_COALESCE_MS = 200;

interface SocketData {
  auth: Auth;
  locale: Locale;
  since: string;
}
type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** An entity kind browsers may join a room for: the permission it needs and how to find it in the tenant. */
export interface RoomKind {
  permission: Action;
  exists(id: string): Promise<boolean>;
}

/**
 * The realtime hub: Socket.IO with the same sessions as the HTTP API. Every socket sits in its
 * tenant's room, its role's room and its own; entity rooms are joined on request after a permission
 * check. Domain events are forwarded to the role rooms allowed to see them.
 */
export class RealtimeHub {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly roomKinds = new Map<string, RoomKind>();
  private readonly presenceTimers = new Map<string, NodeJS.Timeout>();
  private readonly services: Pick<Services, 'db' | 'events' | 'scoped'>;

  constructor(httpServer: HttpServer, services: Pick<Services, 'db' | 'events' | 'scoped'>, redis?: { client: Redis; prefix: string }) {
    this.services = services;
    this.io = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      // The collab server shares this HTTP server; leave its upgrades alone.
      destroyUpgrade: false,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      // Stream, channels and session keys all under the prefix: instances of another deployment on
      // the same Redis must not count as peers (fetchSockets would wait for their answers).
      ...(redis
        ? {
            adapter: createAdapter(redis.client, {
              streamName: `${redis.prefix}:socket.io`,
              channelPrefix: `${redis.prefix}:socket.io`,
              sessionKeyPrefix: `${redis.prefix}:sio:session:`,
            }),
          }
        : {}),
    });
    this.io.use((socket, next) => {
      this.authenticate(socket as HubSocket)
        .then(() => next())
        .catch((err: Error & { data?: unknown }) => next(err));
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    services.events.onAny((name, data) => {
      const tenantId = (data as { tenantId?: string }).tenantId;
      if (!tenantId) return;
      const payload = { name, data, at: new Date().toISOString() } as Parameters<ServerToClientEvents['domain:event']>[0];
      const audience = eventAudience[name];
      if (!audience) return;
      const allowed = roles.filter((r) => can(r, audience));
      if (allowed.length) this.io.to(allowed.map((r) => rooms.role(tenantId, r))).emit('domain:event', payload);
    });
  }

  registerRoomKind(kind: string, def: RoomKind) {
    this.roomKinds.set(kind, def);
  }

  private async authenticate(socket: HubSocket) {
    const token: unknown = socket.handshake.auth?.token;
    const cookieToken = parseCookies(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const locale = pickLocale(null, socket.handshake.headers['accept-language']);
    const t = translator(locale);
    const auth =
      typeof token === 'string' && token
        ? await resolveSession(this.services.db, token, 'bearer')
        : cookieToken
          ? await resolveSession(this.services.db, cookieToken, 'cookie')
          : null;
    if (!auth || auth === 'expired') {
      const code = auth === 'expired' ? 'session_expired' : 'unauthenticated';
      throw Object.assign(new Error(t(`errors.${code}`)), { data: { code } });
    }
    socket.data = { auth, locale: pickLocale(auth.user.locale, socket.handshake.headers['accept-language']), since: new Date().toISOString() };
  }

  private onConnection(socket: HubSocket) {
    const { auth } = socket.data;
    const tenantId = auth.tenant.id;
    void socket.join([rooms.tenant(tenantId), rooms.role(tenantId, auth.role), rooms.user(auth.user.id), rooms.member(tenantId, auth.user.id), rooms.session(auth.sessionId)]);
    this.broadcastPresence(tenantId);
    socket.on('disconnect', () => this.broadcastPresence(tenantId));

    socket.on('room:join', async (req, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const t = translator(socket.data.locale);
      const kind = typeof req?.kind === 'string' ? this.roomKinds.get(req.kind) : undefined;
      const id = typeof req?.id === 'string' ? req.id : '';
      if (!kind || !/^[0-9a-f-]{36}$/.test(id)) return reply({ ok: false, code: 'not_found', message: t('errors.not_found', { entity: t('entities.resource') }) });
      if (!can(auth.role, kind.permission)) return reply({ ok: false, code: 'forbidden', message: t('errors.forbidden', { action: kind.permission }) });
      const found = await runInTenant({ tenantId, actorId: auth.user.id }, () => kind.exists(id)).catch(() => false);
      if (!found) return reply({ ok: false, code: 'not_found', message: t('errors.not_found', { entity: t(`entities.${req.kind}`, { defaultValue: req.kind }) }) });
      await socket.join(rooms.entity(tenantId, req.kind, id));
      reply({ ok: true });
    });
    socket.on('room:leave', async (req, ack) => {
      if (typeof req?.kind === 'string' && typeof req?.id === 'string') await socket.leave(rooms.entity(tenantId, req.kind, req.id));
      if (typeof ack === 'function') ack({ ok: true });
    });
  }

  /** The tenant's online users, deduplicated; asks every instance when the Redis adapter is on. */
  async presence(tenantId: string) {
    const sockets = await this.io.in(rooms.tenant(tenantId)).fetchSockets();
    const byUser = new Map<string, { userId: string; name: string; role: string; since: string }>();
    for (const s of sockets) {
      const { auth, since } = s.data as SocketData;
      const prev = byUser.get(auth.user.id);
      if (!prev || since < prev.since) byUser.set(auth.user.id, { userId: auth.user.id, name: auth.user.name, role: auth.role, since });
    }
    return [...byUser.values()].sort((a, b) => a.since.localeCompare(b.since));
  }

  /**
   * Coalesced per tenant: when a wall of dashboards (re)connects at once, one list goes out instead
   * of one per connection to every connection.
   */
  private broadcastPresence(tenantId: string) {
    if (this.presenceTimers.has(tenantId)) return;
    const timer = setTimeout(async () => {
      this.presenceTimers.delete(tenantId);
      try {
        this.io.to(rooms.tenant(tenantId)).emit('presence:update', { online: await this.presence(tenantId) });
      } catch (err) {
        logger.warn({ err }, 'presence broadcast failed');
      }
    }, PRESENCE_COALESCE_MS);
    timer.unref();
    this.presenceTimers.set(tenantId, timer);
  }

  /** Tells a user's live connections (in one tenant, or all) that their access changed, then drops them. */
  revoke(userId: string, tenantId?: string) {
    this.drop(tenantId ? rooms.member(tenantId, userId) : rooms.user(userId), 'access changed');
  }

  /** The same for the connections of one session (logging out on one device leaves the others). */
  revokeSession(sessionId: string, reason = 'logged out') {
    this.drop(rooms.session(sessionId), reason);
  }

  /** This instance's sockets whose session has since expired or ended are told so and dropped. */
  async sweepSessions() {
    const sockets = await this.io.local.fetchSockets();
    const ended = await endedSessions(this.services.db, sockets.map((s) => (s.data as SocketData).auth.sessionId));
    for (const id of ended) this.revokeSession(id, 'session expired');
  }

  private drop(room: string, reason: string) {
    this.io.to(room).emit('session:revoked', { reason });
    this.io.in(room).disconnectSockets(true);
  }

  async close() {
    for (const t of this.presenceTimers.values()) clearTimeout(t);
    await this.io.close().catch(() => {});
  }
}
