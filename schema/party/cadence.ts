import { TZDate } from '@date-fns/tz';
// One file per function: the package root loads all of date-fns, ~250 MB of RSS on the server.
import { addMonths } from 'date-fns/addMonths';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfQuarter } from 'date-fns/startOfQuarter';

/** 三会一课: 支部党员大会 (congress), 支委会 (committee), 党小组会 (group), 党课 (lecture). */
export const partyMeetingKinds = ['congress', 'committee', 'group', 'lecture'] as const;
export type PartyMeetingKind = (typeof partyMeetingKinds)[number];

/** How often each kind must be held: 支委会 and 党小组会 monthly, 党员大会 and 党课 quarterly. */
export const cadenceMonths: Record<PartyMeetingKind, 1 | 3> = { committee: 1, group: 1, congress: 3, lecture: 3 };

export interface Period {
  start: string;
  end: string;
  /** held: a meeting of the kind took place; missed: the period passed without one; due: current, not yet held; upcoming. */
  status: 'held' | 'missed' | 'due' | 'upcoming';
  meetings: number;
}

/** The period (month or quarter, in the association's time zone) that contains `at`. */
export function periodOf(kind: PartyMeetingKind, at: Date, timeZone: string) {
  const local = new TZDate(at.getTime(), timeZone);
  const start = cadenceMonths[kind] === 1 ? startOfMonth(local) : startOfQuarter(local);
  return { start: new Date(start.getTime()), end: new Date(addMonths(start, cadenceMonths[kind]).getTime()) };
}

/**
 * The calendar of one kind: `back` past periods, the current one and `ahead` future ones, each held,
 * missed, due or upcoming. The kind is overdue when the last finished period was missed and the
 * current one has not been held yet.
 */
export function cadenceCalendar(kind: PartyMeetingKind, held: Date[], now: Date, timeZone: string, back = 3, ahead = 1) {
  const periods: Period[] = [];
  let { start } = periodOf(kind, now, timeZone);
  for (let i = 0; i < back; i++) start = periodOf(kind, new Date(start.getTime() - 1), timeZone).start;
  for (let i = 0; i < back + 1 + ahead; i++) {
    const p = periodOf(kind, start, timeZone);
    const meetings = held.filter((d) => d >= p.start && d < p.end).length;
    const status: Period['status'] = meetings ? 'held' : p.end <= now ? 'missed' : p.start <= now ? 'due' : 'upcoming';
    periods.push({ start: p.start.toISOString(), end: p.end.toISOString(), status, meetings });
    start = p.end;
  }
  const current = periods[back];
  const previous = periods[back - 1];
  const state: 'ok' | 'due' | 'overdue' = current.status === 'held' ? 'ok' : previous?.status === 'missed' ? 'overdue' : 'due';
  const last = held.filter((d) => d <= now).sort((a, b) => b.getTime() - a.getTime())[0];
  return { kind, everyMonths: cadenceMonths[kind], state, dueBy: current.end, lastHeldOn: last?.toISOString() ?? null, periods };
}
