import { TZDate } from '@date-fns/tz';
import type { z } from 'zod';
import { can } from '#schema/permissions.ts';
import type { Call, CallInput } from '#schema/reviews/api.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';

type CallRow = NonNullable<Awaited<ReturnType<RequestCtx['db']['projectCall']['findFirst']>>>;

/** "2026-12-31T17:00:00" on the association's wall clock → the instant. */
export function zonedInstant(local: string, timeZone: string): Date {
  const [date, time] = local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm, ss = 0] = time.split(':').map(Number);
  return new Date(new TZDate(y, m - 1, d, hh, mm, ss, timeZone).getTime());
}

/** The instant as the association's wall clock, to the second: "2026-12-31 17:00:00". */
export function wallClock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
}

export const callStatus = (c: { status: string; deadline: Date }, now = new Date()): 'draft' | 'open' | 'closed' =>
  c.status === 'draft' ? 'draft' : now.getTime() > c.deadline.getTime() ? 'closed' : 'open';

export function callView(c: CallRow, timeZone: string): z.input<typeof Call> {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    commissioner: c.commissioner as 'government' | 'member',
    fieldTags: c.fieldTags,
    formFields: c.formFields as never,
    materials: c.materials as never,
    eligibility: c.eligibility as never,
    deadline: c.deadline.toISOString(),
    deadlineLocal: wallClock(c.deadline, timeZone),
    timeZone,
    status: callStatus(c),
    blindReview: c.blindReview,
    rubric: c.rubric as never,
    aggregation: c.aggregation as 'mean' | 'median',
    conflictWindowDays: c.conflictWindowDays,
    avoidance: c.avoidance as never,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** A call the caller may see: drafts only for those who manage calls. */
export async function findCall(ctx: RequestCtx, id: string): Promise<CallRow> {
  const c = await ctx.db.projectCall.findFirst({ where: { id } });
  if (!c || (c.status === 'draft' && !can(ctx.auth.role, 'call.manage'))) throw notFound('resource');
  return c;
}

function columns(ctx: RequestCtx, input: z.output<typeof CallInput>) {
  const keys = (list: { key: string }[], path: string) => {
    const seen = new Set<string>();
    for (const [i, x] of list.entries()) {
      if (seen.has(x.key)) throw new ApiError('validation_failed', {}, [{ path: `body.${path}.${i}.key`, code: 'custom', message: ctx.locale === 'en' ? 'Keys must be unique' : '键名不能重复' }]);
      seen.add(x.key);
    }
  };
  keys(input.formFields, 'formFields');
  keys(input.materials, 'materials');
  keys(input.rubric, 'rubric');
  for (const [i, r] of input.rubric.entries()) {
    if (r.min >= r.max) throw new ApiError('validation_failed', {}, [{ path: `body.rubric.${i}.max`, code: 'custom', message: ctx.locale === 'en' ? 'Must be above the minimum' : '须大于最低分' }]);
  }
  return {
    title: input.title,
    description: input.description ?? null,
    commissioner: input.commissioner,
    fieldTags: [...new Set(input.fieldTags)],
    formFields: input.formFields,
    materials: input.materials,
    eligibility: input.eligibility,
    deadline: zonedInstant(input.deadline, ctx.auth.tenant.timeZone),
    blindReview: input.blindReview,
    rubric: input.rubric,
    aggregation: input.aggregation,
    conflictWindowDays: input.conflictWindowDays,
    avoidance: input.avoidance,
  };
}

export async function listCalls(ctx: RequestCtx) {
  const manage = can(ctx.auth.role, 'call.manage');
  const rows = await ctx.db.projectCall.findMany({ where: manage ? {} : { status: 'open' }, orderBy: [{ deadline: 'desc' }, { id: 'desc' }], take: 200 });
  return rows.map((c) => callView(c, ctx.auth.tenant.timeZone));
}

export async function createCall(ctx: RequestCtx, input: z.output<typeof CallInput>) {
  const data = columns(ctx, input);
  const c = await ctx.write((tx) => tx.projectCall.create({ data: { tenantId: ctx.auth.tenant.id, createdById: ctx.auth.user.id, ...data } }));
  ctx.services.events.publish('call.changed', { tenantId: c.tenantId, callId: c.id, actorId: ctx.auth.user.id });
  return callView(c, ctx.auth.tenant.timeZone);
}

export async function updateCall(ctx: RequestCtx, id: string, input: z.output<typeof CallInput>) {
  await findCall(ctx, id);
  // Once someone has submitted, the form, materials and rubric they answered stay as they were.
  if (await ctx.db.projectApplication.count({ where: { callId: id, status: { not: 'draft' } } })) {
    throw new ApiError('conflict', {}, { reason: 'has_applications', message: ctx.locale === 'en' ? 'Applications have been submitted: the call can no longer change' : '已有单位提交申报，通知不能再修改' });
  }
  const data = columns(ctx, input);
  const c = await ctx.write((tx) => tx.projectCall.update({ where: { id }, data }));
  ctx.services.events.publish('call.changed', { tenantId: c.tenantId, callId: c.id, actorId: ctx.auth.user.id });
  return callView(c, ctx.auth.tenant.timeZone);
}

export async function publishCall(ctx: RequestCtx, id: string) {
  const c0 = await findCall(ctx, id);
  if (c0.status !== 'draft') throw new ApiError('conflict');
  const c = await ctx.write((tx) => tx.projectCall.update({ where: { id }, data: { status: 'open' } }));
  ctx.services.events.publish('call.changed', { tenantId: c.tenantId, callId: c.id, actorId: ctx.auth.user.id });
  return callView(c, ctx.auth.tenant.timeZone);
}
