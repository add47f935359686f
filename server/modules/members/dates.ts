import { TZDate } from '@date-fns/tz';
// One file per function: the package root loads all of date-fns, ~250 MB of RSS on the server.
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';

/**
 * Membership dates are calendar days in the association's time zone (Asia/Shanghai by default),
 * stored as DATE columns: Prisma hands them over as UTC midnight, so day arithmetic happens on
 * UTC dates and never meets a time zone or daylight-saving shift.
 */
export type Day = string; // YYYY-MM-DD

/** Today's date in the given time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): Day {
  return format(new TZDate(now.getTime(), timeZone), 'yyyy-MM-dd');
}

export const dayToDate = (day: Day): Date => new Date(`${day}T00:00:00.000Z`);
export const dateToDay = (d: Date): Day => d.toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return differenceInCalendarDays(dayToDate(to), dayToDate(from));
}

export function plusDays(day: Day, n: number): Day {
  return dateToDay(addDays(dayToDate(day), n));
}

/**
 * The last day of a term of `months` starting on `start`: the day before the same date `months`
 * later. A term starting on 29 February ends on 28 February of a common year (date-fns clamps the
 * month end), which is the day before the anniversary people expect (1 March).
 */
export function termEnd(start: Day, months: number): Day {
  const d = dayToDate(start);
  const anniversary = addMonths(d, months);
  // addMonths clamps 29 Feb → 28 Feb; the anniversary of a leap day is then 1 March.
  const clamped = anniversary.getUTCDate() !== d.getUTCDate();
  return dateToDay(clamped ? anniversary : addDays(anniversary, -1));
}
