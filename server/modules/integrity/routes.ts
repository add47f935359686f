import { z } from 'zod';
import { IdParams } from '#schema/api/common.ts';
import { DecisionInput, Declaration, DeclarationInput, Entry, EntryInput, EntryListQuery, Payment, PaymentInput, RiskPoint, RiskPointInput } from '#schema/integrity/api.ts';
import { attachment } from '../../exports/files.ts';
import { defineRoute } from '../../http/routes.ts';
import { decide, declare, entryFile, listDeclarations, listEntries, listPayments, listRisks, recordEntry, recordPayment, saveRisk } from './service.ts';

const tag = 'integrity';

export const integrityRoutes = [
  defineRoute({
    method: 'get',
    path: '/integrity/risks',
    tag,
    summary: 'The integrity-risk ledger (廉政风险台账) by department and post',
    access: 'integrity.read',
    response: z.object({ items: z.array(RiskPoint) }),
    handler: ({ ctx }) => listRisks(ctx),
  }),
  defineRoute({
    method: 'post',
    path: '/integrity/risks',
    tag,
    summary: 'Add a risk point with its control measures, owner and review date',
    access: 'integrity.manage',
    body: RiskPointInput,
    response: RiskPoint,
    status: 201,
    handler: ({ body, ctx }) => saveRisk(ctx, null, body),
  }),
  defineRoute({
    method: 'put',
    path: '/integrity/risks/{id}',
    tag,
    summary: 'Change a risk point',
    access: 'integrity.manage',
    resource: 'integrityRisk',
    params: IdParams,
    body: RiskPointInput,
    response: RiskPoint,
    handler: ({ params, body, ctx }) => saveRisk(ctx, params.id, body),
  }),
  defineRoute({
    method: 'get',
    path: '/integrity/entries',
    tag,
    summary: 'Violations, complaints, awards and compliance findings about member companies',
    access: 'integrity.read',
    query: EntryListQuery,
    response: z.object({ items: z.array(Entry) }),
    handler: ({ query, ctx }) => listEntries(ctx, query),
  }),
  defineRoute({
    method: 'post',
    path: '/integrity/entries',
    tag,
    summary: 'Record an entry about a member company with its evidence (publishes integrity.entry.recorded for the credit archive)',
    access: 'integrity.manage',
    body: EntryInput,
    response: Entry,
    status: 201,
    handler: ({ body, ctx }) => recordEntry(ctx, body),
  }),
  defineRoute({
    method: 'get',
    path: '/integrity/entries/{id}/file',
    tag,
    summary: "An entry's evidence file (PDF, JPEG or PNG)",
    access: 'integrity.read',
    resource: 'integrityEntry',
    params: IdParams,
    response: 'file',
    produces: ['pdf'],
    async handler({ params, ctx, res }) {
      const f = await entryFile(ctx, params.id);
      res.status(200).set({ 'Content-Type': f.contentType, 'Content-Disposition': attachment(f.name), 'X-Content-Type-Options': 'nosniff' }).send(Buffer.from(f.content));
      return { filename: f.name, body: f.content };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/parttime/declarations',
    tag,
    summary: 'Part-time declarations (兼职申报): all of them for reviewers and compliance, else the caller’s own; pending first',
    access: 'parttime.declare',
    response: z.object({ items: z.array(Declaration) }),
    handler: ({ ctx }) => listDeclarations(ctx),
  }),
  defineRoute({
    method: 'post',
    path: '/parttime/declarations',
    tag,
    summary: 'Declare one’s own part-time position for approval',
    access: 'parttime.declare',
    body: DeclarationInput,
    response: Declaration,
    status: 201,
    handler: ({ body, ctx }) => declare(ctx, body),
  }),
  defineRoute({
    method: 'post',
    path: '/parttime/declarations/{id}/decision',
    tag,
    summary: 'Approve or reject a pending declaration (with a comment; required to reject); not one’s own',
    access: 'parttime.review',
    resource: 'partTimeDeclaration',
    params: IdParams,
    body: DecisionInput,
    response: Declaration,
    handler: ({ params, body, ctx }) => decide(ctx, params.id, body),
  }),
  defineRoute({
    method: 'get',
    path: '/parttime/payments',
    tag,
    summary: 'Payments to the association’s people from outside organisations (兼职取酬)',
    access: 'integrity.read',
    response: z.object({ items: z.array(Payment) }),
    handler: ({ ctx }) => listPayments(ctx),
  }),
  defineRoute({
    method: 'post',
    path: '/parttime/payments',
    tag,
    summary: 'Record a payment; declared only with an approved declaration for that payer (publishes parttime.payment.recorded)',
    access: 'integrity.manage',
    body: PaymentInput,
    response: Payment,
    status: 201,
    handler: ({ body, ctx }) => recordPayment(ctx, body),
  }),
];
