import { redirect } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { put } from '#lib/members/api.server.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Declaration } from '#lib/integrity/types.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'parttime.declare');
  try {
    const { items } = await apiFor(event).get<{ items: Declaration[] }>('/parttime/declarations');
    return { declarations: items, canPickMember: can(session.role, 'member.read'), me: session.user.id, canReview: can(session.role, 'parttime.review'), canIntegrity: can(session.role, 'integrity.read') };
  } catch (err) {
    rethrow(err, event);
  }
};

const declarationFields = async (event: { request: Request }) => fields(await event.request.formData(), 'id', 'organisation', 'position', 'payerMemberId', 'paid', 'amount', 'startOn');
function declarationBody(v: Awaited<ReturnType<typeof declarationFields>>) {
  const paid = v.paid === 'yes';
  return { organisation: v.organisation, position: v.position, payerMemberId: v.payerMemberId || null, paid, amountFen: paid && v.amount ? Math.round(Number(v.amount) * 100) : null, startOn: v.startOn };
}

export const actions: Actions = {
  declare: async (event) => {
    const v = await declarationFields(event);
    try {
      await apiFor(event).post('/parttime/declarations', declarationBody(v));
    } catch (err) {
      return formFailure(err, v, { form: 'declare' });
    }
    redirect(303, '/compliance/integrity/declarations');
  },
  amend: async (event) => {
    const v = await declarationFields(event);
    try {
      await put(event, `/parttime/declarations/${encodeURIComponent(v.id)}`, declarationBody(v));
    } catch (err) {
      return formFailure(err, v, { form: 'amend', id: v.id });
    }
    return { amended: v.id };
  },
  decide: async (event) => {
    const v = fields(await event.request.formData(), 'id', 'decision', 'comment');
    try {
      await apiFor(event).post(`/parttime/declarations/${encodeURIComponent(v.id)}/decision`, { decision: v.decision, comment: v.comment || undefined });
    } catch (err) {
      return formFailure(err, v, { form: 'decide', id: v.id });
    }
    return { done: v.decision };
  },
};
