import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ServerToClientEvents } from '#schema/events.ts';
import type { Action } from '#schema/permissions.ts';
import type { NewNotification } from '../modules/notifications/service.ts';
import type { Locale } from '#schema/roles.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { ScopedClient, ScopedTx } from '../db/tenant-scope.ts';
import type { EventBus } from '../events.ts';
import type { FileFormat, FileResult } from '../exports/files.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { LoginLimiter } from '../modules/auth/rate-limit.ts';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Auth } from './context.ts';
import type { LimitOptions } from './rate-limits.ts';

/** Everything a handler may use; built once at start and passed to every route. */
export interface Services {
  config: Config;
  db: Database;
  /** Tenant-scoped client: the only client domain modules use. */
  scoped: ScopedClient;
  events: EventBus;
  mailer: Mailer;
  limiter: LoginLimiter;
  /** A rate limiter shared by every instance (Redis) or this one (memory): server/http/rate-limits.ts. */
  rateLimiter(o: LimitOptions): RateLimiterAbstract;
  /** Online users per tenant, answered by the realtime hub (across instances). */
  presence(tenantId: string): Promise<{ userId: string; name: string; role: string; since: string }[]>;
  /** Drops a user's live connections in a tenant after their access changed. */
  revokeLive(userId: string, tenantId?: string): void;
  /**
   * Makes a user's open collaborative documents (in one tenant) authenticate again, e.g. after a
   * change of their rights on one document: they reconnect at once with what they may do now.
   */
  revokeCollab(userId: string, tenantId: string): void;
  /** Drops the live connections of one session (logout). */
  revokeSession(sessionId: string): void;
  /** Sends a server-to-client event to a Socket.IO room (across instances). */
  push<E extends keyof ServerToClientEvents>(room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Notifies people in the app and, optionally, by e-mail (server/modules/notifications). */
  notify(n: NewNotification): Promise<void>;
}

export interface RequestCtx<A extends Auth | null = Auth> {
  services: Services;
  auth: A;
  locale: Locale;
  requestId: string;
  db: ScopedClient;
  /** One audited transaction in the caller's tenant. */
  write<T>(fn: (tx: ScopedTx) => Promise<T>): Promise<T>;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

type Reply<R> = R extends z.ZodType ? z.input<R> : R extends 'file' ? FileResult : void;

export interface RouteDef<P extends Schema | undefined = any, Q extends Schema | undefined = any, B extends Schema | undefined = any, R extends Schema | null | 'file' = any> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path below /api/v1, e.g. /notes/{id}. */
  path: string;
  summary: string;
  tag: string;
  /**
   * 'public': anyone; 'session': any logged-in user; an Action: logged in with that permission
   * in the current tenant (403 otherwise).
   */
  access: 'public' | 'session' | Action;
  /** The tenant-owned entity that {id} names; the route-coverage test builds one per kind. */
  resource?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Response body; null for 204 No Content; 'file' when the handler returns a FileResult. */
  response: R;
  /** With response 'file': the formats it can send (for the OpenAPI document). */
  produces?: readonly FileFormat[];
  status?: 200 | 201 | 202 | 204;
  handler(input: {
    params: Out<P>;
    query: Out<Q>;
    body: Out<B>;
    ctx: RequestCtx<any>;
    req: Request;
    res: Response;
  }): Promise<Reply<R>>;
}

/** Identity helper that keeps the route's types together. */
export function defineRoute<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, R extends Schema | null | 'file'>(
  def: RouteDef<P, Q, B, R> & { access: 'public' },
): RouteDef<P, Q, B, R>;
export function defineRoute<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, R extends Schema | null | 'file'>(
  def: Omit<RouteDef<P, Q, B, R>, 'handler'> & {
    access: Exclude<RouteDef['access'], 'public'>;
    handler(input: { params: Out<P>; query: Out<Q>; body: Out<B>; ctx: RequestCtx<Auth>; req: Request; res: Response }): ReturnType<RouteDef<P, Q, B, R>['handler']>;
  },
): RouteDef<P, Q, B, R>;
export function defineRoute(def: RouteDef): RouteDef {
  return def;
}
