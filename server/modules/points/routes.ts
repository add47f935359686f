import { z } from 'zod';
import { AdjustmentInput, LedgerQuery, MyPoints, PointsEntry, PointsRules, PointsRulesInput, Ranking, RankingExportQuery, RankingQuery } from '#schema/points/api.ts';
import { defineRoute } from '../../http/routes.ts';
import { adjust, exportRanking, getRules, ledger, mine, ranking, saveRules } from './service.ts';

const tag = 'points';

export const pointsRoutes = [
  defineRoute({
    method: 'get',
    path: '/points/ranking',
    tag,
    summary: 'Points ranking of people or member companies for a period (this month, quarter, year, or all time)',
    access: 'points.self',
    query: RankingQuery,
    response: Ranking,
    handler: ({ query, ctx }) => ranking(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/points/ranking/export',
    tag,
    summary: 'A ranking (people or member companies, for a period) as XLSX or PDF',
    access: 'points.self',
    query: RankingExportQuery,
    response: 'file',
    produces: ['xlsx', 'pdf'],
    handler: ({ query, ctx }) => exportRanking(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/points/mine',
    tag,
    summary: "The caller's points and rank, those of the caller's member company, and the latest lines",
    access: 'points.self',
    response: MyPoints,
    handler: ({ ctx }) => mine(ctx),
  }),
  defineRoute({
    method: 'get',
    path: '/points/ledger',
    tag,
    summary: 'The points ledger, newest first; filter by person or member company',
    access: 'points.read',
    query: LedgerQuery,
    response: z.object({ items: z.array(PointsEntry) }),
    handler: ({ query, ctx }) => ledger(ctx, query),
  }),
  defineRoute({
    method: 'post',
    path: '/points/adjustments',
    tag,
    summary: 'Adjust points by hand (plus or minus) with a reason',
    access: 'points.manage',
    body: AdjustmentInput,
    response: PointsEntry,
    status: 201,
    handler: ({ body, ctx }) => adjust(ctx, body),
  }),
  defineRoute({
    method: 'get',
    path: '/points/rules',
    tag,
    summary: 'Points per activity',
    access: 'points.self',
    response: PointsRules,
    handler: ({ ctx }) => getRules(ctx),
  }),
  defineRoute({
    method: 'put',
    path: '/points/rules',
    tag,
    summary: 'Change the points per activity (later points follow them)',
    access: 'points.manage',
    body: PointsRulesInput,
    response: PointsRules,
    handler: ({ body, ctx }) => saveRules(ctx, body),
  }),
];
