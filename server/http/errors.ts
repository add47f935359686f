import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { errorStatus, type ErrorCode } from '#schema/errors.ts';
import { translator } from '#schema/i18n/index.ts';
import { pickLocale, type Locale } from '#schema/roles.ts';
import { Prisma } from '../db/generated/client.ts';
import { logger } from '../logger.ts';

/** A failure the caller should see: a code from schema/errors.ts, message params and details. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, unknown>;
  readonly details: unknown;
  readonly headers: Record<string, string>;
  constructor(code: ErrorCode, params: Record<string, unknown> = {}, details?: unknown, headers: Record<string, string> = {}) {
    super(code);
    this.code = code;
    this.params = params;
    this.details = details;
    this.headers = headers;
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (entity: string) => new ApiError('not_found', { entity });

/** zod issue messages in the caller's language (zod ships zh-CN and en locales). */
const zodLocales: Record<Locale, z.core.$ZodConfig['localeError']> = {
  'zh-CN': z.locales.zhCN().localeError,
  en: z.locales.en().localeError,
};

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, locale: Locale, where: 'body' | 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(value, { error: zodLocales[locale] });
  if (result.success) return result.data;
  const t = translator(locale);
  // Our own refinements carry i18n keys (validation.*) instead of text.
  const message = (m: string) => (m.startsWith('validation.') ? t(m) : m);
  throw new ApiError(
    where === 'params' ? 'not_found' : 'validation_failed',
    where === 'params' ? { entity: '' } : {},
    where === 'params' ? undefined : result.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), code: i.code, message: message(i.message) })),
  );
}

export function errorBody(err: ApiError, locale: Locale) {
  const t = translator(locale);
  const params = { ...err.params };
  if (err.code === 'not_found') params.entity = t(`entities.${String(params.entity || 'resource')}`, { defaultValue: String(params.entity) });
  return { error: { code: err.code, message: t(`errors.${err.code}`, params), ...(err.details === undefined ? {} : { details: err.details }) } };
}

/** Turns anything thrown into the JSON error shape; unknown failures are 500s and get logged. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { type?: string; status?: number; limit?: number };
  if (e?.type === 'entity.parse.failed') return new ApiError('invalid_json');
  if (e?.type === 'entity.too.large') return new ApiError('payload_too_large', { limit: `${Math.round((e.limit ?? 0) / 1024)} KB` });
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new ApiError('unsupported_media_type');
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2002') return new ApiError('conflict', {}, { fields: err.meta?.target });
    if (err.code === 'P2025') return new ApiError('not_found', { entity: 'resource' });
    // No connection or lock in time, or a serialization conflict: nothing was written; try again.
    if (err.code === 'P2028' || err.code === 'P2034') return new ApiError('unavailable');
  }
  return new ApiError('internal');
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const apiError = toApiError(err);
  if (apiError.code === 'internal') logger.error({ err, requestId: req.id, path: req.path }, 'request failed');
  const locale = req.locale ?? pickLocale(null, req.headers['accept-language']);
  res.status(apiError.status).set(apiError.headers).json(errorBody(apiError, locale));
};
