import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, plusDays, termEnd, todayIn } from './dates.ts';
import { lifecycleStatus, reminderDue, renewal, type MemberStatus } from './lifecycle.ts';

/** Any calendar day from 1990 to 2100, leap days included. */
const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
// China last observed daylight saving time in 1991; from 1992 on, Shanghai is UTC+8 all year.
const instant = fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true });
const rank: Record<MemberStatus, number> = { active: 0, grace: 1, expired: 2, pending: -1, suspended: -1, withdrawn: -1 };
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

describe('membership dates', () => {
  it('today in Asia/Shanghai is the UTC date eight hours later, across every year end and leap day', () => {
    fc.assert(
      fc.property(instant, (t) => {
        expect(todayIn('Asia/Shanghai', t)).toBe(new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10));
      }),
    );
    expect(todayIn('Asia/Shanghai', new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
    expect(todayIn('Asia/Shanghai', new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(todayIn('America/New_York', new Date('2026-01-01T03:00:00Z'))).toBe('2025-12-31');
    // The time-zone database knows the summer time of 1990 (UTC+9).
    expect(todayIn('Asia/Shanghai', new Date('1990-08-03T15:00:00Z'))).toBe('1990-08-04');
  });

  it('a term ends the day before its anniversary; a missing day of the month rolls to the first of the next', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (start, months) => {
        const anniversary = plusDays(termEnd(start, months), 1);
        const [y, m, d] = start.split('-').map(Number);
        const targetMonth = m - 1 + months;
        const ty = y + Math.floor(targetMonth / 12);
        const tm = (targetMonth % 12) + 1;
        const expected = d <= daysInMonth(ty, tm) ? `${ty}-${String(tm).padStart(2, '0')}-${String(d).padStart(2, '0')}` : tm === 12 ? `${ty + 1}-01-01` : `${ty}-${String(tm + 1).padStart(2, '0')}-01`;
        expect(anniversary).toBe(expected);
      }),
    );
    expect(termEnd('2024-02-29', 12)).toBe('2025-02-28');
    expect(termEnd('2023-03-01', 12)).toBe('2024-02-29');
    expect(termEnd('2025-01-01', 12)).toBe('2025-12-31');
  });

  it('a one-year term lasts 365 or 366 days', () => {
    fc.assert(
      fc.property(day, (start) => {
        expect([364, 365]).toContain(daysBetween(start, termEnd(start, 12)));
      }),
    );
  });
});

describe('membership lifecycle', () => {
  it('is active through the last day, in grace for exactly the grace days, then expired', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 120 }), fc.integer({ min: -400, max: 400 }), (expiresOn, grace, offset) => {
        const today = plusDays(expiresOn, offset);
        const status = lifecycleStatus('active', expiresOn, today, grace);
        expect(status).toBe(offset <= 0 ? 'active' : offset <= grace ? 'grace' : 'expired');
      }),
    );
  });

  it('only moves forward as days pass, never back', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 90 }), fc.integer({ min: -200, max: 200 }), fc.integer({ min: 0, max: 400 }), (expiresOn, grace, a, step) => {
        const s1 = lifecycleStatus('active', expiresOn, plusDays(expiresOn, a), grace);
        const s2 = lifecycleStatus(s1, expiresOn, plusDays(expiresOn, a + step), grace);
        expect(rank[s2]).toBeGreaterThanOrEqual(rank[s1]);
      }),
    );
  });

  it('leaves pending, suspended and withdrawn members alone', () => {
    for (const s of ['pending', 'suspended', 'withdrawn'] as const) expect(lifecycleStatus(s, '2020-01-01', '2030-01-01', 30)).toBe(s);
  });

  it('renewing while active or in grace continues the term without gap or overlap, whatever the day one pays', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -300, max: 30 }), fc.integer({ min: 1, max: 3 }), (expiresOn, paidOffset, terms) => {
        const today = plusDays(expiresOn, paidOffset);
        const status = lifecycleStatus('active', expiresOn, today, 30);
        const r = renewal({ status, joinedOn: '1989-06-01', expiresOn }, today, 12, terms, 30)!;
        expect(r.startsOn).toBe(plusDays(expiresOn, 1));
        // Consecutive terms: the result is the same as renewing one term at a time.
        let end = expiresOn;
        for (let i = 0; i < terms; i++) end = renewal({ status: 'active', joinedOn: '1989-06-01', expiresOn: end }, today, 12, 1, 30)!.expiresOn;
        expect(r.expiresOn).toBe(end);
        expect(r.joinedOn).toBe('1989-06-01');
        expect(r.status).toBe('active');
      }),
    );
  });

  it('a first payment or a return after expiry starts a new term today', () => {
    expect(renewal({ status: 'pending', joinedOn: null, expiresOn: null }, '2024-02-29', 12, 1, 30)).toEqual({ startsOn: '2024-02-29', expiresOn: '2025-02-28', joinedOn: '2024-02-29', status: 'active' });
    expect(renewal({ status: 'expired', joinedOn: '2019-05-01', expiresOn: '2023-04-30' }, '2025-12-31', 12, 1, 30)).toEqual({ startsOn: '2025-12-31', expiresOn: '2026-12-30', joinedOn: '2019-05-01', status: 'active' });
    expect(renewal({ status: 'withdrawn', joinedOn: '2019-05-01', expiresOn: '2023-04-30' }, '2025-12-31', 12, 1, 30)).toBeNull();
  });

  it('a member in grace at the year end who pays on 2 January keeps the term starting 1 January', () => {
    const r = renewal({ status: 'grace', joinedOn: '2024-01-01', expiresOn: '2025-12-31' }, '2026-01-02', 12, 1, 30)!;
    expect(r).toEqual({ startsOn: '2026-01-01', expiresOn: '2026-12-31', joinedOn: '2024-01-01', status: 'active' });
  });
});

describe('qualification expiry reminders', () => {
  it('go at 60, 30 and 7 days, each once, and a missed day sends only the tightest', () => {
    expect(reminderDue(61, [])).toBeNull();
    expect(reminderDue(60, [])).toBe(60);
    expect(reminderDue(45, [60])).toBeNull();
    expect(reminderDue(30, [60])).toBe(30);
    expect(reminderDue(20, [])).toBe(30);
    expect(reminderDue(7, [60, 30])).toBe(7);
    expect(reminderDue(3, [60, 30, 7])).toBeNull();
    expect(reminderDue(-1, [])).toBeNull();
  });

  it('never sends more than three, counting down day by day from any start', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 400 }), fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }), (start, skips) => {
        const sent: number[] = [];
        for (let d = start, i = 0; d >= -5; d--, i++) {
          if (skips[i]) continue; // the job did not run that day
          const due = reminderDue(d, sent);
          if (due !== null) sent.push(due);
        }
        expect(new Set(sent).size).toBe(sent.length);
        expect(sent.length).toBeLessThanOrEqual(3);
        expect([...sent].sort((a, b) => b - a)).toEqual(sent);
      }),
    );
  });
});
