import { IdParams } from '#schema/api/common.ts';
import { translator } from '#schema/i18n/index.ts';
import { ReportExportQuery, SurveyInput, SurveyReport } from '#schema/meetings/api.ts';
import type { Locale } from '#schema/roles.ts';
import { zonedDateTime } from '../../exports/dates.ts';
import { pdfDocument } from '../../exports/pdf.ts';
import { xlsxTable } from '../../exports/xlsx.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import type { JobContext } from '../../jobs/scheduler.ts';
import { findMeeting, meetingError, type MeetingRow } from './service.ts';

/**
 * After the meeting: everyone who attended (on site or online) is sent the satisfaction survey
 * by a scheduled job; staff see who has not answered and an analysis report (charts, XLSX, PDF).
 */

/** Runs every few minutes: meetings that ended within the last week and have not sent their survey yet. */
export async function sendDueSurveys({ services, now, write, tenant }: JobContext) {
  const due = await services.scoped.meeting.findMany({
    where: { status: 'scheduled', surveySentAt: null, endsAt: { lte: now, gte: new Date(now.getTime() - 7 * 24 * 3600_000) } },
  });
  const t = translator('zh-CN');
  for (const m of due) {
    const attendees = await services.scoped.meetingRegistration.findMany({ where: { meetingId: m.id, attendedAt: { not: null } }, select: { userId: true } });
    // Marked first: a crash after this sends no second survey; one before it sends it on the next run.
    await write((tx) => tx.meeting.update({ where: { id: m.id }, data: { surveySentAt: now } }));
    await services.notify({
      tenantId: tenant.id,
      userIds: attendees.map((a) => a.userId),
      kind: 'meeting.survey',
      title: t('meetings.survey.notifyTitle', { title: m.title }),
      body: t('meetings.survey.notifyBody', { title: m.title }),
      link: `/meetings/${m.id}/survey`,
      email: true,
    });
  }
}

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
const histogram = (xs: number[]) => [1, 2, 3, 4, 5].map((s) => xs.filter((x) => x === s).length);

export async function surveyReport(ctx: Pick<RequestCtx, 'db'>, m: MeetingRow) {
  const attendees = await ctx.db.meetingRegistration.findMany({ where: { meetingId: m.id, attendedAt: { not: null } }, orderBy: { name: 'asc' } });
  const responses = await ctx.db.meetingSurveyResponse.findMany({ where: { meetingId: m.id }, orderBy: { createdAt: 'asc' } });
  const answered = new Set(responses.map((r) => r.userId));
  const names = new Map(attendees.map((a) => [a.userId, a.name]));
  const pick = (k: 'overall' | 'content' | 'organisation') => responses.map((r) => r[k]);
  return {
    sentAt: m.surveySentAt?.toISOString() ?? null,
    attendees: attendees.length,
    responses: responses.length,
    responseRate: attendees.length ? Math.round((responses.length / attendees.length) * 1000) / 1000 : 0,
    averages: { overall: mean(pick('overall')), content: mean(pick('content')), organisation: mean(pick('organisation')) },
    distribution: { overall: histogram(pick('overall')), content: histogram(pick('content')), organisation: histogram(pick('organisation')) },
    comments: responses.filter((r) => r.comment).map((r) => ({ name: names.get(r.userId) ?? '', comment: r.comment, overall: r.overall })),
    nonRespondents: attendees.filter((a) => !answered.has(a.userId)).map((a) => ({ registrationId: a.id, name: a.name, email: a.email })),
  };
}

type Report = Awaited<ReturnType<typeof surveyReport>>;

function reportRows(t: ReturnType<typeof translator>, r: Report) {
  const dims = ['overall', 'content', 'organisation'] as const;
  return dims.map((d) => ({ label: t(`meetings.survey.${d}`), average: r.averages[d] ?? '', counts: r.distribution[d] }));
}

async function reportPdf(locale: Locale, m: MeetingRow, r: Report, tz: string) {
  const t = translator(locale);
  return pdfDocument(
    (doc) => {
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      doc.font('bold').fontSize(16).fillColor('#111').text(`${m.title} · ${t('meetings.survey.reportTitle')}`);
      doc.font('regular').fontSize(9).fillColor('#555').text(`${zonedDateTime(m.startsAt, tz)} – ${zonedDateTime(m.endsAt, tz)}`);
      doc.moveDown();
      doc.fontSize(11).fillColor('#111').text(t('meetings.survey.summary', { attendees: r.attendees, responses: r.responses, rate: Math.round(r.responseRate * 100) }));
      doc.moveDown();
      // One bar chart per question: answers per score.
      for (const row of reportRows(t, r)) {
        doc.font('bold').fontSize(11).text(`${row.label}（${t('meetings.survey.average')} ${row.average === '' ? '—' : row.average}）`);
        const max = Math.max(1, ...row.counts);
        const top = doc.y + 4;
        row.counts.forEach((n, i) => {
          const y = top + i * 14;
          doc.font('regular').fontSize(9).fillColor('#333').text(`${i + 1}`, left, y, { width: 14, lineBreak: false });
          doc.rect(left + 18, y + 2, ((width - 60) * n) / max, 9).fill('#2b6cb0');
          doc.fillColor('#333').text(String(n), left + 24 + ((width - 60) * n) / max, y, { lineBreak: false });
        });
        doc.x = left;
        doc.y = top + 5 * 14 + 8;
      }
      if (r.comments.length) {
        doc.font('bold').fontSize(11).fillColor('#111').text(t('meetings.survey.comments'));
        for (const c of r.comments) doc.font('regular').fontSize(9).text(`· ${c.name}（${c.overall}）：${c.comment}`, { width });
        doc.moveDown();
      }
      doc.font('bold').fontSize(11).fillColor('#111').text(t('meetings.survey.nonRespondents', { count: r.nonRespondents.length }));
      doc.font('regular').fontSize(9).text(r.nonRespondents.map((n) => n.name).join('、') || '—', { width });
    },
    { title: `${m.title} · ${t('meetings.survey.reportTitle')}` },
  );
}

export const surveyRoutes = [
  defineRoute({
    method: 'post',
    path: '/meetings/{id}/survey',
    tag: 'meetings',
    summary: 'Answer the satisfaction survey of a meeting you attended (once)',
    access: 'meeting.register',
    resource: 'meeting',
    params: IdParams,
    body: SurveyInput,
    response: null,
    status: 204,
    async handler({ params, body, ctx }) {
      const m = await findMeeting(ctx, params.id);
      const reg = await ctx.db.meetingRegistration.findFirst({ where: { meetingId: m.id, userId: ctx.auth.user.id, attendedAt: { not: null } } });
      if (!reg || m.endsAt > new Date()) throw meetingError(ctx.locale, 'conflict', 'surveyNotOpen');
      const done = await ctx.db.meetingSurveyResponse.findFirst({ where: { meetingId: m.id, userId: ctx.auth.user.id } });
      if (done) throw meetingError(ctx.locale, 'conflict', 'surveyAnswered');
      await ctx.write((tx) => tx.meetingSurveyResponse.create({ data: { meetingId: m.id, userId: ctx.auth.user.id, ...body } as never }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/meetings/{id}/survey/report',
    tag: 'meetings',
    summary: 'Survey analysis: response rate, averages and answers per score, comments, and who has not answered',
    access: 'meeting.manage',
    resource: 'meeting',
    params: IdParams,
    response: SurveyReport,
    handler: async ({ params, ctx }) => surveyReport(ctx, await findMeeting(ctx, params.id)),
  }),
  defineRoute({
    method: 'get',
    path: '/meetings/{id}/survey/report/export',
    tag: 'meetings',
    summary: 'The survey analysis as XLSX (answers per score, non-respondents) or PDF (with charts)',
    access: 'meeting.manage',
    resource: 'meeting',
    params: IdParams,
    query: ReportExportQuery,
    response: 'file',
    produces: ['xlsx', 'pdf'],
    async handler({ params, query, ctx }) {
      const t = translator(ctx.locale);
      const m = await findMeeting(ctx, params.id);
      const r = await surveyReport(ctx, m);
      const name = `${m.title}-${t('meetings.survey.reportTitle')}`;
      if (query.format === 'pdf') return { filename: `${name}.pdf`, body: await reportPdf(ctx.locale, m, r, ctx.auth.tenant.timeZone) };
      const rows = reportRows(t, r);
      const scores = [1, 2, 3, 4, 5].map((s) => ({ header: `${s}`, width: 6, value: (row: (typeof rows)[number]) => row.counts[s - 1] }));
      const title = `${m.title} · ${t('meetings.survey.summary', { attendees: r.attendees, responses: r.responses, rate: Math.round(r.responseRate * 100) })}`;
      const body = await xlsxTable({
        sheet: t('meetings.survey.reportTitle'),
        title,
        columns: [{ header: t('meetings.survey.question'), width: 16, value: (row) => row.label }, { header: t('meetings.survey.average'), width: 8, value: (row) => row.average }, ...scores],
        rows,
      });
      // A second sheet lists who has not answered.
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(body as never);
      const sheet = wb.addWorksheet(t('meetings.survey.nonRespondentsSheet'));
      sheet.addRow([t('meetings.fields.name'), t('meetings.fields.email')]).font = { bold: true };
      for (const n of r.nonRespondents) sheet.addRow([n.name, n.email]);
      sheet.getColumn(1).width = 20;
      sheet.getColumn(2).width = 30;
      return { filename: `${name}.xlsx`, body: Buffer.from(await wb.xlsx.writeBuffer()) };
    },
  }),
];
