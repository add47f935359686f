import { redirect } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { uploadOf } from '#lib/disclosures/form.server.ts';
import type { Entry, Payment, RiskPoint } from '#lib/integrity/types.ts';
import type { Actions, PageServerLoad } from './$types';

const tabs = ['risks', 'entries', 'payments'] as const;
type Tab = (typeof tabs)[number];

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'integrity.read');
  const asked = event.url.searchParams.get('tab');
  const tab: Tab = (tabs as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'risks';
  const api = apiFor(event);
  const canManage = can(session.role, 'integrity.manage');
  try {
    const [risks, entries, payments] = await Promise.all([
      tab === 'risks' ? api.get<{ items: RiskPoint[] }>('/integrity/risks').then((r) => r.items) : [],
      tab === 'entries' ? api.get<{ items: Entry[] }>('/integrity/entries').then((r) => r.items) : [],
      tab === 'payments' ? api.get<{ items: Payment[] }>('/parttime/payments').then((r) => r.items) : [],
    ]);
    const editing = tab === 'risks' ? (risks.find((r) => r.id === event.url.searchParams.get('edit')) ?? null) : null;
    // The payee is searched among the association's people, which takes seeing its users.
    return { tab, risks, entries, payments, canManage, canPickPerson: can(session.role, 'user.list'), editing };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  risk: async (event) => {
    const { id, ...v } = fields(await event.request.formData(), 'id', 'department', 'post', 'title', 'level', 'description', 'measures', 'owner', 'reviewOn');
    try {
      if (id) await callApi(event, 'PUT', `/integrity/risks/${encodeURIComponent(id)}`, { body: v });
      else await apiFor(event).post('/integrity/risks', v);
    } catch (err) {
      return formFailure(err, v, { form: 'risk' });
    }
    redirect(303, '/compliance/integrity?tab=risks');
  },
  entry: async (event) => {
    const data = await event.request.formData();
    const v = fields(data, 'memberId', 'kind', 'title', 'severity', 'evidence', 'occurredOn');
    const file = await uploadOf(data.get('file'));
    try {
      await apiFor(event).post('/integrity/entries', { ...v, severity: v.severity || null, ...(file ? { file } : {}) });
    } catch (err) {
      return formFailure(err, v, { form: 'entry' });
    }
    redirect(303, '/compliance/integrity?tab=entries');
  },
  payment: async (event) => {
    const v = fields(await event.request.formData(), 'userId', 'payerMemberId', 'payerName', 'amount', 'paidOn', 'note');
    try {
      await apiFor(event).post('/parttime/payments', {
        userId: v.userId,
        payerMemberId: v.payerMemberId || null,
        payerName: v.payerName || undefined,
        amountFen: Math.round(Number(v.amount) * 100) || 0,
        paidOn: v.paidOn,
        note: v.note || undefined,
      });
    } catch (err) {
      return formFailure(err, v, { form: 'payment' });
    }
    redirect(303, '/compliance/integrity?tab=payments');
  },
};
