// 意见汇总处理表: every comment thread with its clause, type, proposed change, commenter and how it was
// resolved, as XLSX and DOCX in the layout standards bodies file with a draft.

import { z } from 'zod';
import { IdParams } from '#schema/api/common.ts';
import { translator } from '#schema/i18n/index.ts';
import type { TFunction } from 'i18next';
import { zonedDateTime } from '../../exports/dates.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import { ApiError } from '../../http/errors.ts';
import { defineRoute } from '../../http/routes.ts';
import { commentThreads, type CommentThread } from './comments.ts';
import { draftAccessOf, findProject, groupRoleOf } from './service.ts';

// docx is loaded on the first export: kept out of an idle server's memory.
type Docx = typeof import('docx');

interface MatrixRow {
  no: number;
  thread: CommentThread;
}

export function matrixColumns(t: TFunction): Column<MatrixRow>[] {
  return [
    { header: t('standards.comments.no'), width: 6, value: (r) => r.no },
    { header: t('standards.comments.clause'), width: 10, value: (r) => r.thread.clause ?? '' },
    { header: t('standards.comments.type'), width: 8, value: (r) => t(`standards.comments.types.${r.thread.type}`) },
    { header: t('standards.comments.body'), width: 40, value: (r) => [r.thread.body, ...r.thread.replies.map((x) => `${x.authorName}：${x.body}`)].join('\n') },
    { header: t('standards.comments.proposal'), width: 32, value: (r) => r.thread.proposal },
    { header: t('standards.comments.commenter'), width: 14, value: (r) => r.thread.authorName },
    { header: t('standards.comments.decision'), width: 10, value: (r) => (r.thread.decision ? t(`standards.comments.decisions.${r.thread.decision}`) : '') },
    { header: t('standards.comments.resolution'), width: 32, value: (r) => r.thread.resolution },
  ];
}

const cell = (d: Docx, text: string, bold = false) =>
  new d.TableCell({ children: text.split('\n').map((line) => new d.Paragraph({ children: [new d.TextRun({ text: line, bold, font: 'SimSun', size: 21 })] })) });

export async function matrixDocx(title: string, subtitle: string, columns: Column<MatrixRow>[], rows: MatrixRow[]): Promise<Buffer> {
  const d: Docx = await import('docx');
  const table = new d.Table({
    width: { size: 100, type: d.WidthType.PERCENTAGE },
    rows: [
      new d.TableRow({ tableHeader: true, children: columns.map((c) => cell(d, c.header, true)) }),
      ...rows.map((r) => new d.TableRow({ children: columns.map((c) => cell(d, String(c.value(r) ?? ''))) })),
    ],
  });
  const doc = new d.Document({
    creator: 'Xiehui',
    title,
    sections: [
      {
        properties: { page: { size: { orientation: d.PageOrientation.LANDSCAPE } } },
        children: [
          new d.Paragraph({ heading: d.HeadingLevel.TITLE, alignment: d.AlignmentType.CENTER, children: [new d.TextRun({ text: title, bold: true, font: 'SimHei', size: 32 })] }),
          new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [new d.TextRun({ text: subtitle, size: 21 })] }),
          table,
        ],
      },
    ],
  });
  return Buffer.from(await d.Packer.toBuffer(doc));
}

export const MatrixQuery = z.strictObject({ format: z.enum(['xlsx', 'docx']).default('xlsx') });

export const matrixRoutes = [
  defineRoute({
    method: 'get',
    path: '/standards/projects/{id}/matrix',
    tag: 'standards',
    summary: '意见汇总处理表 (comment-resolution matrix) as XLSX or DOCX',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    query: MatrixQuery,
    response: 'file',
    produces: ['xlsx', 'docx'],
    async handler({ params, query, ctx }) {
      const t = translator(ctx.locale);
      const project = await findProject(ctx.db, params.id, ctx.locale);
      if (!draftAccessOf(ctx.auth, await groupRoleOf(ctx.db, project.id, ctx.auth.user.id))) throw new ApiError('forbidden', { action: t('standards.errors.needGroup') });
      const rows = (await commentThreads(ctx, project.id)).map((thread, i) => ({ no: i + 1, thread }));
      const columns = matrixColumns(t);
      const title = `《${project.title}》${t('standards.comments.matrix')}`;
      const stamp = zonedDateTime(new Date(), ctx.auth.tenant.timeZone).slice(0, 10);
      const subtitle = [project.code, ctx.auth.tenant.name, stamp].filter(Boolean).join('　');
      const filename = `${project.title}-${t('standards.comments.matrix')}-${stamp}.${query.format}`;
      return query.format === 'xlsx'
        ? { filename, body: await xlsxTable({ sheet: t('standards.comments.matrix'), title, columns, rows }) }
        : { filename, body: await matrixDocx(title, subtitle, columns, rows) };
    },
  }),
];
