// Exports of a standard (DOCX, PDF), the filing package (ZIP), and the published text on the portal.
import { strToU8, zipSync } from 'fflate';
import * as Y from 'yjs';
import { z } from 'zod';
import { IdParams } from '#schema/api/common.ts';
import { translator } from '#schema/i18n/index.ts';
import { PortalTenantParams } from '#schema/portal/api.ts';
import { PortalDraftParams } from '#schema/standards/api.ts';
import type { DocJson } from '#schema/standards/numbering.ts';
import { zonedDateTime } from '../../exports/dates.ts';
import { xlsxTable } from '../../exports/xlsx.ts';
import type { Auth } from '../../http/context.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import { inPublicTenant } from '../portal/service.ts';
import { ballotOf } from './ballot.ts';
import { commentThreads, loadDraft } from './comments.ts';
import { draftJson } from './draft.ts';
import { figureImages, portalFigures } from './figures.ts';
import { reportDocx, standardDocx, type StandardMeta } from './export.ts';
import { standardPdf } from './export-pdf.ts';
import { matrixColumns } from './matrix.ts';
import { draftAccessOf, findProject, groupRoleOf } from './service.ts';

const statusOf: Record<string, string> = { drafting: '工作组讨论稿', public_comment: '征求意见稿', technical_review: '送审稿' };

function meta(project: { title: string; code: string | null; stage: string }, association: string, year: number): StandardMeta {
  return { title: project.title, code: project.code || `T/XXX XXXX—${year}`, association, status: statusOf[project.stage] ?? '' };
}

async function versionContent(db: RequestCtx['db'], versionId: string): Promise<DocJson> {
  const state = await db.standardVersionState.findFirst({ where: { versionId } });
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state.state);
  return draftJson(doc);
}

async function readable(ctx: RequestCtx, id: string) {
  const project = await findProject(ctx.db, id, ctx.locale);
  if (!draftAccessOf(ctx.auth, await groupRoleOf(ctx.db, id, ctx.auth.user.id))) throw new ApiError('forbidden', { action: translator(ctx.locale)('standards.errors.needGroup') });
  return project;
}

const FileQuery = z.strictObject({ format: z.enum(['docx', 'pdf']).default('docx') });
const year = () => new Date().getUTCFullYear();

export const publicationRoutes = [
  defineRoute({
    method: 'get',
    path: '/standards/projects/{id}/export',
    tag: 'standards',
    summary: 'The draft as it is now (or the published text) as DOCX or PDF: cover, contents, numbered clauses, the standard number in the header',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    query: FileQuery,
    response: 'file',
    produces: ['docx', 'pdf'],
    async handler({ params, query, ctx }) {
      const project = await readable(ctx, params.id);
      const content = draftJson(await loadDraft(ctx.db, project.id));
      const m = meta(project, ctx.auth.tenant.name, year());
      const filename = `${project.code ? `${project.code.replace(/[/\\]/g, '-')} ` : ''}${project.title}.${query.format}`;
      const images = await figureImages(ctx.db, content);
      return { filename, body: query.format === 'docx' ? await standardDocx(m, content, images) : await standardPdf(m, content, images) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/standards/projects/{id}/filing',
    tag: 'standards',
    summary: 'The filing package (备案材料) as ZIP: standard text (DOCX, PDF), 编制说明, 意见汇总处理表, ballot result',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    response: 'file',
    produces: ['zip'],
    async handler({ params, ctx }) {
      const project = await readable(ctx, params.id);
      const t = translator(ctx.locale);
      const tz = ctx.auth.tenant.timeZone;
      const content = project.publishedVersionId ? await versionContent(ctx.db, project.publishedVersionId) : draftJson(await loadDraft(ctx.db, project.id));
      const m = { ...meta(project, ctx.auth.tenant.name, year()), status: project.publishedVersionId ? '' : meta(project, '', 0).status };
      const threads = await commentThreads(ctx, project.id);
      const { ballot } = await ballotOf(ctx, project.id);
      const history = await ctx.db.standardTransition.findMany({ where: { projectId: project.id }, orderBy: { createdAt: 'asc' } });
      const members = await ctx.db.standardMember.findMany({ where: { projectId: project.id } });
      const people = await ctx.db.membership.findMany({ where: { userId: { in: [...new Set([...members.map((x) => x.userId), ...history.map((h) => h.actorId)])] } }, include: { user: { select: { name: true } } } });
      const name = (id: string) => people.find((p) => p.userId === id)?.user.name ?? '—';
      const count = (d: string) => threads.filter((c) => c.decision === d).length;
      const explanation = await reportDocx(`《${project.title}》编制说明`, [
        { heading: '一、工作简况', lines: [project.scope || '—', ...history.map((h) => `${zonedDateTime(h.createdAt, tz).slice(0, 10)}　${t(`standards.stages.${h.fromStage}`)} → ${t(`standards.stages.${h.toStage}`)}：${h.decision}（${name(h.actorId)}）`)] },
        { heading: '二、工作组', lines: members.map((x) => `${name(x.userId)}　${t(`standards.roles.${x.role}`)}`) },
        {
          heading: '三、意见处理',
          lines: [`共收到意见 ${threads.length} 条，其中采纳 ${count('accepted')} 条、部分采纳 ${count('partial')} 条、不采纳 ${count('rejected')} 条，未处理 ${threads.filter((c) => c.status === 'open').length} 条。详见意见汇总处理表。`],
        },
        {
          heading: '四、技术审查',
          lines: [
            `第 ${ballot.round} 轮投票：赞成 ${ballot.tally.approve}，赞成附意见 ${ballot.tally.approve_with_comments}，反对 ${ballot.tally.disapprove}，弃权 ${ballot.tally.abstain}，未投票 ${ballot.tally.notVoted}。`,
            ...ballot.votes.filter((v) => v.choice === 'disapprove').map((v) => `${v.voterName} 反对：${v.reasons}；处理：${v.resolution ?? '未处理'}`),
          ],
        },
      ]);
      const matrix = await xlsxTable({ sheet: t('standards.comments.matrix'), title: `《${project.title}》${t('standards.comments.matrix')}`, columns: matrixColumns(t), rows: threads.map((thread, i) => ({ no: i + 1, thread })) });
      const votes = await xlsxTable({
        sheet: t('standards.ballot.title'),
        title: `《${project.title}》${t('standards.ballot.title')}（${t('standards.ballot.round', { round: ballot.round })}）`,
        columns: [
          { header: '投票人', width: 18, value: (v: (typeof ballot.votes)[number]) => v.voterName },
          { header: '表决', width: 14, value: (v) => t(`standards.ballot.choices.${v.choice}`) },
          { header: '意见 / 理由', width: 40, value: (v) => v.reasons },
          { header: '处理结果', width: 40, value: (v) => v.resolution ?? '' },
        ],
        rows: ballot.votes,
      });
      const base = project.code ? project.code.replace(/[/\\]/g, '-') : project.title;
      const images = await figureImages(ctx.db, content);
      const zip = zipSync({
        [`${base}.docx`]: await standardDocx(m, content, images),
        [`${base}.pdf`]: await standardPdf(m, content, images),
        '编制说明.docx': explanation,
        '意见汇总处理表.xlsx': matrix,
        '技术审查投票结果.xlsx': votes,
        '说明.txt': strToU8(`${ctx.auth.tenant.name}\n${m.code}　${project.title}\n${zonedDateTime(new Date(), tz)}\n`),
      });
      return { filename: `${base}-备案材料.zip`, body: zip };
    },
  }),
];

type PublicCtx = RequestCtx<Auth | null>;
const PublishedSummary = z.object({ id: z.string(), title: z.string(), code: z.string().nullable(), publishedAt: z.iso.datetime() }).meta({ id: 'PortalPublishedStandard' });

async function published(ctx: PublicCtx, id: string) {
  const p = await ctx.services.scoped.standardProject.findFirst({ where: { id, publishedVersionId: { not: null } } });
  if (!p || !p.publishedVersionId || !p.publishedAt) throw notFound('standardProject');
  return p as typeof p & { publishedVersionId: string; publishedAt: Date };
}

export const publishedRoutes = [
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}/standards/published',
    tag: 'standards',
    summary: 'Group standards the association has published',
    access: 'public',
    params: PortalTenantParams,
    response: z.object({ items: z.array(PublishedSummary) }),
    handler: ({ params, ctx }) =>
      inPublicTenant(ctx, params.tenant, async () => {
        const rows = await ctx.services.scoped.standardProject.findMany({ where: { publishedVersionId: { not: null } }, orderBy: { publishedAt: 'desc' } });
        return { items: rows.map((p) => ({ id: p.id, title: p.title, code: p.code, publishedAt: (p.publishedAt ?? p.updatedAt).toISOString() })) };
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}/standards/published/{id}',
    tag: 'standards',
    summary: 'The published text of a group standard',
    access: 'public',
    params: PortalDraftParams,
    response: PublishedSummary.extend({ content: z.unknown() }),
    handler: ({ params, ctx }) =>
      inPublicTenant(ctx, params.tenant, async () => {
        const p = await published(ctx, params.id);
        const content = portalFigures(await versionContent(ctx.services.scoped as RequestCtx['db'], p.publishedVersionId), params.tenant);
        return { id: p.id, title: p.title, code: p.code, publishedAt: p.publishedAt.toISOString(), content };
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}/standards/published/{id}/file',
    tag: 'standards',
    summary: 'The published text of a group standard as PDF or DOCX',
    access: 'public',
    params: PortalDraftParams,
    query: FileQuery,
    response: 'file',
    produces: ['docx', 'pdf'],
    handler: ({ params, query, ctx }) =>
      inPublicTenant(ctx, params.tenant, async (tenant) => {
        const p = await published(ctx, params.id);
        const content = await versionContent(ctx.services.scoped as RequestCtx['db'], p.publishedVersionId);
        const m = { ...meta(p, tenant.name, p.publishedAt.getUTCFullYear()), status: '' };
        const filename = `${p.code ? `${p.code.replace(/[/\\]/g, '-')} ` : ''}${p.title}.${query.format}`;
        const images = await figureImages(ctx.services.scoped, content);
        return { filename, body: query.format === 'docx' ? await standardDocx(m, content, images) : await standardPdf(m, content, images) };
      }),
  }),
];
