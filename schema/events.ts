import type { NotificationView } from './api/notifications.ts';
import type { PresenceEntry } from './api/tenant.ts';
import type { Action } from './permissions.ts';
import type { StandardsEvents } from './standards/events.ts';
import type { MeetingEvents, MeetingLiveEvents } from './meetings/events.ts';
import type { z } from 'zod';
import type { MembersEvents } from './members/events.ts';
import type { ExpertEvents } from './experts/events.ts';
import type { ReviewEvents } from './reviews/events.ts';
import type { PanelSignal } from './reviews/api.ts';
import type { CreditEvents } from './credit/events.ts';
import type { FinanceEvents } from './finance/events.ts';
import type { DisclosureEvents } from './disclosures/events.ts';

/**
 * Domain events: services publish them after their transaction commits. The realtime hub
 * forwards those with an audience to Socket.IO rooms; other modules subscribe to them in-process.
 * Each domain module keeps its events in schema/<module>/events.ts and adds them here with one
 * line to the type and one to the audience.
 */
interface PlatformEvents {
  'note.created': { tenantId: string; noteId: string; title: string; actorId: string | null };
  'note.updated': { tenantId: string; noteId: string; title: string; actorId: string | null };
  'note.deleted': { tenantId: string; noteId: string; actorId: string | null };
  'membership.changed': { tenantId: string; userId: string; role: string | null; actorId: string | null };
  /** Someone logged in (browser or token): member activity. */
  'session.started': { tenantId: string; userId: string; kind: 'cookie' | 'bearer' };
}

/**
 * Events one module publishes and others rely on (the "information islands" the product joins up):
 * the publisher keeps these payloads as they are. Times are ISO 8601 strings in UTC.
 */
export interface ContractEvents {
  /** Meetings → compliance (scenic-area venue rule) and the dashboard. */
  'meeting.scheduled': {
    tenantId: string;
    meetingId: string;
    title: string;
    format: 'onsite' | 'online' | 'hybrid';
    startsAt: string;
    endsAt: string;
    venue: { name: string; address: string | null; scenicArea: boolean } | null;
    actorId: string | null;
  };
  /** Meetings → member points and the credit archive: on-site check-in, or online watch time above the threshold. */
  'meeting.attended': { tenantId: string; meetingId: string; title: string; userId: string; mode: 'onsite' | 'online'; watchMinutes: number | null; at: string };
  /** Party building → compliance (attendance below 80%). */
  'party.meeting.recorded': { tenantId: string; partyMeetingId: string; kind: string; title: string; heldOn: string; attendanceRate: number; actorId: string | null };
  /** Standards → member points and the credit archive (standards work). */
  'standard.contribution': { tenantId: string; userId: string; projectId: string; projectTitle: string; role: 'leader' | 'author' | 'commenter' | 'voter'; at: string };
  /** Expert pool → member points (reviews and consultations served). */
  'expert.service.recorded': { tenantId: string; userId: string; kind: 'review' | 'consultation'; hours: number; at: string };
  /** Finance → compliance (unapproved fee item rule). A charge (an invoice line) against a fee item; `id` is the invoice's id. */
  'fee.charged': { tenantId: string; id: string; feeItemId: string; feeItemKey: string; title: string; feeItemApproved: boolean; amountFen: number; memberId: string | null; actorId: string | null };
  /** Finance → compliance (collective decision, reception standard). `id` is the expense's id. */
  'expense.created': { tenantId: string; id: string; title: string; purpose: string; category: string; amountFen: number; perPersonFen: number | null; collectiveDecisionId: string | null; actorId: string | null };
  /** Finance → compliance: the same facts once the expense is approved. */
  'expense.approved': { tenantId: string; id: string; title: string; purpose: string; category: string; amountFen: number; perPersonFen: number | null; collectiveDecisionId: string | null; actorId: string | null };
  /** Finance → the credit archive, member points and the dues-collection widget: an invoice of dues paid in full. Dates are the tenant's calendar days (YYYY-MM-DD). */
  'dues.paid': { tenantId: string; memberId: string; invoiceId: string; amountFen: number; dueOn: string; paidOn: string; onTime: boolean; actorId: string | null };
  /** Integrity → compliance (council member paid by a member company without a declaration). `id` is the payment record's id. */
  'parttime.payment.recorded': { tenantId: string; id: string; title: string; userId: string; role: string; payerMemberId: string | null; payerIsMember: boolean; declarationFiled: boolean; amountFen: number; actorId: string | null };
  /** Integrity-risk ledger → the credit archive: a violation, complaint, award or compliance finding about a member company. */
  'integrity.entry.recorded': { tenantId: string; entryId: string; memberId: string; kind: 'violation' | 'complaint' | 'award' | 'compliance'; title: string; severity: 'low' | 'medium' | 'high' | 'critical' | null; at: string; actorId: string | null };
  /** Compliance → the dashboard and anyone watching alerts. */
  'compliance.alert.changed': {
    tenantId: string;
    alertId: string;
    ruleKey: string;
    title: string;
    severity: 'low' | 'medium' | 'high' | 'critical';
    status: 'open' | 'acknowledged' | 'resolved' | 'dismissed';
    actorId: string | null;
  };
}

export type DomainEvents = PlatformEvents & ContractEvents & StandardsEvents & MembersEvents & MeetingEvents & MeetingLiveEvents & ExpertEvents & ReviewEvents & CreditEvents & FinanceEvents & DisclosureEvents;
export type DomainEventName = keyof DomainEvents;

/** Who may receive each event live: browsers of roles holding this permission in the tenant. Events without one stay on the server. */
export const eventAudience: Partial<Record<DomainEventName, Action>> = {
  'note.created': 'note.read',
  'note.updated': 'note.read',
  'note.deleted': 'note.read',
  'membership.changed': 'user.list',
  'standard.project.changed': 'standard.read',
  'standard.ballot.changed': 'standard.read',
  'member.changed': 'member.read',
  'member.application.changed': 'member.review',
  'member.push.sent': 'member.push', 'member.push.read': 'member.push', 'member.import.progress': 'member.manage',
  'compliance.alert.changed': 'compliance.read',
  'meeting.scheduled': 'meeting.read', 'meeting.cancelled': 'meeting.read', 'meeting.registration.changed': 'meeting.checkin', 'meeting.checkedIn': 'meeting.checkin',
  'party.meeting.recorded': 'party.read',
  'expert.profile.changed': 'expert.read',
  'expert.invitation.changed': 'expert.read',
  'call.changed': 'call.read',
  'application.changed': 'application.read',
  'review.drawn': 'review.draw',
  'review.assignment.changed': 'review.draw',
  'credit.changed': 'credit.read', 'credit.recomputed': 'credit.read', 'points.awarded': 'points.self', 'invoice.changed': 'finance.read', 'invoice.duesRun': 'finance.read', 'expense.changed': 'finance.read', 'dues.paid': 'finance.read', 'expense.created': 'finance.read', 'expense.approved': 'finance.read',
  'disclosure.changed': 'disclosure.read', 'disclosure.question.changed': 'disclosure.read',
};

/** Socket.IO rooms: one per tenant, per tenant role, per user, and per entity the client joins. */
export const rooms = {
  tenant: (tenantId: string) => `t:${tenantId}`,
  role: (tenantId: string, role: string) => `t:${tenantId}:role:${role}`,
  user: (userId: string) => `u:${userId}`,
  member: (tenantId: string, userId: string) => `t:${tenantId}:u:${userId}`,
  session: (sessionId: string) => `s:${sessionId}`,
  entity: (tenantId: string, kind: string, id: string) => `t:${tenantId}:${kind}:${id}`,
};

/** Events the server pushes to browsers. */
export interface ServerToClientEvents {
  'presence:update': (payload: { online: z.infer<typeof PresenceEntry>[] }) => void;
  'domain:event': <K extends DomainEventName>(payload: { name: K; data: DomainEvents[K]; at: string }) => void;
  'session:revoked': (payload: { reason: string }) => void;
  /** A dashboard widget's new numbers (to roles holding dashboard.view). */
  'dashboard:widget': (payload: { key: string; data: unknown; updatedAt: string }) => void;
  /** A new notification for this user in this association. */
  'notification:new': (payload: { notification: z.infer<typeof NotificationView>; unread: number }) => void;
  /** A live review panel changed (to its entity room): sealed counts, or the reveal to everyone at once. */
  'reviews:panel': (payload: PanelSignal) => void;
  /** A sidebar entry's count changed (client/src/lib/nav.ts navBadges), to roles that see the entry. */
  'nav:badge': (payload: { href: string; count: number }) => void;
}

/** Requests browsers send; each answers through the acknowledgement callback. */
export interface ClientToServerEvents {
  /** Join an entity room, e.g. { kind: 'note', id }; the server checks the permission. */
  'room:join': (req: { kind: string; id: string }, ack: (res: { ok: true } | { ok: false; code: string; message: string }) => void) => void;
  'room:leave': (req: { kind: string; id: string }, ack?: (res: { ok: true }) => void) => void;
}
