import { daysBetween, plusDays, termEnd, type Day } from './dates.ts';

export type MemberStatus = 'pending' | 'active' | 'grace' | 'expired' | 'suspended' | 'withdrawn';

/** Statuses that follow the calendar; the others change only by a person's decision. */
const dated: readonly MemberStatus[] = ['active', 'grace', 'expired'];

/**
 * Where the calendar puts a member on `today`: active up to and including the last day of its
 * term, then in grace for `graceDays` days, then expired. Pending, suspended and withdrawn stay.
 */
export function lifecycleStatus(current: MemberStatus, expiresOn: Day | null, today: Day, graceDays: number): MemberStatus {
  if (!dated.includes(current) || !expiresOn) return current;
  const overdue = daysBetween(expiresOn, today);
  if (overdue <= 0) return 'active';
  return overdue <= graceDays ? 'grace' : 'expired';
}

/** The terms of a renewal: when the new period starts and ends, and the status it gives. */
export interface Renewal {
  startsOn: Day;
  expiresOn: Day;
  joinedOn: Day;
  status: MemberStatus;
}

/**
 * Renews for `terms` terms of `months`. A member still active or in grace continues without gap
 * or overlap: the new period starts the day after the old one ends, so paying early loses no day
 * and paying in grace buys no free days. A pending (first payment) or expired member starts today.
 * Returns null for suspended and withdrawn members, who are not renewed.
 */
export function renewal(m: { status: MemberStatus; joinedOn: Day | null; expiresOn: Day | null }, today: Day, months: number, terms: number, graceDays: number): Renewal | null {
  if (m.status === 'suspended' || m.status === 'withdrawn') return null;
  const continuous = (m.status === 'active' || m.status === 'grace') && m.expiresOn !== null;
  const startsOn = continuous ? plusDays(m.expiresOn!, 1) : today;
  let expiresOn = startsOn;
  let next = startsOn;
  for (let i = 0; i < terms; i++) {
    expiresOn = termEnd(next, months);
    next = plusDays(expiresOn, 1);
  }
  return { startsOn, expiresOn, joinedOn: m.joinedOn ?? startsOn, status: lifecycleStatus('active', expiresOn, today, graceDays) };
}

/** Reminder thresholds for qualification certificates, in days before expiry. */
export const CERTIFICATE_REMINDERS = [60, 30, 7] as const;

/**
 * The reminder due for a certificate `daysLeft` days from expiry, given those already sent for
 * this expiry date: the tightest threshold reached and not yet sent (a missed day never sends
 * two at once), or null.
 */
export function reminderDue(daysLeft: number, sent: readonly number[]): number | null {
  if (daysLeft < 0) return null;
  const reached = CERTIFICATE_REMINDERS.filter((t) => daysLeft <= t);
  if (!reached.length) return null;
  const tightest = Math.min(...reached);
  return sent.some((s) => s <= tightest) ? null : tightest;
}
