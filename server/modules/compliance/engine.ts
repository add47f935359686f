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

// Each extractor takes its own event's payload; the map is read by event name.
type Extractor = (data: any) => EventFacts;

function expenseFacts(name: 'expense.created' | 'expense.approved', d: DomainEvents['expense.created']): EventFacts {
  return {
    eventId: `${name}:${d.id}`,
    summary: d.purpose || d.title,
    link: `/finance/expenses/${d.id}`,
    facts: { amountFen: d.amountFen, category: d.category, perPersonFen: d.perPersonFen, collectiveDecisionId: d.collectiveDecisionId },
  };
}

/** The events rules can watch and how their facts are read. */
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
  'expense.created': (d: DomainEvents['expense.created']) => expenseFacts('expense.created', d),
  'expense.approved': (d: DomainEvents['expense.approved']) => expenseFacts('expense.approved', d),
  'fee.charged': (d: DomainEvents['fee.charged']) => ({
    eventId: `fee.charged:${d.id}`,
    summary: d.title,
    link: `/finance/invoices/${d.id}`,
    facts: { feeItemKey: d.feeItemKey, feeItemApproved: d.feeItemApproved, amountFen: d.amountFen },
  }),
  'parttime.payment.recorded': (d: DomainEvents['parttime.payment.recorded']) => ({
    eventId: `parttime.payment.recorded:${d.id}`,
    summary: d.title,
    link: `/compliance/integrity`,
    facts: { role: d.role, payerIsMember: d.payerIsMember, declarationFiled: d.declarationFiled, amountFen: d.amountFen },
  }),
};

export const isWatched = (name: DomainEventName | string): name is WatchedEvent => name in extractors;

/** Whether facts meet a rule's conditions (json-rules-engine; an unknown fact counts as undefined). */
export async function matches(conditions: unknown, facts: Record<string, unknown>): Promise<boolean> {
  const engine = new Engine([{ conditions: conditions as TopLevelCondition, event: { type: 'match' } }], { allowUndefinedFacts: true });
  const { events } = await engine.run({ ...facts });
  return events.length > 0;
}
