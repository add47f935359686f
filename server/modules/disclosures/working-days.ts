// Working-day arithmetic on calendar days (YYYY-MM-DD, the association's local dates): a day is a
// working day when the calendar names it a 调休 working day, or when it is Monday to Friday and
// not a public holiday.
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { getISODay } from 'date-fns/getISODay';
import { parseISO } from 'date-fns/parseISO';

export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export function calendarOf(days: readonly { day: string; kind: string; name?: string }[]): WorkCalendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
}

export const nextDay = (day: string, n = 1) => format(addDays(parseISO(day), n), 'yyyy-MM-dd');

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  return getISODay(parseISO(day)) <= 5;
}

/** The nth working day after `day` (the day itself does not count): a reply due "within 7 working days" of a question asked on `day`. */
export function addWorkingDays(day: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, not ${n}`);
  let d = day;
  for (let left = n; left > 0; ) {
    d = nextDay(d);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Working days in (from, to]. */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar): number {
  let count = 0;
  for (let d = nextDay(from); d <= to; d = nextDay(d)) if (isWorkingDay(d, cal)) count++;
  return count;
}

/** The reply deadline of public questions: 7 working days. */
export const REPLY_WORKING_DAYS = 7;
