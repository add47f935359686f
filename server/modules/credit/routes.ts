import { IdParams } from '#schema/api/common.ts';
import { CreditArchive, CreditExportQuery, CreditList, CreditListQuery, CreditPreview, CreditRules, CreditRulesInput, ManualEntryInput, MyCredit } from '#schema/credit/api.ts';
import { can } from '#schema/permissions.ts';
import { attachment } from '../../exports/files.ts';
import { defineRoute } from '../../http/routes.ts';
import { addManualEntry, archive, evidenceFile, exportStandings, getRules, listStandings, myArchive, previewRules, saveRules } from './service.ts';

const tag = 'credit';

export const creditRoutes = [
  defineRoute({
    method: 'get',
    path: '/credit/members',
    tag,
    summary: 'Member companies with their credit score and grade, best first, and the grade distribution',
    access: 'credit.read',
    query: CreditListQuery,
    response: CreditList,
    handler: ({ query, ctx }) => listStandings(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/credit/members/export',
    tag,
    summary: 'The filtered list of scores and grades, best first, as XLSX or PDF',
    access: 'credit.read',
    query: CreditExportQuery,
    response: 'file',
    produces: ['xlsx', 'pdf'],
    handler: ({ query, ctx }) => exportStandings(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/credit/members/{id}',
    tag,
    summary: "A member company's credit archive: score, grade, entries with their sources, grade history",
    access: 'credit.read',
    resource: 'member',
    params: IdParams,
    response: CreditArchive,
    handler: ({ params, ctx }) => archive(ctx, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/credit/members/{id}/entries',
    tag,
    summary: 'Add a credit entry by hand, with evidence (text and optionally an uploaded file); the score is recomputed',
    access: 'credit.manage',
    resource: 'member',
    params: IdParams,
    body: ManualEntryInput,
    response: CreditArchive.extend({ entryId: IdParams.shape.id }),
    status: 201,
    handler: ({ params, body, ctx }) => addManualEntry(ctx, params.id, body),
  }),
  defineRoute({
    method: 'get',
    path: '/credit/entries/{id}/evidence',
    tag,
    summary: "Download a credit entry's evidence file: staff who read archives, or the member company it is about",
    access: 'session',
    resource: 'creditEntry',
    params: IdParams,
    response: 'file',
    produces: ['pdf'],
    async handler({ params, ctx, res }) {
      const f = await evidenceFile(ctx, params.id, can(ctx.auth.role, 'credit.read'));
      res.status(200).set({ 'Content-Type': f.contentType, 'Content-Disposition': attachment(f.name), 'X-Content-Type-Options': 'nosniff' }).send(Buffer.from(f.content));
      return { filename: f.name, body: f.content };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/credit/mine',
    tag,
    summary: "The caller's own member company's score, grade and the entries behind them",
    access: 'credit.self',
    response: MyCredit,
    handler: ({ ctx }) => myArchive(ctx),
  }),
  defineRoute({
    method: 'get',
    path: '/credit/rules',
    tag,
    summary: 'The scoring rules: base score, weights, decay and grade thresholds',
    access: 'credit.read',
    response: CreditRules,
    handler: ({ ctx }) => getRules(ctx),
  }),
  defineRoute({
    method: 'put',
    path: '/credit/rules',
    tag,
    summary: "Change the scoring rules; every member company's score and grade is recomputed in the same transaction",
    access: 'credit.manage',
    body: CreditRulesInput,
    response: CreditRules,
    handler: ({ body, ctx }) => saveRules(ctx, body),
  }),
  defineRoute({
    method: 'post',
    path: '/credit/rules/preview',
    tag,
    summary: 'The grade distribution under proposed rules, next to the current one',
    access: 'credit.manage',
    body: CreditRulesInput,
    response: CreditPreview,
    handler: ({ body, ctx }) => previewRules(ctx, body),
  }),
];
