import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCalendars } from './calendar-defaults.ts';
import { addWorkingDays, calendarOf, isWorkingDay, nextDay, workingDaysBetween } from './working-days.ts';

const cal = calendarOf([...defaultCalendars[2026].days, ...defaultCalendars[2027].days]);
// Days from late 2025 to late 2027, where the calendar has data.
const day = fc.date({ min: new Date('2025-12-01T00:00:00Z'), max: new Date('2027-11-30T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const n = fc.integer({ min: 1, max: 30 });

describe('the 7-working-day reply deadline', () => {
  it('across 国庆 2026: asked on Wednesday 30 September, due Thursday 15 October (Saturday 10 October is a 调休 working day)', () => {
    expect(addWorkingDays('2026-09-30', 7, cal)).toBe('2026-10-15');
    expect(isWorkingDay('2026-10-10', cal)).toBe(true);
    expect(isWorkingDay('2026-10-07', cal)).toBe(false);
  });

  it('across 春节 2026: asked on Friday 13 February, due Monday 2 March (14 and 28 February are 调休 working Saturdays)', () => {
    expect(addWorkingDays('2026-02-13', 7, cal)).toBe('2026-03-02');
    expect(workingDaysBetween('2026-02-13', '2026-03-02', cal)).toBe(7);
  });

  it('a question asked during the holiday counts from the first working day after it', () => {
    expect(addWorkingDays('2026-10-03', 7, cal)).toBe('2026-10-15');
  });

  it('without holidays, 7 working days from a Friday end on the second Tuesday after', () => {
    expect(addWorkingDays('2026-11-27', 7, cal)).toBe('2026-12-08');
  });

  it('a calendar the association changed counts: a weekday made a holiday moves the deadline by one working day', () => {
    const own = calendarOf([...defaultCalendars[2026].days, { day: '2026-12-01', kind: 'holiday', name: '本会调整' }]);
    expect(addWorkingDays('2026-11-27', 7, own)).toBe('2026-12-09');
  });
});

describe('working-day arithmetic (properties)', () => {
  it('lands on a working day', () => {
    fc.assert(fc.property(day, n, (d, k) => isWorkingDay(addWorkingDays(d, k, cal), cal)));
  });

  it('has exactly n working days after the start up to and including the result, so never fewer than 7 for a reply', () => {
    fc.assert(fc.property(day, n, (d, k) => workingDaysBetween(d, addWorkingDays(d, k, cal), cal) === k));
  });

  it('is the first such day: the day before the result has only n − 1 working days', () => {
    fc.assert(fc.property(day, n, (d, k) => {
      const due = addWorkingDays(d, k, cal);
      const before = nextDay(due, -1);
      return before < nextDay(d) || workingDaysBetween(d, before, cal) === k - 1;
    }));
  });

  it('is at least n calendar days later and monotonic in the start day', () => {
    fc.assert(
      fc.property(day, day, n, (a, b, k) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const dueEarly = addWorkingDays(early, k, cal);
        expect(dueEarly >= nextDay(early, k)).toBe(true);
        expect(dueEarly <= addWorkingDays(late, k, cal)).toBe(true);
      }),
    );
  });

  it('adds up: n working days then m more is n + m working days', () => {
    fc.assert(fc.property(day, n, n, (d, a, b) => addWorkingDays(addWorkingDays(d, a, cal), b, cal) === addWorkingDays(d, a + b, cal)));
  });

  it('every calendar day is a weekday or a 调休 working day exactly when it is a working day', () => {
    fc.assert(
      fc.property(day, (d) => {
        const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
        const expected = cal.workdays.has(d) || (!cal.holidays.has(d) && weekday >= 1 && weekday <= 5);
        return isWorkingDay(d, cal) === expected;
      }),
    );
  });
});
