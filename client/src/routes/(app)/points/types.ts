import type { z } from 'zod';
import type { MyPoints, PointsEntry, PointsRules, Ranking } from '#schema/points/api.ts';

export type RankingData = z.infer<typeof Ranking>;
export type Mine = z.infer<typeof MyPoints>;
export type Line = z.infer<typeof PointsEntry>;
export type Rules = z.infer<typeof PointsRules>;
