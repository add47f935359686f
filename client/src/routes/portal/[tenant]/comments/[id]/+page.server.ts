import { fail } from '@sveltejs/kit';
import type { z } from 'zod';
import { pickPortalLocale } from '#schema/portal/locales.ts';
import type { PortalCommentResult, PortalDraft } from '#schema/standards/api.ts';
import { portalStandardsText } from '#schema/standards/portal-messages.ts';
import { ApiFailure } from '#lib/api.ts';
import { PORTAL_LOCALE_COOKIE } from '#lib/portal.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

const path = (tenant: string, id: string) => `/portal/${encodeURIComponent(tenant)}/standards/comments/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async (event) => {
  try {
    return { draft: await apiFor(event).get<z.infer<typeof PortalDraft>>(path(event.params.tenant, event.params.id)) };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  comment: async (event) => {
    const values = fields(await event.request.formData(), 'clause', 'type', 'body', 'proposal', 'name', 'organization', 'email');
    // The portal speaks eight languages and the API two: refusals are worded here, in the reader's.
    const locale = pickPortalLocale(event.cookies.get(PORTAL_LOCALE_COOKIE), event.request.headers.get('accept-language'));
    const say = (key: Parameters<typeof portalStandardsText>[1], params?: Record<string, unknown>) => portalStandardsText(locale, key, params);
    const refuse = (status: number, message: string, fieldMessages: Record<string, string> = {}) => fail(status, { message, fields: fieldMessages, values });
    const missing = Object.fromEntries((['body', 'name'] as const).filter((k) => !values[k]).map((k) => [k, say('required')]));
    if (Object.keys(missing).length) return refuse(422, say('required'), missing);
    try {
      const res = await apiFor(event).post<z.infer<typeof PortalCommentResult>>(path(event.params.tenant, event.params.id), {
        clause: values.clause,
        type: values.type || 'general',
        body: values.body,
        proposal: values.proposal,
        name: values.name,
        organization: values.organization,
        ...(values.email ? { email: values.email } : {}),
      });
      return { result: res.status };
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      if (err.code === 'rate_limited') {
        const seconds = Number((err.details as { seconds?: number } | undefined)?.seconds ?? 3600);
        return refuse(429, say('rateLimited', { minutes: Math.max(1, Math.ceil(seconds / 60)) }));
      }
      if (err.code === 'unauthenticated') return refuse(401, say('loginRequired'));
      if (err.code === 'validation_failed') {
        const bad = Object.keys(err.fieldErrors());
        if (bad.includes('email')) return refuse(422, say(values.email ? 'invalidEmail' : 'emailRequired'), { email: say(values.email ? 'invalidEmail' : 'emailRequired') });
        const perField = Object.fromEntries(bad.filter((k) => k in values).map((k) => [k, say('required')]));
        if (Object.keys(perField).length) return refuse(422, say('required'), perField);
      }
      return refuse(err.status >= 400 && err.status < 600 ? err.status : 500, say('failed'));
    }
  },
};
