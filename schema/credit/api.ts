import { z } from 'zod';
import { Id, RequiredText, Text } from '../api/common.ts';

/** Kinds of credit entries: the automatic ones (from domain events) and staff's manual entries. */
export const creditKinds = ['meeting_attended', 'standard_contribution', 'expert_service', 'dues_on_time', 'dues_late', 'award', 'violation', 'complaint', 'compliance_finding', 'manual'] as const;
export type CreditKind = (typeof creditKinds)[number];
export const CreditKindSchema = z.enum(creditKinds);
export const grades = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof grades)[number];
export const GradeSchema = z.enum(grades);
export const creditSeverities = ['low', 'medium', 'high', 'critical'] as const;

/** How much a severity scales the weight of an integrity entry. */
export const severityFactor: Record<(typeof creditSeverities)[number], number> = { low: 0.5, medium: 1, high: 1.5, critical: 2 };

const Weight = z.number().int().min(-1000).max(1000);

export const CreditRules = z
  .object({
    /** Score of a member without any entry. */
    baseScore: z.number().int(),
    /** Points per entry kind (negative lowers the score). */
    weights: z.partialRecord(CreditKindSchema, z.number().int()),
    /** Half-life of an entry's weight in days; null: no decay. */
    decayHalfLifeDays: z.number().int().nullable(),
    /** Lowest score of grade A, B and C; below C is D. */
    thresholds: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int() }),
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'CreditRules' });

export const CreditRulesInput = z
  .strictObject({
    baseScore: z.number().int().min(0).max(1000),
    weights: z.strictObject(Object.fromEntries(creditKinds.filter((k) => k !== 'manual').map((k) => [k, Weight])) as Record<Exclude<CreditKind, 'manual'>, typeof Weight>),
    decayHalfLifeDays: z.number().int().min(1).max(36500).nullable(),
    thresholds: z.strictObject({ A: z.number().int().min(0).max(2000), B: z.number().int().min(0).max(2000), C: z.number().int().min(0).max(2000) }),
  })
  .meta({ id: 'CreditRulesInput' });

export const GradeCounts = z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int() });
export const CreditPreview = z
  .object({ members: z.number().int(), current: GradeCounts, proposed: GradeCounts, changed: z.number().int() })
  .meta({ id: 'CreditRulesPreview' });

export const CreditEntry = z
  .object({
    id: Id,
    kind: CreditKindSchema,
    title: z.string(),
    severity: z.enum(creditSeverities).nullable(),
    /** What the entry counts for today (weight × severity × decay, or the manual points). */
    points: z.number(),
    occurredAt: z.iso.datetime(),
    sourceEvent: z.string(),
    link: z.string().nullable(),
    evidence: z.string().nullable(),
    /** The evidence file's download address, if any. */
    fileUrl: z.string().nullable(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'CreditEntry' });

export const GradeChange = z.object({ at: z.iso.datetime(), from: GradeSchema.nullable(), to: GradeSchema, score: z.number().int(), cause: z.string() }).meta({ id: 'CreditGradeChange' });

export const CreditStanding = z
  .object({ memberId: Id, memberName: z.string(), score: z.number().int(), grade: GradeSchema, entries: z.number().int(), recommended: z.boolean(), updatedAt: z.iso.datetime().nullable() })
  .meta({ id: 'CreditStanding' });

export const CreditArchive = z
  .object({ standing: CreditStanding, entries: z.array(CreditEntry), history: z.array(GradeChange), rules: CreditRules })
  .meta({ id: 'CreditArchive' });

export const CreditListQuery = z.strictObject({
  grade: GradeSchema.optional(),
  q: Text(100).optional(),
  cursor: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const CreditList = z
  .object({ items: z.array(CreditStanding), distribution: GradeCounts, nextCursor: z.string().nullable() })
  .meta({ id: 'CreditStandingList' });

export const ManualEntryInput = z
  .strictObject({
    kind: CreditKindSchema,
    title: RequiredText(200),
    /** Points for this entry; without them the rules' weight of the kind applies. Required for kind "manual". */
    points: z.number().int().min(-1000).max(1000).optional(),
    severity: z.enum(creditSeverities).optional(),
    occurredOn: z.iso.date().optional(),
    /** Evidence: what supports the entry (required). */
    evidence: RequiredText(2000),
    /** An uploaded file (POST /member-files) as evidence. */
    fileId: Id.optional(),
  })
  .meta({ id: 'CreditManualEntryInput' });

export const MyCredit = z.object({ archive: CreditArchive.nullable() }).meta({ id: 'MyCredit' });

/** Dashboard widget: member companies by credit grade, and the best A-grade ones (recommended). */
export interface CreditGradesWidgetData {
  grades: Record<Grade, number>;
  recommended: { memberId: string; name: string; score: number }[];
}
