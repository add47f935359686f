// Types of the JSON API (inferred from the shared zod schemas) and a small fetch wrapper for the
// browser. The server side has its own wrapper in #lib/server/api.ts; both throw ApiFailure.
import type { z } from 'zod';
import type { SessionInfo } from '#schema/api/auth.ts';
import type { AuditEntry as AuditEntrySchema } from '#schema/api/audit.ts';
import type { Note as NoteSchema } from '#schema/api/notes.ts';
import type { PresenceEntry as PresenceSchema, TenantSettings as TenantSchema } from '#schema/api/tenant.ts';
import type { Invitation as InvitationSchema, InvitationLookup as LookupSchema, TenantUser as TenantUserSchema } from '#schema/api/users.ts';
import type { ApiErrorBody, ErrorCode } from '#schema/errors.ts';

export type Session = z.infer<typeof SessionInfo>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type Note = z.infer<typeof NoteSchema>;
export type PresenceEntry = z.infer<typeof PresenceSchema>;
export type TenantSettings = z.infer<typeof TenantSchema>;
export type TenantUser = z.infer<typeof TenantUserSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type InvitationLookup = z.infer<typeof LookupSchema>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One field problem from a validation_failed error: path like "body.email". */
export interface FieldIssue {
  path: string;
  message: string;
}

/** A refused API request: the server's code and its message, already in the caller's language. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly details: unknown;
  constructor(status: number, code: ErrorCode | 'network', message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field messages keyed by the last part of their path ("body.email" → "email"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (this.code !== 'validation_failed' || !Array.isArray(this.details)) return out;
    for (const issue of this.details as FieldIssue[]) {
      const key = String(issue.path ?? '').split('.').slice(1).join('.') || '_';
      out[key] ??= issue.message;
    }
    return out;
  }
}

/** Reads a response: the JSON body on success (undefined for 204), an ApiFailure otherwise. */
export async function readResponse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return body as T;
  const err = (body as Partial<ApiErrorBody> | undefined)?.error;
  throw new ApiFailure(res.status, err?.code ?? 'internal', err?.message ?? `${res.status} ${res.statusText}`, err?.details);
}

/** Calls the API from the browser with the session cookie. */
export async function browserApi<T>(path: string, init: { method?: string; body?: unknown; query?: Record<string, string | undefined> } = {}): Promise<T> {
  const url = new URL(`/api/v1${path}`, location.origin);
  for (const [k, v] of Object.entries(init.query ?? {})) if (v) url.searchParams.set(k, v);
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (err) {
    throw new ApiFailure(0, 'network', (err as Error).message);
  }
  return readResponse<T>(res);
}
