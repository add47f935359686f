import type { z } from 'zod';
import type { AlertListQuery, PreviewInput, RuleInput } from '#schema/compliance/api.ts';
import { translator } from '#schema/i18n/index.ts';
import type { DomainEventName } from '#schema/events.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { runInTenant, write } from '../../db/tenant-scope.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx, Services } from '../../http/routes.ts';
import { logger } from '../../logger.ts';
import { defaultRules } from './defaults.ts';
import { extractors, isWatched, matches } from './engine.ts';

type AlertRow = Prisma.ComplianceAlertGetPayload<object>;
type Status = 'open' | 'acknowledged' | 'resolved' | 'dismissed';
type Severity = 'low' | 'medium' | 'high' | 'critical';

const missing = (ctx: RequestCtx, key: string) => notFound(translator(ctx.locale)(`compliance.${key}`));

/** An association without rules gets the seed library the first time rules are needed. */
async function ensureRules(s: Pick<Services, 'scoped'>, tenantId: string) {
  if ((await s.scoped.complianceRule.count()) > 0) return;
  await write(s.scoped, (tx) =>
    tx.complianceRule.createMany({
      data: defaultRules.map((r) => ({ tenantId, key: r.key, name: r.name, nameEn: r.nameEn ?? null, description: r.description ?? null, event: r.event, conditions: r.conditions as Prisma.InputJsonValue, severity: r.severity, ownerRole: r.ownerRole ?? 'compliance', slaHours: r.slaHours ?? 72 })),
      skipDuplicates: true,
    }),
  );
}

function announce(s: Services, a: AlertRow, actorId: string | null) {
  s.events.publish('compliance.alert.changed', { tenantId: a.tenantId, alertId: a.id, ruleKey: a.ruleKey, title: a.title, severity: a.severity as Severity, status: a.status as Status, actorId });
}

/**
 * Evaluates the association's active rules on one business event. The facts are kept for
 * previews; each (rule, event) pair is claimed by a unique key in the same transaction that
 * raises its alert, so an event delivered twice, or seen by two instances, is evaluated once.
 */
export async function evaluateEvent(s: Services, name: DomainEventName, data: unknown) {
  if (!isWatched(name)) return;
  const tenantId = (data as { tenantId?: string }).tenantId;
  if (!tenantId) return;
  await runInTenant({ tenantId, actorId: null, requestId: `compliance:${name}` }, async () => {
    await ensureRules(s, tenantId);
    const ev = extractors[name](data);
    const rules = await s.scoped.complianceRule.findMany({ where: { event: name, active: true } });
    const verdicts = await Promise.all(rules.map(async (rule) => ({ rule, fired: await matches(rule.conditions, ev.facts) })));
    // One transaction per event: the facts, every rule's claim, and the alerts of the claims this call won.
    const alerts = await write(s.scoped, async (tx) => {
      await tx.complianceFact.createMany({ data: [{ tenantId, event: name, eventId: ev.eventId, summary: ev.summary, link: ev.link, facts: ev.facts }], skipDuplicates: true });
      if (!verdicts.length) return [];
      const won = await tx.complianceEvaluation.createManyAndReturn({
        data: verdicts.map(({ rule, fired }) => ({ tenantId, ruleId: rule.id, eventId: ev.eventId, fired })),
        skipDuplicates: true,
        select: { ruleId: true },
      });
      const claimed = new Set(won.map((w) => w.ruleId));
      const raised: AlertRow[] = [];
      for (const { rule } of verdicts.filter((v) => v.fired && claimed.has(v.rule.id))) {
        raised.push(
          await tx.complianceAlert.create({
            data: {
              tenantId,
              ruleId: rule.id,
              ruleKey: rule.key,
              title: rule.name,
              severity: rule.severity,
              ownerRole: rule.ownerRole,
              eventId: ev.eventId,
              event: name,
              summary: ev.summary,
              link: ev.link,
              facts: ev.facts,
              dueAt: new Date(Date.now() + rule.slaHours * 3600_000),
            },
          }),
        );
      }
      return raised;
    });
    for (const alert of alerts) {
      announce(s, alert, null);
      const owners = await s.scoped.membership.findMany({ where: { role: { in: [...new Set([alert.ownerRole, 'compliance'])] } }, select: { userId: true } });
      await s.notify({ tenantId, userIds: owners.map((o) => o.userId), kind: 'compliance.alert', title: `合规预警：${alert.title}`, body: alert.summary, link: `/compliance/alerts/${alert.id}` });
    }
  });
}

/** Subscribes the rule engine to domain events; returns the unsubscribe function. */
export function startComplianceEngine(s: Services): () => void {
  return s.events.onAny((name, data) => {
    if (!isWatched(name)) return;
    evaluateEvent(s, name, data).catch((err) => logger.error({ err, event: name }, 'compliance evaluation failed'));
  });
}

// ---- alerts ----

function alertView(a: AlertRow, now = Date.now()) {
  return {
    id: a.id,
    ruleKey: a.ruleKey,
    title: a.title,
    severity: a.severity as Severity,
    ownerRole: a.ownerRole,
    status: a.status as Status,
    event: a.event,
    summary: a.summary,
    link: a.link,
    facts: a.facts,
    dueAt: a.dueAt.toISOString(),
    overdue: (a.status === 'open' || a.status === 'acknowledged') && a.dueAt.getTime() < now,
    reason: a.reason,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    closedAt: a.closedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

const severityRank: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export async function listAlerts(ctx: RequestCtx, q: z.output<typeof AlertListQuery>) {
  const rows = await ctx.db.complianceAlert.findMany({
    where: { ...(q.status ? { status: q.status } : q.open === 'true' ? { status: { in: ['open', 'acknowledged'] } } : {}), ...(q.severity ? { severity: q.severity } : {}) },
    orderBy: { createdAt: 'desc' },
    take: 500,
  });
  // Open first, the most severe first, then the newest.
  const open = (s: string) => (s === 'open' || s === 'acknowledged' ? 0 : 1);
  rows.sort((a, b) => open(a.status) - open(b.status) || severityRank[a.severity] - severityRank[b.severity] || b.createdAt.getTime() - a.createdAt.getTime());
  return { items: rows.map((r) => alertView(r)) };
}

export async function alertSummary(ctx: RequestCtx) {
  const rows = await ctx.db.complianceAlert.findMany({ where: { status: { in: ['open', 'acknowledged'] } }, select: { status: true, severity: true, dueAt: true } });
  const now = Date.now();
  const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const r of rows) bySeverity[r.severity] = (bySeverity[r.severity] ?? 0) + 1;
  return { open: rows.filter((r) => r.status === 'open').length, acknowledged: rows.filter((r) => r.status === 'acknowledged').length, overdue: rows.filter((r) => r.dueAt.getTime() < now).length, bySeverity };
}

export async function getAlert(ctx: RequestCtx, id: string) {
  const a = await ctx.db.complianceAlert.findFirst({ where: { id } });
  if (!a) throw missing(ctx, 'alertEntity');
  // The audit log is the alert's history: who raised, acknowledged and closed it, and why.
  const log = await ctx.db.auditLog.findMany({ where: { entity: 'ComplianceAlert', entityId: id }, orderBy: { id: 'asc' } });
  const actorIds = [...new Set(log.map((l) => l.actorId).filter((x): x is string => !!x))];
  const users = actorIds.length ? await ctx.services.db.prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }) : [];
  const history = log.map((l) => {
    const after = (l.after ?? {}) as { status?: string; reason?: string | null };
    return { at: l.createdAt.toISOString(), actor: users.find((u) => u.id === l.actorId)?.name ?? null, action: l.action, status: after.status ?? null, reason: after.reason ?? null };
  });
  return { ...alertView(a), history };
}

const next: Record<Status, Status[]> = { open: ['acknowledged'], acknowledged: ['resolved', 'dismissed'], resolved: [], dismissed: [] };

export async function transitionAlert(ctx: RequestCtx, id: string, to: 'acknowledged' | 'resolved' | 'dismissed', reason: string | undefined) {
  const t = translator(ctx.locale);
  const a = await ctx.db.complianceAlert.findFirst({ where: { id } });
  if (!a) throw missing(ctx, 'alertEntity');
  if (!next[a.status as Status].includes(to)) {
    throw new ApiError('conflict', {}, { reason: t('compliance.errors.badTransition', { from: t(`compliance.status.${a.status}`), to: t(`compliance.status.${to}`) }) });
  }
  if (to !== 'acknowledged' && !reason) throw new ApiError('validation_failed', {}, [{ path: 'body.reason', code: 'required', message: t('compliance.errors.reasonRequired') }]);
  const now = new Date();
  const data =
    to === 'acknowledged'
      ? { status: to, acknowledgedAt: now, acknowledgedBy: ctx.auth.user.id }
      : { status: to, reason: reason!, closedAt: now, closedBy: ctx.auth.user.id };
  const updated = await ctx.write(async (tx) => {
    // Only from the status read above: two officers acting at once cannot both succeed.
    const r = await tx.complianceAlert.updateMany({ where: { id, status: a.status }, data });
    if (r.count !== 1) throw new ApiError('conflict');
    return tx.complianceAlert.findFirstOrThrow({ where: { id } });
  });
  announce(ctx.services, updated, ctx.auth.user.id);
  return getAlert(ctx, id);
}

// ---- rules ----

export async function listRules(ctx: RequestCtx) {
  await ensureRules(ctx.services, ctx.auth.tenant.id);
  const [rules, open] = await Promise.all([
    ctx.db.complianceRule.findMany({ orderBy: [{ event: 'asc' }, { key: 'asc' }] }),
    ctx.db.complianceAlert.groupBy({ by: ['ruleId'], where: { status: { in: ['open', 'acknowledged'] } }, _count: { _all: true } }),
  ]);
  return {
    items: rules.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      nameEn: r.nameEn,
      description: r.description,
      event: r.event,
      conditions: r.conditions,
      severity: r.severity as Severity,
      ownerRole: r.ownerRole,
      slaHours: r.slaHours,
      active: r.active,
      openAlerts: open.find((o) => o.ruleId === r.id)?._count._all ?? 0,
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}

export async function saveRule(ctx: RequestCtx, id: string | null, input: z.output<typeof RuleInput>) {
  // A first rule added through the API must not keep the seed library from ever arriving.
  await ensureRules(ctx.services, ctx.auth.tenant.id);
  if (id && !(await ctx.db.complianceRule.findFirst({ where: { id }, select: { id: true } }))) throw missing(ctx, 'ruleEntity');
  const data = {
    key: input.key,
    name: input.name,
    nameEn: input.nameEn || null,
    description: input.description || null,
    event: input.event,
    conditions: input.conditions as Prisma.InputJsonValue,
    severity: input.severity,
    ownerRole: input.ownerRole,
    slaHours: input.slaHours,
    active: input.active,
  };
  const rule = await ctx.write((tx) => (id ? tx.complianceRule.update({ where: { id }, data }) : tx.complianceRule.create({ data: { ...data, tenantId: ctx.auth.tenant.id } })));
  return (await listRules(ctx)).items.find((r) => r.id === rule.id)!;
}

/** Which of the most recent records of that event would the conditions have caught. */
export async function previewRule(ctx: RequestCtx, input: z.output<typeof PreviewInput>) {
  const facts = await ctx.db.complianceFact.findMany({ where: { event: input.event }, orderBy: { occurredAt: 'desc' }, take: 500 });
  const hits = [];
  for (const f of facts) if (await matches(input.conditions, f.facts as Record<string, unknown>)) hits.push(f);
  return { evaluated: facts.length, matches: hits.map((f) => ({ eventId: f.eventId, summary: f.summary, link: f.link, occurredAt: f.occurredAt.toISOString(), facts: f.facts })) };
}
