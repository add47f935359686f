import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Action } from '#schema/permissions.ts';
import { ApiFailure, type Session } from '#lib/api.ts';
import { translate, type Locale } from '#lib/i18n.ts';

type GuardEvent = Pick<RequestEvent, 'locals' | 'url'>;

/** Where to send someone who must log in first, remembering where they wanted to go. */
export function loginUrl(url: URL): string {
  const next = url.pathname + url.search;
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** A safe local path to go to after login (never another origin). */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}

/** The session, or a redirect to the login page. */
export function requireSession(event: GuardEvent): Session {
  if (!event.locals.session) redirect(303, loginUrl(event.url));
  return event.locals.session;
}

/** The session of someone allowed to do `action`, else 403 with the same message the API gives. */
export function requirePermission(event: GuardEvent, action: Action): Session {
  const session = requireSession(event);
  if (!can(session.role, action)) error(403, { message: translate(event.locals.locale, 'errors.forbidden', { action }), code: 'forbidden' });
  return session;
}

/** Turns a refused API call inside a load function into the matching page error or login redirect. */
export function rethrow(err: unknown, event: GuardEvent): never {
  if (err instanceof ApiFailure) {
    if (err.status === 401) redirect(303, loginUrl(event.url));
    error(err.status >= 400 && err.status < 600 ? err.status : 500, { message: err.message, code: err.code });
  }
  throw err;
}

/** What a form action returns when the API refuses: the message, per-field messages and what was typed. */
export interface FormProblem {
  /** Which form on the page failed (pages with several forms). */
  form?: string;
  /** The row the form was about (per-row forms). */
  id?: string;
  message: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

export function formFailure(err: unknown, values: Record<string, string> = {}, extra: { form?: string; id?: string } = {}) {
  if (!(err instanceof ApiFailure)) throw err;
  const problem: FormProblem = { ...extra, message: err.message, fields: err.fieldErrors(), values };
  return fail(err.status >= 400 && err.status < 600 ? err.status : 500, problem);
}

/**
 * Refuses a form with empty required fields before asking the API, with the same shape as an API
 * validation error (so the page shows it per field). Returns null when nothing is missing.
 */
export function requireFields(locale: Locale, submitted: Record<string, string>, names: string[], values: Record<string, string> = submitted, extra: { form?: string; id?: string } = {}) {
  const missing = names.filter((n) => !submitted[n]);
  if (!missing.length) return null;
  const problem: FormProblem = {
    ...extra,
    message: translate(locale, 'errors.validation_failed'),
    fields: Object.fromEntries(missing.map((n) => [n, translate(locale, 'validation.required')])),
    values,
  };
  return fail(422, problem);
}

/** Reads text fields of a submitted form (files are ignored), trimmed. */
export function fields<K extends string>(data: FormData, ...names: K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const n of names) {
    const v = data.get(n);
    out[n] = typeof v === 'string' ? v.trim() : '';
  }
  return out;
}
