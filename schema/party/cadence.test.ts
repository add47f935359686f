import { describe, expect, it } from 'vitest';
import { cadenceCalendar, periodOf } from './cadence.ts';

const tz = 'Asia/Shanghai';
const at = (s: string) => new Date(s);

describe('三会一课 cadence', () => {
  it('counts months and quarters in the association time zone', () => {
    // 2026-04-01 00:30 in Shanghai is still March 31 in UTC.
    const p = periodOf('committee', at('2026-03-31T16:30:00Z'), tz);
    expect(p.start.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-04-30T16:00:00.000Z');
    const q = periodOf('lecture', at('2026-05-15T00:00:00Z'), tz);
    expect([q.start.toISOString(), q.end.toISOString()]).toEqual(['2026-03-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z']);
  });

  it('支委会 is monthly: held this month is fine, a missed last month makes this month overdue', () => {
    const now = at('2026-11-20T02:00:00Z');
    expect(cadenceCalendar('committee', [at('2026-11-03T02:00:00Z')], now, tz).state).toBe('ok');
    expect(cadenceCalendar('committee', [at('2026-10-15T02:00:00Z')], now, tz).state).toBe('due');
    const overdue = cadenceCalendar('committee', [at('2026-09-15T02:00:00Z')], now, tz);
    expect(overdue.state).toBe('overdue');
    expect(overdue.periods.map((p) => p.status)).toEqual(['missed', 'held', 'missed', 'due', 'upcoming']);
    expect(overdue.dueBy).toBe('2026-11-30T16:00:00.000Z');
    expect(overdue.lastHeldOn).toBe('2026-09-15T02:00:00.000Z');
  });

  it('党员大会 and 党课 are quarterly', () => {
    const now = at('2026-11-20T02:00:00Z');
    expect(cadenceCalendar('congress', [at('2026-10-08T02:00:00Z')], now, tz).state).toBe('ok');
    expect(cadenceCalendar('lecture', [at('2026-08-08T02:00:00Z')], now, tz).state).toBe('due');
    expect(cadenceCalendar('lecture', [at('2026-05-08T02:00:00Z')], now, tz).state).toBe('overdue');
  });
});
