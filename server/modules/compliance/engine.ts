import { Engine, type TopLevelCondition } from 'json-rules-engine';
import type { DomainEventName, DomainEvents } from '#schema/events.ts';
import type { WatchedEvent } from '#schema/compliance/api.ts';

/** What rules see of one business event: a stable id (so it is evaluated once), a subject, and flat facts. */
export interface EventFacts {
  eventId: string;
  summary: string;
  link: string | null;
  facts: Record<string, string | number | boolean | null>;
}

type Extractor = (data: any) => EventFacts;

/**
 * The events rules can watch and how their facts are read. Events of modules not built yet
 * (expenses, fee charges, part-time payments) carry their facts flat in the payload, with the
 * business id in `id`; their seed rules wait for them.
 */
export const extractors: Record<WatchedEvent, Extractor> = {
  'meeting.scheduled': (d: DomainEvents['meeting.scheduled']) => ({
    eventId: `meeting.scheduled:${d.meetingId}:${d.startsAt}:${d.venue?.name ?? ''}`,
    summary: d.title,
    link: `/meetings/${d.meetingId}`,
    facts: { title: d.title, format: d.format, venueName: d.venue?.name ?? null, scenicArea: d.venue?.scenicArea ?? false },
  }),
  'party.meeting.recorded': (d: DomainEvents['party.meeting.recorded']) => ({
    eventId: `party.meeting.recorded:${d.partyMeetingId}`,
    summary: d.title,
    link: `/party/meetings/${d.partyMeetingId}`,
    facts: { kind: d.kind, title: d.title, attendanceRate: d.attendanceRate },
  }),
  'expense.created': (d) => ({
    eventId: `expense.created:${d.id}`,
    summary: String(d.purpose ?? d.title ?? ''),
    link: d.id ? `/finance/expenses/${d.id}` : null,
    facts: { amountFen: d.amountFen ?? null, category: d.category ?? null, perPersonFen: d.perPersonFen ?? null, collectiveDecisionId: d.collectiveDecisionId ?? null },
  }),
  'fee.charged': (d) => ({
    eventId: `fee.charged:${d.id}`,
    summary: String(d.title ?? d.feeItemKey ?? ''),
    link: null,
    facts: { feeItemKey: d.feeItemKey ?? null, feeItemApproved: d.feeItemApproved ?? false, amountFen: d.amountFen ?? null },
  }),
  'parttime.payment.recorded': (d) => ({
    eventId: `parttime.payment.recorded:${d.id}`,
    summary: String(d.title ?? ''),
    link: null,
    facts: { role: d.role ?? null, payerIsMember: d.payerIsMember ?? false, declarationFiled: d.declarationFiled ?? false },
  }),
};

export const isWatched = (name: DomainEventName | string): name is WatchedEvent => name in extractors;

/** Whether facts meet a rule's conditions (json-rules-engine; an unknown fact counts as undefined). */
export async function matches(conditions: unknown, facts: Record<string, unknown>): Promise<boolean> {
  const engine = new Engine([{ conditions: conditions as TopLevelCondition, event: { type: 'match' } }], { allowUndefinedFacts: true });
  const { events } = await engine.run({ ...facts });
  return events.length > 0;
}
