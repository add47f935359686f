// Server-side calls from SvelteKit (load functions, form actions, hooks) to the JSON API.
//
// The web app runs inside the same Node process and HTTP server as the API (server/bootstrap/
// start.ts mounts client/build/handler.js after /api/v1), so the API is reached over loopback on
// the port this request arrived on. The browser's session cookie, language, user agent and address
// (X-Forwarded-For, trusted by the API only from loopback) are passed on, and a session cookie the
// API sets (login, invitation acceptance) is relayed to the browser.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { parseSetCookie } from 'cookie';
import { ApiFailure, readResponse } from '#lib/api.ts';

export const SESSION_COOKIE = 'xh_session';

type ApiEvent = Pick<RequestEvent, 'cookies' | 'platform' | 'getClientAddress' | 'request' | 'locals'>;

/** http://127.0.0.1:<port> of the HTTP server that received this request. */
function internalOrigin(event: ApiEvent): string {
  const configured = process.env.XH_INTERNAL_API_URL;
  if (configured) return configured.replace(/\/$/, '');
  const socket = event.platform?.req.socket as (import('node:net').Socket & { server?: Server }) | undefined;
  const bound = socket?.server?.address() as AddressInfo | string | null | undefined;
  if (bound && typeof bound === 'object') {
    const wildcard = bound.address === '0.0.0.0' || bound.address === '::' || bound.address === '';
    const host = wildcard ? '127.0.0.1' : bound.address.includes(':') ? `[${bound.address}]` : bound.address;
    return `http://${host}:${bound.port}`;
  }
  if (socket?.localPort) return `http://127.0.0.1:${socket.localPort}`;
  return `http://127.0.0.1:${process.env.PORT || 3000}`;
}

/** The browser's address as the API server computed it (it honours TRUST_PROXY), else the socket's. */
function clientAddress(event: ApiEvent): string | undefined {
  const ip = (event.platform?.req as { ip?: string } | undefined)?.ip;
  if (ip) return ip;
  try {
    return event.getClientAddress();
  } catch {
    return undefined;
  }
}

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /** Send this session token instead of the request's cookie (used right after login). */
  token?: string | null;
  /** A raw body instead of JSON (file uploads such as member ledgers). */
  raw?: { data: Uint8Array; contentType: string };
}

/** Copies a session cookie the API set (or cleared) onto the page response. */
function relaySessionCookie(res: Response, cookies: Cookies) {
  for (const header of res.headers.getSetCookie()) {
    const c = parseSetCookie(header);
    if (c.name !== SESSION_COOKIE) continue;
    const opts = { path: c.path ?? '/', httpOnly: c.httpOnly ?? true, sameSite: (c.sameSite === true ? 'strict' : c.sameSite || 'lax') as 'lax' | 'strict' | 'none', secure: c.secure ?? false };
    const expired = !c.value || (c.expires && c.expires.getTime() <= Date.now());
    if (expired) cookies.delete(SESSION_COOKIE, opts);
    else cookies.set(SESSION_COOKIE, c.value!, { ...opts, expires: c.expires, maxAge: c.maxAge, encode: (v) => v });
  }
}

export async function callApi<T>(event: ApiEvent, method: string, path: string, opts: CallOptions = {}): Promise<T> {
  const url = new URL(`/api/v1${path}`, internalOrigin(event));
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const headers = new Headers({ accept: 'application/json', 'accept-language': event.locals.locale ?? 'zh-CN' });
  const token = opts.token === undefined ? event.cookies.get(SESSION_COOKIE) : opts.token;
  if (token) headers.set('cookie', `${SESSION_COOKIE}=${token}`);
  const ua = event.request.headers.get('user-agent');
  if (ua) headers.set('user-agent', ua);
  const ip = clientAddress(event);
  if (ip) headers.set('x-forwarded-for', ip);
  if (opts.body !== undefined) headers.set('content-type', 'application/json');
  if (opts.raw) headers.set('content-type', opts.raw.contentType);
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: opts.raw ? (opts.raw.data as BodyInit) : opts.body === undefined ? undefined : JSON.stringify(opts.body), redirect: 'manual' });
  } catch (err) {
    throw new ApiFailure(503, 'unavailable', (err as Error).message);
  }
  relaySessionCookie(res, event.cookies);
  return readResponse<T>(res);
}

/** A small client bound to one request: api.get('/notes'), api.post('/notes', { title }). */
export function apiFor(event: ApiEvent) {
  return {
    get: <T>(path: string, query?: CallOptions['query']) => callApi<T>(event, 'GET', path, { query }),
    post: <T>(path: string, body?: unknown) => callApi<T>(event, 'POST', path, { body: body ?? {} }),
    patch: <T>(path: string, body: unknown) => callApi<T>(event, 'PATCH', path, { body }),
    del: (path: string) => callApi<void>(event, 'DELETE', path),
  };
}
