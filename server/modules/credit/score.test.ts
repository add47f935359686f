import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScoreRules, entryPoints, gradeOf, scoreOf, type ScoreRules, type ScoredEntry } from './score.ts';

const now = new Date('2026-11-27T00:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const rules: ScoreRules = { baseScore: 80, weights: { meeting_attended: 2, violation: -20, award: 10, complaint: -6 }, decayHalfLifeDays: null, thresholds: { A: 90, B: 75, C: 60 } };
const entry = (kind: string, ago = 0, extra: Partial<ScoredEntry> = {}): ScoredEntry => ({ kind, severity: null, points: null, occurredAt: daysAgo(ago), ...extra });

describe('credit grade by thresholds', () => {
  it('a score exactly on a threshold takes that grade; one below takes the next', () => {
    const t = rules.thresholds;
    expect([gradeOf(90, t), gradeOf(89, t), gradeOf(75, t), gradeOf(74, t), gradeOf(60, t), gradeOf(59, t), gradeOf(0, t)]).toEqual(['A', 'B', 'B', 'C', 'C', 'D', 'D']);
  });

  it('a higher score never gets a worse grade (any thresholds A > B > C)', () => {
    const order = { A: 0, B: 1, C: 2, D: 3 };
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 50 }), (c, gapB, gapA, s, d) => {
        const t = { C: c, B: c + gapB, A: c + gapB + gapA };
        expect(order[gradeOf(s + d, t)]).toBeLessThanOrEqual(order[gradeOf(s, t)]);
      }),
    );
  });
});

describe('credit score from weighted entries', () => {
  it('is the base score plus the weight of each entry', () => {
    expect(scoreOf([], rules, now)).toBe(80);
    expect(scoreOf([entry('meeting_attended'), entry('meeting_attended'), entry('award')], rules, now)).toBe(94);
    expect(scoreOf([entry('violation')], rules, now)).toBe(60);
    // Kinds the rules give no weight count nothing.
    expect(scoreOf([entry('expert_service')], rules, now)).toBe(80);
  });

  it('scales integrity entries by severity, and a manual entry counts its own points', () => {
    expect(scoreOf([entry('violation', 0, { severity: 'critical' })], rules, now)).toBe(40);
    expect(scoreOf([entry('complaint', 0, { severity: 'low' })], rules, now)).toBe(77);
    expect(scoreOf([entry('manual', 0, { points: 7 })], rules, now)).toBe(87);
    // Own points replace the weight; severity does not scale them.
    expect(scoreOf([entry('violation', 0, { points: -3, severity: 'critical' })], rules, now)).toBe(77);
  });

  it('never goes below zero', () => {
    expect(scoreOf(Array.from({ length: 10 }, () => entry('violation')), rules, now)).toBe(0);
  });

  it('with a half-life, an entry counts half after that many days and a quarter after twice as many', () => {
    const decaying = { ...rules, decayHalfLifeDays: 365 };
    expect(entryPoints(entry('violation', 0), decaying, now)).toBe(-20);
    expect(entryPoints(entry('violation', 365), decaying, now)).toBeCloseTo(-10, 10);
    expect(entryPoints(entry('violation', 730), decaying, now)).toBeCloseTo(-5, 10);
    expect(scoreOf([entry('violation', 365)], decaying, now)).toBe(70);
    // An old violation no longer keeps a member out of grade B.
    expect(gradeOf(scoreOf([entry('violation', 365 * 3)], decaying, now), decaying.thresholds)).toBe('B');
    expect(gradeOf(scoreOf([entry('violation', 10)], decaying, now), decaying.thresholds)).toBe('C');
  });

  it('decay only ever shrinks an entry towards zero, never flips its sign', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 3650 }), (w, ago, half) => {
        const r = { ...rules, weights: { manual: 0 }, decayHalfLifeDays: half };
        const p = entryPoints(entry('x', ago, { points: w }), r, now);
        expect(Math.abs(p)).toBeLessThanOrEqual(Math.abs(w));
        expect(Math.sign(p) === Math.sign(w) || p === 0).toBe(true);
      }),
    );
  });

  it('the default rules start a new member in grade B', () => {
    expect(gradeOf(scoreOf([], defaultScoreRules, now), defaultScoreRules.thresholds)).toBe('B');
  });
});
