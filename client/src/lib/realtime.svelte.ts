// The browser's live connection (Socket.IO at /socket.io, authenticated by the session cookie):
// who from the association is online, and the domain events this role may see.
import { io, type Socket } from 'socket.io-client';
import { getContext, setContext } from 'svelte';
import type { ClientToServerEvents, DomainEventName, DomainEvents, ServerToClientEvents } from '#schema/events.ts';
import type { PresenceEntry } from './api.ts';

export interface FeedItem {
  /** Local sequence number, for keyed lists. */
  seq: number;
  name: DomainEventName;
  data: DomainEvents[DomainEventName];
  at: string;
}

export type LinkStatus = 'connecting' | 'live' | 'offline';

const FEED_SIZE = 30;
const KEY = Symbol('realtime');

export class Realtime {
  /** Colleagues online now; null until the first presence:update arrives. */
  online = $state<PresenceEntry[] | null>(null);
  feed = $state<FeedItem[]>([]);
  status = $state<LinkStatus>('connecting');
  /** Unread notifications; the page load sets it, pushes keep it current. */
  unread = $state(0);

  #socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  #seq = 0;
  #generation = 0;
  #listeners = new Set<(item: FeedItem) => void>();
  /** Handlers for other server events, kept across reconnections (a new socket per association). */
  #handlers = new Map<string, Set<(payload: never) => void>>();

  /**
   * Opens the connection. onRevoked runs when the server says this session lost access (logout
   * elsewhere, role changed, removed); it should re-check the session and resolve to whether the
   * user is still logged in, in which case the connection is re-opened with the new rights.
   */
  connect(onRevoked: () => Promise<boolean>) {
    this.close();
    const generation = ++this.#generation;
    this.status = 'connecting';
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: '/socket.io', withCredentials: true, reconnectionDelayMax: 10_000 });
    this.#socket = socket;
    socket.on('connect', () => (this.status = 'live'));
    socket.on('disconnect', () => (this.status = 'offline'));
    socket.on('connect_error', () => (this.status = 'offline'));
    socket.on('presence:update', ({ online }) => (this.online = online));
    socket.on('notification:new', ({ unread }) => (this.unread = unread));
    socket.on('domain:event', (payload: { name: DomainEventName; data: DomainEvents[DomainEventName]; at: string }) => {
      const item: FeedItem = { seq: ++this.#seq, name: payload.name, data: payload.data, at: payload.at };
      this.feed = [item, ...this.feed].slice(0, FEED_SIZE);
      for (const l of this.#listeners) l(item);
    });
    for (const [event, fns] of this.#handlers) for (const fn of fns) socket.on(event as 'presence:update', fn as never);
    socket.on('session:revoked', async () => {
      const stillIn = await onRevoked().catch(() => false);
      if (stillIn && generation === this.#generation && socket.disconnected) socket.connect();
    });
  }

  /** Listens to one server event (e.g. dashboard:widget) on this and later connections; returns the unsubscribe function. */
  on<E extends keyof ServerToClientEvents>(event: E, fn: ServerToClientEvents[E]): () => void {
    if (!this.#handlers.has(event)) this.#handlers.set(event, new Set());
    this.#handlers.get(event)!.add(fn as never);
    this.#socket?.on(event as 'presence:update', fn as never);
    return () => {
      this.#handlers.get(event)?.delete(fn as never);
      this.#socket?.off(event as 'presence:update', fn as never);
    };
  }

  /** Calls fn for every domain event from now on; returns the unsubscribe function. */
  subscribe(fn: (item: FeedItem) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Closes the connection and forgets what it showed (the next one may be another association). */
  close() {
    this.#generation++;
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    this.online = null;
    this.feed = [];
    this.status = 'offline';
  }
}

export function setRealtime(rt: Realtime) {
  setContext(KEY, rt);
}

/** The shell's live connection (only inside the logged-in layout). */
export function getRealtime(): Realtime {
  return getContext<Realtime>(KEY);
}
