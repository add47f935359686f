import { z } from 'zod';
import { Id, RequiredText } from '../api/common.ts';

export const pointsKinds = ['meeting_attended', 'standard_contribution', 'expert_service', 'dues_on_time', 'adjustment'] as const;
export type PointsKind = (typeof pointsKinds)[number];
export const periods = ['month', 'quarter', 'year', 'all'] as const;
export type Period = (typeof periods)[number];

const P = z.number().int().min(0).max(10_000);
export const PointsRules = z
  .object({
    meetingAttended: z.number().int(),
    standard: z.object({ leader: z.number().int(), author: z.number().int(), commenter: z.number().int(), voter: z.number().int() }),
    expertServiceHour: z.number().int(),
    duesOnTime: z.number().int(),
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'PointsRules' });
export const PointsRulesInput = z
  .strictObject({
    meetingAttended: P,
    standard: z.strictObject({ leader: P, author: P, commenter: P, voter: P }),
    expertServiceHour: P,
    duesOnTime: P,
  })
  .meta({ id: 'PointsRulesInput' });

export const PointsEntry = z
  .object({
    id: Id,
    kind: z.enum(pointsKinds),
    points: z.number().int(),
    title: z.string(),
    user: z.object({ id: Id, name: z.string() }).nullable(),
    member: z.object({ id: Id, name: z.string() }).nullable(),
    link: z.string().nullable(),
    reason: z.string().nullable(),
    occurredAt: z.iso.datetime(),
  })
  .meta({ id: 'PointsEntry' });

export const RankingQuery = z.strictObject({ scope: z.enum(['users', 'members']).default('users'), period: z.enum(periods).default('year'), limit: z.coerce.number().int().min(1).max(100).default(20) });
export const RankingExportQuery = z.strictObject({ scope: z.enum(['users', 'members']).default('users'), period: z.enum(periods).default('year'), format: z.enum(['xlsx', 'pdf']) });
export const RankingRow = z.object({ rank: z.number().int(), id: Id, name: z.string(), points: z.number().int() });
export const Ranking = z
  .object({ scope: z.enum(['users', 'members']), period: z.enum(periods), from: z.iso.datetime().nullable(), items: z.array(RankingRow) })
  .meta({ id: 'PointsRanking' });

export const LedgerQuery = z.strictObject({ userId: Id.optional(), memberId: Id.optional(), limit: z.coerce.number().int().min(1).max(200).default(100) });

export const AdjustmentInput = z
  .strictObject({
    /** To a user, a member company, or both. */
    userId: Id.optional(),
    memberId: Id.optional(),
    points: z.number().int().min(-10_000).max(10_000),
    reason: RequiredText(500),
  })
  .meta({ id: 'PointsAdjustmentInput' });

export const MyPoints = z
  .object({
    user: z.object({ points: z.number().int(), rank: z.number().int().nullable() }),
    member: z.object({ id: Id, name: z.string(), points: z.number().int(), rank: z.number().int().nullable() }).nullable(),
    entries: z.array(PointsEntry),
  })
  .meta({ id: 'MyPoints' });
