import { fail } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { expenseStatuses } from '#schema/finance/api.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { translate, type Locale } from '#lib/i18n.ts';
import { reasonOf, toFen, type DecisionOption, type Expense } from '#lib/finance/types.ts';
import type { Actions, PageServerLoad } from './$types';

const today = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'finance.read');
  const s = event.url.searchParams.get('status') ?? '';
  const status = (expenseStatuses as readonly string[]).includes(s) ? (s as Expense['status']) : '';
  const api = apiFor(event);
  try {
    const [list, decisions, settings] = await Promise.all([
      api.get<{ items: Expense[] }>('/finance/expenses', { status }),
      api.get<{ items: DecisionOption[] }>('/finance/council-decisions'),
      api.get<{ expenseThresholdFen: number }>('/finance/settings'),
    ]);
    return { expenses: list.items, decisions: decisions.items, thresholdFen: settings.expenseThresholdFen, status, today: today(session.tenant.timeZone), canManage: can(session.role, 'finance.manage'), canApprove: can(session.role, 'finance.approve') };
  } catch (err) {
    rethrow(err, event);
  }
};

function failure(err: unknown, values: Record<string, string>, extra: { form: string; id?: string }) {
  const reason = reasonOf(err);
  const f = formFailure(err, values, extra);
  if (reason) f.data.message = reason;
  return f;
}

const amountProblem = (locale: Locale, form: string, values: Record<string, string>) =>
  fail(422, { form, message: translate(locale, 'errors.validation_failed'), fields: { amountFen: translate(locale, 'validation.required') }, values });

export const actions: Actions = {
  add: async (event) => {
    const v = fields(await event.request.formData(), 'title', 'category', 'amount', 'purpose', 'headCount', 'spentOn', 'collectiveDecisionId');
    const amountFen = toFen(v.amount);
    if (amountFen === null || amountFen <= 0) return amountProblem(event.locals.locale, 'add', v);
    try {
      await apiFor(event).post('/finance/expenses', {
        title: v.title,
        category: v.category,
        amountFen,
        purpose: v.purpose,
        headCount: v.headCount ? Number(v.headCount) : undefined,
        spentOn: v.spentOn,
        collectiveDecisionId: v.collectiveDecisionId || undefined,
      });
      return { form: 'add', done: true };
    } catch (err) {
      return failure(err, v, { form: 'add' });
    }
  },
  decide: async (event) => {
    const v = fields(await event.request.formData(), 'id', 'decision', 'comment', 'collectiveDecisionId');
    try {
      await apiFor(event).post(`/finance/expenses/${encodeURIComponent(v.id)}/decision`, { decision: v.decision, comment: v.comment || undefined, collectiveDecisionId: v.collectiveDecisionId || undefined });
      return { form: 'decide', done: true };
    } catch (err) {
      return failure(err, v, { form: 'decide', id: v.id });
    }
  },
  threshold: async (event) => {
    const v = fields(await event.request.formData(), 'threshold');
    const fen = toFen(v.threshold);
    if (fen === null) return amountProblem(event.locals.locale, 'threshold', v);
    try {
      await callApi(event, 'PUT', '/finance/settings', { body: { expenseThresholdFen: fen } });
      return { form: 'threshold', done: true };
    } catch (err) {
      return failure(err, v, { form: 'threshold' });
    }
  },
};
