import type { z } from 'zod';
import type { ExpenseDecisionInput, ExpenseInput, ExpenseListQuery } from '#schema/finance/api.ts';
import type { Prisma } from '../../db/generated/client.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { approvedCouncilDecisions } from '../party/governance.ts';
import { dateToDay, dayToDate, invalid, missing, refused, tr, yuan } from './common.ts';

type ExpenseRow = Prisma.ExpenseGetPayload<object>;

export const DEFAULT_EXPENSE_THRESHOLD_FEN = 5_000_000; // 50,000 yuan

export async function thresholdOf(db: RequestCtx['db']): Promise<number> {
  return (await db.financeSettings.findFirst({}))?.expenseThresholdFen ?? DEFAULT_EXPENSE_THRESHOLD_FEN;
}

export async function getSettings(ctx: RequestCtx) {
  return { expenseThresholdFen: await thresholdOf(ctx.db) };
}

export async function setSettings(ctx: RequestCtx, input: { expenseThresholdFen: number }) {
  await ctx.write(async (tx) => {
    const existing = await tx.financeSettings.findFirst({});
    if (existing) await tx.financeSettings.update({ where: { id: existing.id }, data: input });
    else await tx.financeSettings.create({ data: { tenantId: ctx.auth.tenant.id, ...input } });
  });
  return getSettings(ctx);
}

/** The council's approving decisions an expense can link to. */
export async function decisionOptions(ctx: RequestCtx) {
  return { items: (await approvedCouncilDecisions(ctx.db)).map((d) => ({ ...d, decidedAt: d.decidedAt?.toISOString() ?? null })) };
}

async function views(ctx: RequestCtx, rows: ExpenseRow[]) {
  const threshold = await thresholdOf(ctx.db);
  const decisionIds = [...new Set(rows.map((r) => r.collectiveDecisionId).filter((x): x is string => !!x))];
  const decisions = decisionIds.length ? await approvedCouncilDecisions(ctx.db, decisionIds) : [];
  const userIds = [...new Set(rows.map((r) => r.decidedById).filter((x): x is string => !!x))];
  const users = userIds.length ? await ctx.services.db.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  return rows.map((e) => {
    const d = decisions.find((x) => x.id === e.collectiveDecisionId);
    return {
      id: e.id,
      title: e.title,
      category: e.category as 'other',
      amountFen: e.amountFen,
      purpose: e.purpose,
      headCount: e.headCount,
      perPersonFen: e.perPersonFen,
      spentOn: dateToDay(e.spentOn),
      collectiveDecision: d ? { id: d.id, title: d.title, decidedAt: d.decidedAt?.toISOString() ?? null } : null,
      needsDecision: e.amountFen > threshold,
      status: e.status as 'pending',
      decidedBy: users.find((u) => u.id === e.decidedById)?.name ?? null,
      decidedAt: e.decidedAt?.toISOString() ?? null,
      decisionComment: e.decisionComment,
      createdAt: e.createdAt.toISOString(),
    };
  });
}

export async function listExpenses(ctx: RequestCtx, q: z.output<typeof ExpenseListQuery>) {
  const rows = await ctx.db.expense.findMany({ where: { ...(q.status ? { status: q.status } : {}), ...(q.category ? { category: q.category } : {}) }, orderBy: [{ spentOn: 'desc' }, { createdAt: 'desc' }], take: 1000 });
  return { items: await views(ctx, rows) };
}

export async function getExpense(ctx: RequestCtx, id: string) {
  const e = await ctx.db.expense.findFirst({ where: { id } });
  if (!e) throw missing(ctx, 'expenseEntity');
  return (await views(ctx, [e]))[0];
}

async function checkDecision(ctx: RequestCtx, id: string | undefined, path: string) {
  if (!id) return;
  const [d] = await approvedCouncilDecisions(ctx.db, [id]);
  if (!d) throw invalid(ctx, path, 'decisionInvalid');
}

function facts(e: ExpenseRow, actorId: string | null) {
  return { tenantId: e.tenantId, id: e.id, title: e.title, purpose: e.purpose, category: e.category, amountFen: e.amountFen, perPersonFen: e.perPersonFen, collectiveDecisionId: e.collectiveDecisionId, actorId };
}

export async function createExpense(ctx: RequestCtx, input: z.output<typeof ExpenseInput>) {
  if (input.category === 'reception' && !input.headCount) throw invalid(ctx, 'body.headCount', 'headCountRequired');
  await checkDecision(ctx, input.collectiveDecisionId, 'body.collectiveDecisionId');
  const headCount = input.headCount ?? null;
  const e = await ctx.write((tx) =>
    tx.expense.create({
      data: {
        tenantId: ctx.auth.tenant.id,
        title: input.title,
        category: input.category,
        amountFen: input.amountFen,
        purpose: input.purpose,
        headCount,
        perPersonFen: headCount ? Math.round(input.amountFen / headCount) : null,
        spentOn: dayToDate(input.spentOn),
        collectiveDecisionId: input.collectiveDecisionId ?? null,
        createdById: ctx.auth.user.id,
      },
    }),
  );
  ctx.services.events.publish('expense.created', facts(e, ctx.auth.user.id));
  ctx.services.events.publish('expense.changed', { tenantId: e.tenantId, expenseId: e.id, status: 'pending', actorId: ctx.auth.user.id });
  return getExpense(ctx, e.id);
}

/**
 * Approves or rejects a pending expense. Above the association's threshold an expense is approved
 * only with a collective decision of the council linked (now or when it was recorded).
 */
export async function decideExpense(ctx: RequestCtx, id: string, input: z.output<typeof ExpenseDecisionInput>) {
  const e = await ctx.db.expense.findFirst({ where: { id } });
  if (!e) throw missing(ctx, 'expenseEntity');
  if (e.status !== 'pending') throw refused(ctx, 'expenseDecided', { status: tr(ctx.locale)(`finance.expense.statuses.${e.status}`) });
  await checkDecision(ctx, input.collectiveDecisionId, 'body.collectiveDecisionId');
  const decisionId = input.collectiveDecisionId ?? e.collectiveDecisionId;
  const threshold = await thresholdOf(ctx.db);
  if (input.decision === 'approve' && e.amountFen > threshold) {
    // A linked matter must still carry an approving decision.
    if (!decisionId || !(await approvedCouncilDecisions(ctx.db, [decisionId])).length) {
      throw refused(ctx, 'decisionRequired', { amount: yuan(e.amountFen), threshold: yuan(threshold) });
    }
  }
  const status = input.decision === 'approve' ? 'approved' : 'rejected';
  const updated = await ctx.write(async (tx) => {
    const r = await tx.expense.updateMany({
      where: { id, status: 'pending' },
      data: { status, collectiveDecisionId: decisionId, decidedById: ctx.auth.user.id, decidedAt: new Date(), decisionComment: input.comment || null },
    });
    if (r.count !== 1) throw refused(ctx, 'expenseDecided', { status: '' });
    return tx.expense.findFirstOrThrow({ where: { id } });
  });
  if (status === 'approved') ctx.services.events.publish('expense.approved', facts(updated, ctx.auth.user.id));
  ctx.services.events.publish('expense.changed', { tenantId: updated.tenantId, expenseId: id, status, actorId: ctx.auth.user.id });
  return getExpense(ctx, id);
}
