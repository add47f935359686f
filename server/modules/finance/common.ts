import { translator } from '#schema/i18n/index.ts';
import type { Locale } from '#schema/roles.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx, Services } from '../../http/routes.ts';
import { write } from '../../db/tenant-scope.ts';
import type { Auth } from '../../http/context.ts';

export { dateToDay, dayToDate, todayIn } from '../members/dates.ts';

/** 1234567 fen → "12,345.67" */
export const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const tr = (locale: Locale) => translator(locale);

export const missing = (ctx: Pick<RequestCtx, 'locale'>, key: 'feeEntity' | 'invoiceEntity' | 'expenseEntity' | 'decisionEntity' | 'refusalEntity') => notFound(tr(ctx.locale)(`finance.${key}`));

/** A refusal with the reason in the caller's language (409). */
export const refused = (ctx: Pick<RequestCtx, 'locale'>, key: string, params: Record<string, unknown> = {}) =>
  new ApiError('conflict', {}, { reason: tr(ctx.locale)(`finance.errors.${key}`, params) });

/** A validation failure on one field (422). */
export const invalid = (ctx: Pick<RequestCtx, 'locale'>, path: string, key: string, params: Record<string, unknown> = {}) =>
  new ApiError('validation_failed', {}, [{ path, code: 'custom', message: tr(ctx.locale)(`finance.errors.${key}`, params) }]);

/**
 * A context for work the system does on its own in a tenant (a payment notification from the
 * provider): no person acts, so the audit log and events carry no actor. Call inside runInTenant.
 */
export function systemCtx(services: Services, tenant: Auth['tenant'], locale: Locale = 'zh-CN'): RequestCtx {
  return {
    services,
    // Services called with it read the tenant's time zone and attribute events to user.id (null here).
    auth: { tenant, user: { id: null as unknown as string, email: '', name: '', locale }, role: 'admin', sessionId: '', kind: 'bearer', expiresAt: new Date(0), memberships: [] },
    locale,
    requestId: 'system:finance',
    db: services.scoped,
    write: (fn) => write(services.scoped, fn),
  };
}
