import type { PresenceEntry } from './api/tenant.ts';
import type { Action } from './permissions.ts';
import type { z } from 'zod';

/**
 * Domain events: services publish them after their transaction commits. The realtime hub
 * forwards them to Socket.IO rooms; other modules subscribe to them in-process.
 */
export interface DomainEvents {
  'note.created': { tenantId: string; noteId: string; title: string; actorId: string | null };
  'note.updated': { tenantId: string; noteId: string; title: string; actorId: string | null };
  'note.deleted': { tenantId: string; noteId: string; actorId: string | null };
  'membership.changed': { tenantId: string; userId: string; role: string | null; actorId: string | null };
}
export type DomainEventName = keyof DomainEvents;

/** Who may receive each event live: browsers of roles holding this permission in the tenant. */
export const eventAudience: Record<DomainEventName, Action> = {
  'note.created': 'note.read',
  'note.updated': 'note.read',
  'note.deleted': 'note.read',
  'membership.changed': 'user.list',
};

/** Socket.IO rooms: one per tenant, per tenant role, per user, and per entity the client joins. */
export const rooms = {
  tenant: (tenantId: string) => `t:${tenantId}`,
  role: (tenantId: string, role: string) => `t:${tenantId}:role:${role}`,
  user: (userId: string) => `u:${userId}`,
  member: (tenantId: string, userId: string) => `t:${tenantId}:u:${userId}`,
  session: (sessionId: string) => `s:${sessionId}`,
  entity: (tenantId: string, kind: string, id: string) => `t:${tenantId}:${kind}:${id}`,
};

/** Events the server pushes to browsers. */
export interface ServerToClientEvents {
  'presence:update': (payload: { online: z.infer<typeof PresenceEntry>[] }) => void;
  'domain:event': <K extends DomainEventName>(payload: { name: K; data: DomainEvents[K]; at: string }) => void;
  'session:revoked': (payload: { reason: string }) => void;
}

/** Requests browsers send; each answers through the acknowledgement callback. */
export interface ClientToServerEvents {
  /** Join an entity room, e.g. { kind: 'note', id }; the server checks the permission. */
  'room:join': (req: { kind: string; id: string }, ack: (res: { ok: true } | { ok: false; code: string; message: string }) => void) => void;
  'room:leave': (req: { kind: string; id: string }, ack?: (res: { ok: true }) => void) => void;
}
