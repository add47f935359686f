import type { z } from 'zod';
import type { PortalCommentResult, PortalDraft } from '#schema/standards/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, rethrow } from '#lib/server/guard.ts';
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
      return formFailure(err, values);
    }
  },
};
