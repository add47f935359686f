/** Decisions, the 公示 notice (PDF, DOCX, the public portal with an objection period) and the project archive. */

import type { z } from 'zod';
import { documentName } from '#schema/collab.ts';
import type { LocalizedText } from '#schema/portal/locales.ts';
import type { ProjectArchive } from '#schema/reviews/api.ts';
import { storedDoc } from '../../../collab/store.ts';
import { docToText } from '../../../collab/text.ts';
import { prismaStore } from '../../collab/prisma-store.ts';
import { pdfDocument } from '../../exports/pdf.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { expertNames } from '../experts/service.ts';
import { findApplication } from './applications.ts';
import { findCall, wallClock } from './calls.ts';
import { callResults } from './scoring.ts';

// docx is loaded on the first export: kept out of an idle server's memory.
type Docx = typeof import('docx');

export async function decide(ctx: RequestCtx, id: string, decision: 'approved' | 'rejected') {
  const a = await findApplication(ctx, id);
  if (!['submitted', 'under_review', 'approved', 'rejected'].includes(a.status)) throw new ApiError('conflict', {}, { status: a.status });
  if (await ctx.db.callNotice.count({ where: { callId: a.callId } })) throw new ApiError('conflict', {}, { reason: 'published' });
  await ctx.write((tx) => tx.projectApplication.update({ where: { id }, data: { status: decision } }));
  ctx.services.events.publish('application.changed', { tenantId: a.tenantId, callId: a.callId, applicationId: id, status: decision, actorId: ctx.auth.user.id });
  await ctx.services.notify({
    tenantId: a.tenantId,
    userIds: [a.applicantId],
    kind: 'application.decided',
    title: decision === 'approved' ? `已立项 / Approved: ${a.title}` : `未立项 / Not approved: ${a.title}`,
    body: a.title,
    link: `/reviews/applications/${id}`,
  });
}

interface NoticeContent {
  title: LocalizedText;
  body: LocalizedText;
  items: { title: string; organization: string; score: number | null }[];
  objectionEndsAt: Date;
}

/** The notice's words in Chinese and English, from the approved applications and their aggregated scores. */
async function noticeContent(ctx: RequestCtx, callId: string, objectionDays: number, from = new Date()): Promise<NoticeContent> {
  const call = await findCall(ctx, callId);
  const results = await callResults(ctx, callId);
  const approved = await ctx.db.projectApplication.findMany({ where: { callId, status: 'approved' }, orderBy: { submittedAt: 'asc' } });
  if (!approved.length) throw new ApiError('conflict', {}, { reason: 'nothing_approved', message: ctx.locale === 'en' ? 'No application has been approved yet' : '尚无已立项的申报' });
  // The written reviews' aggregate, else the panel's revealed result (by the call's aggregation).
  const panelItems = await ctx.db.panelItem.findMany({ where: { applicationId: { in: approved.map((a) => a.id) }, status: { in: ['revealed', 'locked'] } }, orderBy: { revealedAt: 'asc' } });
  const panelScore = new Map(panelItems.map((i) => [i.applicationId, call.aggregation === 'median' ? i.median : i.mean]));
  const score = new Map(approved.map((a) => [a.id, results.items.find((r) => r.applicationId === a.id)?.score ?? panelScore.get(a.id) ?? null]));
  const items = approved.map((a) => ({ title: a.title, organization: a.organization, score: score.get(a.id) ?? null })).sort((x, y) => (y.score ?? -1) - (x.score ?? -1));
  const objectionEndsAt = new Date(from.getTime() + objectionDays * 86_400_000);
  const until = wallClock(objectionEndsAt, ctx.auth.tenant.timeZone);
  const tz = ctx.auth.tenant.timeZone;
  return {
    title: { 'zh-CN': `关于“${call.title}”拟立项项目的公示`, en: `Notice of the projects proposed for approval: ${call.title}` },
    body: {
      'zh-CN': `经申报、形式审查和专家评审，现将拟立项项目予以公示。公示期自发布之日起 ${objectionDays} 天，至 ${until}（${tz}）止。如有异议，请在公示期内以书面形式向${ctx.auth.tenant.name}秘书处提出，并提供必要的证明材料。`,
      en: `Following application, formal review and expert review, the projects below are proposed for approval. Objections may be raised in writing with the secretariat of ${ctx.auth.tenant.nameEn ?? ctx.auth.tenant.name} for ${objectionDays} days, until ${until} (${tz}), with supporting evidence.`,
    },
    items,
    objectionEndsAt,
  };
}

export async function noticeFile(ctx: RequestCtx, callId: string, format: 'pdf' | 'docx', objectionDays: number) {
  const c = await noticeContent(ctx, callId, objectionDays);
  const zh = ctx.locale !== 'en';
  const lang = zh ? 'zh-CN' : 'en';
  const title = c.title[lang]!;
  const head = zh ? ['序号', '项目名称', '申报单位', '评审得分'] : ['No.', 'Project', 'Applicant', 'Score'];
  const rows = c.items.map((it, i) => [String(i + 1), it.title, it.organization, it.score === null ? '—' : String(it.score)]);
  const stamp = `${ctx.auth.tenant.name} · ${wallClock(new Date(), ctx.auth.tenant.timeZone).slice(0, 10)}`;
  const filename = `${zh ? '公示' : 'notice'}-${title.slice(0, 40)}.${format}`;
  if (format === 'pdf') {
    const body = await pdfDocument(
      (doc) => {
        doc.font('bold').fontSize(16).text(title, { align: 'center' });
        doc.moveDown();
        doc.font('regular').fontSize(11).text(c.body[lang]!, { lineGap: 4 });
        doc.moveDown();
        const widths = [40, 200, 180, 70];
        const line = (cells: string[], font: 'regular' | 'bold') => {
          const y = doc.y;
          let x = doc.page.margins.left;
          const h = Math.max(...cells.map((t, i) => doc.font(font).fontSize(10).heightOfString(t, { width: widths[i] - 6 }))) + 8;
          cells.forEach((t, i) => {
            doc.rect(x, y, widths[i], h).strokeColor('#999').lineWidth(0.5).stroke();
            doc.fillColor('#111').font(font).fontSize(10).text(t, x + 3, y + 4, { width: widths[i] - 6 });
            x += widths[i];
          });
          doc.x = doc.page.margins.left;
          doc.y = y + h;
        };
        line(head, 'bold');
        for (const r of rows) line(r, 'regular');
        doc.moveDown(2);
        doc.font('regular').fontSize(10).text(stamp, { align: 'right' });
      },
      { title },
    );
    return { filename, body };
  }
  const d: Docx = await import('docx');
  const cell = (text: string, bold = false) => new d.TableCell({ children: [new d.Paragraph({ children: [new d.TextRun({ text, bold, font: 'SimSun' })] })] });
  const document = new d.Document({
    creator: 'Xiehui',
    title,
    sections: [
      {
        children: [
          new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, alignment: d.AlignmentType.CENTER, children: [new d.TextRun({ text: title, font: 'SimHei' })] }),
          new d.Paragraph({ children: [new d.TextRun({ text: c.body[lang]!, font: 'SimSun' })] }),
          new d.Table({ width: { size: 100, type: d.WidthType.PERCENTAGE }, rows: [new d.TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }), ...rows.map((r) => new d.TableRow({ children: r.map((t) => cell(t)) }))] }),
          new d.Paragraph({ alignment: d.AlignmentType.RIGHT, children: [new d.TextRun({ text: stamp, font: 'SimSun' })] }),
        ],
      },
    ],
  });
  return { filename, body: await d.Packer.toBuffer(document) };
}

const noticeView = (n: { id: string; title: unknown; body: unknown; items: unknown; publishedAt: Date; objectionEndsAt: Date }, now = new Date()) => ({
  id: n.id,
  title: n.title as Record<string, string>,
  body: n.body as Record<string, string>,
  items: n.items as { title: string; organization: string; score: number | null }[],
  publishedAt: n.publishedAt.toISOString(),
  objectionEndsAt: n.objectionEndsAt.toISOString(),
  open: now < n.objectionEndsAt,
});

/** Publishes the notice to the portal: fixed as published, with its objection period. */
export async function publishNotice(ctx: RequestCtx, callId: string, objectionDays: number) {
  const c = await noticeContent(ctx, callId, objectionDays);
  const n = await ctx.write((tx) => tx.callNotice.create({ data: { tenantId: ctx.auth.tenant.id, callId, title: c.title, body: c.body, items: c.items, objectionEndsAt: c.objectionEndsAt, createdById: ctx.auth.user.id } }));
  ctx.services.events.publish('call.changed', { tenantId: n.tenantId, callId, actorId: ctx.auth.user.id });
  return noticeView(n);
}

export async function publicNotices(ctx: RequestCtx<never>, tenantId: string) {
  void tenantId;
  const rows = await ctx.services.scoped.callNotice.findMany({ orderBy: { publishedAt: 'desc' }, take: 50 });
  return rows.map((n) => noticeView(n));
}

export async function callNotices(ctx: RequestCtx, callId: string) {
  await findCall(ctx, callId);
  return (await ctx.db.callNotice.findMany({ where: { callId }, orderBy: { publishedAt: 'desc' } })).map((n) => noticeView(n));
}

/** The text of a collaborative document as stored (compacted state and the log after it). */
async function storedText(ctx: RequestCtx, name: string): Promise<string> {
  const { state, updates } = await prismaStore(ctx.services.db).load(ctx.auth.tenant.id, name);
  const doc = storedDoc(state, updates);
  try {
    return docToText(doc);
  } finally {
    doc.destroy();
  }
}

/** Every opinion on an application, kept with it: written reviews, panel scores and the panel's consensus. */
export async function projectArchive(ctx: RequestCtx, id: string): Promise<z.input<typeof ProjectArchive>> {
  const a = await findApplication(ctx, id);
  const call = await findCall(ctx, a.callId);
  const reviews = await ctx.db.reviewAssignment.findMany({ where: { applicationId: id, status: 'submitted' }, orderBy: { submittedAt: 'asc' } });
  const items = await ctx.db.panelItem.findMany({ where: { applicationId: id }, orderBy: { createdAt: 'asc' } });
  const panels = await ctx.db.reviewPanel.findMany({ where: { id: { in: items.map((i) => i.panelId) } }, select: { id: true, name: true } });
  const scores = await ctx.db.panelScore.findMany({ where: { itemId: { in: items.map((i) => i.id) } }, orderBy: { createdAt: 'asc' } });
  const names = await expertNames(ctx.db, [...reviews.map((r) => r.expertId), ...scores.map((s) => s.expertId)]);
  const notices = await ctx.db.callNotice.findMany({ where: { callId: a.callId }, orderBy: { publishedAt: 'asc' } });
  if (!a) throw notFound('resource');
  return {
    application: { id: a.id, title: a.title, organization: a.organization, status: a.status, callTitle: call.title },
    reviews: reviews.map((r) => ({ expertName: names.get(r.expertId)?.name ?? '', total: r.total, scores: r.scores as Record<string, number> | null, opinion: r.opinion, submittedAt: r.submittedAt?.toISOString() ?? null })),
    panels: await Promise.all(
      items.map(async (i) => ({
        panelName: panels.find((p) => p.id === i.panelId)?.name ?? '',
        status: i.status,
        mean: i.mean,
        median: i.median,
        stdev: i.stdev,
        // Scores were sealed until the reveal; the archive keeps them only once revealed.
        scores: i.status === 'open' ? [] : scores.filter((s) => s.itemId === i.id).map((s) => ({ expertName: names.get(s.expertId)?.name ?? '', total: s.total, explanation: s.explanation })),
        consensus: await storedText(ctx, documentName('review-opinion', i.id)),
        lockedAt: i.lockedAt?.toISOString() ?? null,
      })),
    ),
    notices: notices.filter((n) => (n.items as { title: string }[]).some((x) => x.title === a.title)).map((n) => ({ id: n.id, publishedAt: n.publishedAt.toISOString(), objectionEndsAt: n.objectionEndsAt.toISOString() })),
  };
}
