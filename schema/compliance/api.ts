import { z } from 'zod';
import { Id, RequiredText, Text } from '../api/common.ts';

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(severities);
export const alertStatuses = ['open', 'acknowledged', 'resolved', 'dismissed'] as const;
export const AlertStatus = z.enum(alertStatuses);

/** The events rules can watch, with the facts each one offers to conditions. */
export const watchedEvents = {
  'meeting.scheduled': ['title', 'format', 'venueName', 'scenicArea'],
  'party.meeting.recorded': ['kind', 'title', 'attendanceRate'],
  'expense.created': ['amountFen', 'category', 'perPersonFen', 'collectiveDecisionId'],
  'expense.approved': ['amountFen', 'category', 'perPersonFen', 'collectiveDecisionId'],
  'fee.charged': ['feeItemKey', 'feeItemApproved', 'amountFen'],
  'parttime.payment.recorded': ['role', 'payerIsMember', 'declarationFiled', 'amountFen'],
} as const;
export type WatchedEvent = keyof typeof watchedEvents;
export const WatchedEventName = z.enum(Object.keys(watchedEvents) as [WatchedEvent, ...WatchedEvent[]]);

const operators = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain'] as const;
const Leaf = z.strictObject({ fact: z.string().min(1).max(60), operator: z.enum(operators), value: z.union([z.string().max(200), z.number(), z.boolean(), z.null(), z.array(z.union([z.string().max(200), z.number()])).max(50)]) });
// Two levels are enough for these rules and keep the schema finite for the OpenAPI document.
const Group = z.union([z.strictObject({ all: z.array(Leaf).min(1).max(20) }), z.strictObject({ any: z.array(Leaf).min(1).max(20) })]);
const Node = z.union([Leaf, Group]);
/** json-rules-engine conditions: { all: [...] } or { any: [...] } of { fact, operator, value } or one nested group. */
export const Conditions = z
  .union([z.strictObject({ all: z.array(Node).min(1).max(20) }), z.strictObject({ any: z.array(Node).min(1).max(20) })])
  .meta({ id: 'ComplianceConditions' });

export const Rule = z
  .object({
    id: Id,
    key: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    description: z.string().nullable(),
    event: z.string(),
    conditions: z.unknown(),
    severity: Severity,
    ownerRole: z.string(),
    slaHours: z.number().int(),
    active: z.boolean(),
    openAlerts: z.number().int(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ComplianceRule' });

export const RuleInput = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
    name: RequiredText(100),
    nameEn: Text(150).optional(),
    description: Text(500).optional(),
    event: WatchedEventName,
    conditions: Conditions,
    severity: Severity,
    ownerRole: z.enum(['compliance', 'secretariat', 'finance', 'party', 'admin']).default('compliance'),
    slaHours: z.number().int().min(1).max(24 * 90).default(72),
    active: z.boolean().default(true),
  })
  .meta({ id: 'ComplianceRuleInput' });

export const PreviewInput = z.strictObject({ event: WatchedEventName, conditions: Conditions }).meta({ id: 'ComplianceRulePreviewInput' });
export const PreviewResult = z
  .object({ evaluated: z.number().int(), matches: z.array(z.object({ eventId: z.string(), summary: z.string(), link: z.string().nullable(), occurredAt: z.iso.datetime(), facts: z.unknown() })) })
  .meta({ id: 'ComplianceRulePreview' });

export const Alert = z
  .object({
    id: Id,
    ruleKey: z.string(),
    title: z.string(),
    severity: Severity,
    ownerRole: z.string(),
    status: AlertStatus,
    event: z.string(),
    summary: z.string(),
    link: z.string().nullable(),
    facts: z.unknown(),
    dueAt: z.iso.datetime(),
    /** Still open or acknowledged after its SLA. */
    overdue: z.boolean(),
    reason: z.string().nullable(),
    acknowledgedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ComplianceAlert' });

export const AlertHistoryEntry = z.object({ at: z.iso.datetime(), actor: z.string().nullable(), action: z.string(), status: z.string().nullable(), reason: z.string().nullable() });
export const AlertDetail = Alert.extend({ history: z.array(AlertHistoryEntry) }).meta({ id: 'ComplianceAlertDetail' });

export const AlertListQuery = z.strictObject({ status: AlertStatus.optional(), severity: Severity.optional(), open: z.enum(['true', 'false']).optional() });
export const AlertSummary = z
  .object({ open: z.number().int(), acknowledged: z.number().int(), overdue: z.number().int(), bySeverity: z.record(z.string(), z.number().int()) })
  .meta({ id: 'ComplianceAlertSummary' });

export const TransitionInput = z
  .strictObject({
    to: z.enum(['acknowledged', 'resolved', 'dismissed']),
    /** Required to resolve or dismiss. */
    reason: Text(1000).optional(),
  })
  .meta({ id: 'ComplianceAlertTransition' });

/** Dashboard widget: alerts by severity and status. */
export interface AlertsWidgetData {
  bySeverity: { severity: (typeof severities)[number]; open: number; acknowledged: number }[];
  overdue: number;
  closed30d: number;
}
