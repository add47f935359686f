import { z } from 'zod';
import { IdParams } from '#schema/api/common.ts';
import {
  CreateExpertInput,
  ExpertInvitation,
  ExpertProfile,
  ExpertProfileInput,
  ExpertReportQuery,
  ExpertSearchQuery,
  ExpertSummary,
  InviteExpertInput,
  MyExpertProfile,
  RespondInvitationInput,
  ServiceRecord,
  ServiceRecordInput,
} from '#schema/experts/api.ts';
import { translator } from '#schema/i18n/index.ts';
import { zonedDateTime } from '../../exports/dates.ts';
import { EXPORT_LIMIT } from '../../exports/files.ts';
import { pdfTable } from '../../exports/pdf.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import { defineRoute } from '../../http/routes.ts';
import {
  createProfile,
  findProfile,
  inviteExpert,
  listInvitations,
  listServices,
  ownProfile,
  profileView,
  recordService,
  respondInvitation,
  saveOwnProfile,
  searchExperts,
  serviceReport,
  updateProfile,
} from './service.ts';

export const expertRoutes = [
  // Fixed paths before /experts/{id}.
  defineRoute({
    method: 'get',
    path: '/experts/me',
    tag: 'experts',
    summary: "The caller's own expert profile (null until they save it)",
    access: 'expert.self',
    response: MyExpertProfile,
    handler: async ({ ctx }) => {
      const p = await ownProfile(ctx);
      return { profile: p ? profileView(p) : null };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/experts/me',
    tag: 'experts',
    summary: 'Save the caller’s own expert profile (created on first save)',
    access: 'expert.self',
    body: ExpertProfileInput,
    response: ExpertProfile,
    handler: ({ body, ctx }) => saveOwnProfile(ctx, body),
  }),
  defineRoute({
    method: 'get',
    path: '/experts/me/invitations',
    tag: 'experts',
    summary: 'Invitations to the caller, newest first',
    access: 'expert.self',
    response: z.object({ items: z.array(ExpertInvitation) }),
    handler: async ({ ctx }) => {
      const p = await ownProfile(ctx);
      return { items: p ? await listInvitations(ctx, p.id) : [] };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/expert-invitations/{id}/respond',
    tag: 'experts',
    summary: 'Accept or decline an invitation addressed to the caller',
    access: 'expert.self',
    resource: 'expertInvitation',
    params: IdParams,
    body: RespondInvitationInput,
    response: ExpertInvitation,
    handler: ({ params, body, ctx }) => respondInvitation(ctx, params.id, body.accept, body.reason ?? null),
  }),
  defineRoute({
    method: 'get',
    path: '/experts/report',
    tag: 'experts',
    summary: 'Expert service report: services, hours and mean rating per expert (XLSX or PDF)',
    access: 'expert.report',
    query: ExpertReportQuery,
    response: 'file',
    produces: ['xlsx', 'pdf'],
    async handler({ query, ctx }) {
      const t = translator(ctx.locale);
      const rows = (await serviceReport(ctx, query.from, query.to)).slice(0, EXPORT_LIMIT);
      const columns: Column<(typeof rows)[number]>[] = [
        { header: t('experts.name'), width: 14, value: (r) => r.name },
        { header: t('experts.titleField'), width: 14, value: (r) => r.title },
        { header: t('experts.employer'), width: 22, value: (r) => r.employer },
        { header: t('experts.report.reviews'), width: 8, value: (r) => r.reviews },
        { header: t('experts.report.consultations'), width: 8, value: (r) => r.consultations },
        { header: t('experts.report.hours'), width: 8, value: (r) => r.hours },
        { header: t('experts.report.meanRating'), width: 8, value: (r) => r.meanRating },
      ];
      const period = query.from || query.to ? `${query.from ?? '…'} – ${query.to ?? '…'}` : t('experts.report.allTime');
      const title = `${ctx.auth.tenant.name} · ${t('experts.report.title')}`;
      const stamp = zonedDateTime(new Date(), ctx.auth.tenant.timeZone).slice(0, 10);
      const name = `${t('experts.report.title')}-${stamp}`;
      return query.format === 'xlsx'
        ? { filename: `${name}.xlsx`, body: await xlsxTable({ sheet: t('experts.report.title'), title: `${title} (${period})`, columns, rows }) }
        : { filename: `${name}.pdf`, body: await pdfTable({ title, subtitle: `${period} · ${stamp}`, columns, rows }) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/experts',
    tag: 'experts',
    summary: 'Search the expert pool by field tag (including sub-fields) and Chinese or English text',
    access: 'expert.read',
    query: ExpertSearchQuery,
    response: z.object({ items: z.array(ExpertSummary) }),
    handler: async ({ query, ctx }) => ({ items: await searchExperts(ctx, query) }),
  }),
  defineRoute({
    method: 'post',
    path: '/experts',
    tag: 'experts',
    summary: 'Add an expert to the pool (optionally linked to an account of the association)',
    access: 'expert.manage',
    body: CreateExpertInput,
    response: ExpertProfile,
    status: 201,
    handler: ({ body, ctx }) => createProfile(ctx, body),
  }),
  defineRoute({
    method: 'get',
    path: '/experts/{id}',
    tag: 'experts',
    summary: 'One expert profile with declared relationships',
    access: 'expert.read',
    resource: 'expert',
    params: IdParams,
    response: ExpertProfile,
    handler: async ({ params, ctx }) => profileView(await findProfile(ctx, params.id)),
  }),
  defineRoute({
    method: 'put',
    path: '/experts/{id}',
    tag: 'experts',
    summary: 'Replace an expert profile',
    access: 'expert.manage',
    resource: 'expert',
    params: IdParams,
    body: ExpertProfileInput,
    response: ExpertProfile,
    async handler({ params, body, ctx }) {
      await findProfile(ctx, params.id);
      return updateProfile(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/experts/{id}/invitations',
    tag: 'experts',
    summary: "An expert's invitations, newest first",
    access: 'expert.read',
    resource: 'expert',
    params: IdParams,
    response: z.object({ items: z.array(ExpertInvitation) }),
    async handler({ params, ctx }) {
      await findProfile(ctx, params.id);
      return { items: await listInvitations(ctx, params.id) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/experts/{id}/invitations',
    tag: 'experts',
    summary: 'Invite an expert to a consultation or a review (notified in the app and by e-mail)',
    access: 'expert.manage',
    resource: 'expert',
    params: IdParams,
    body: InviteExpertInput,
    response: ExpertInvitation,
    status: 201,
    handler: async ({ params, body, ctx }) => inviteExpert(ctx, await findProfile(ctx, params.id), body),
  }),
  defineRoute({
    method: 'get',
    path: '/experts/{id}/services',
    tag: 'experts',
    summary: "An expert's service records, latest first",
    access: 'expert.read',
    resource: 'expert',
    params: IdParams,
    response: z.object({ items: z.array(ServiceRecord) }),
    async handler({ params, ctx }) {
      await findProfile(ctx, params.id);
      return { items: await listServices(ctx, params.id) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/experts/{id}/services',
    tag: 'experts',
    summary: 'Record a service (hours, rating); experts with an account earn member points through expert.service.recorded',
    access: 'expert.manage',
    resource: 'expert',
    params: IdParams,
    body: ServiceRecordInput,
    response: ServiceRecord,
    status: 201,
    handler: async ({ params, body, ctx }) => recordService(ctx, await findProfile(ctx, params.id), body),
  }),
];
