import { severityFactor, type CreditKind, type Grade } from '#schema/credit/api.ts';

/** The scoring rules of one association, as the score computation uses them. */
export interface ScoreRules {
  baseScore: number;
  weights: Partial<Record<CreditKind, number>>;
  /** Half-life of an entry's weight in days; null: no decay. */
  decayHalfLifeDays: number | null;
  thresholds: { A: number; B: number; C: number };
}

/** What an association starts with: attendance and standards work raise the score a little, violations lower it a lot. */
export const defaultScoreRules: ScoreRules = {
  baseScore: 80,
  weights: {
    meeting_attended: 1,
    standard_contribution: 2,
    expert_service: 1,
    dues_on_time: 3,
    dues_late: -3,
    award: 8,
    violation: -15,
    complaint: -5,
    compliance_finding: -8,
  },
  decayHalfLifeDays: 730,
  thresholds: { A: 90, B: 75, C: 60 },
};

export interface ScoredEntry {
  kind: string;
  severity: string | null;
  /** A manual entry's own points; null: the rules' weight of its kind. */
  points: number | null;
  occurredAt: Date;
}

const DAY_MS = 86_400_000;

/** What one entry counts for at `now`: its weight (or own points) × severity factor × decay by age. Entries in the future count fully. */
export function entryPoints(e: ScoredEntry, rules: ScoreRules, now: Date): number {
  const weight = e.points ?? rules.weights[e.kind as CreditKind] ?? 0;
  const factor = e.points === null && e.severity ? (severityFactor[e.severity as keyof typeof severityFactor] ?? 1) : 1;
  const ageDays = Math.max(0, (now.getTime() - e.occurredAt.getTime()) / DAY_MS);
  const decay = rules.decayHalfLifeDays ? 0.5 ** (ageDays / rules.decayHalfLifeDays) : 1;
  return weight * factor * decay;
}

/** The score: base plus every entry's points, rounded to a whole number, never below 0. */
export function scoreOf(entries: readonly ScoredEntry[], rules: ScoreRules, now: Date): number {
  let sum = rules.baseScore;
  for (const e of entries) sum += entryPoints(e, rules, now);
  return Math.max(0, Math.round(sum));
}

/** A at or above the A threshold, B at or above B, C at or above C, else D. */
export function gradeOf(score: number, t: ScoreRules['thresholds']): Grade {
  if (score >= t.A) return 'A';
  if (score >= t.B) return 'B';
  if (score >= t.C) return 'C';
  return 'D';
}
