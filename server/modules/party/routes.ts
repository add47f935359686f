import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { IdParams } from '#schema/api/common.ts';
import { translator } from '#schema/i18n/index.ts';
import { cadenceCalendar, partyMeetingKinds, type PartyMeetingKind } from '#schema/party/cadence.ts';
import {
  Branch,
  BranchInput,
  Calendar,
  CalendarQuery,
  Member,
  MemberDetail,
  MemberInput,
  MemberUpdate,
  PartyMeeting,
  PartyMeetingInput,
  PartyMeetingQuery,
  PartyMeetingUpdate,
  PeriodQuery,
  Ranking,
  StudyRecord,
  StudyRecordInput,
} from '#schema/party/api.ts';
import type { ErrorCode } from '#schema/errors.ts';
import { can } from '#schema/permissions.ts';
import type { Locale } from '#schema/roles.ts';
import { zonedDateTime } from '../../exports/dates.ts';
import { pdfDocument } from '../../exports/pdf.ts';
import { ApiError } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';

/** A refusal with a reason the caller can read (details.message), as in the meetings module. */
export function partyError(locale: Locale, code: ErrorCode, reason: string) {
  return new ApiError(code, {}, { reason, message: translator(locale)(`party.errors.${reason}`) });
}
/** not_found naming the thing in the caller's language. */
export const missing = (locale: Locale, what: 'branch' | 'partyMeeting' | 'member' | 'user' | 'councilMeeting' | 'councilMatter') =>
  new ApiError('not_found', { entity: translator(locale)(`party.entities.${what}`) });

/** A calendar day (YYYY-MM-DD) in the association's time zone, as the instant it begins. */
export const dayStart = (day: string, tz: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(new TZDate(y, m - 1, d, tz).getTime());
};
const dayOf = (at: Date, tz: string) => zonedDateTime(at, tz).slice(0, 10);

async function branchFor(ctx: RequestCtx, branchId?: string) {
  const b = branchId ? await ctx.db.partyBranch.findFirst({ where: { id: branchId } }) : await ctx.db.partyBranch.findFirst({ orderBy: { createdAt: 'asc' } });
  if (!b) throw branchId ? missing(ctx.locale, 'branch') : partyError(ctx.locale, 'conflict', 'noBranch');
  return b;
}

type MeetingRow = NonNullable<Awaited<ReturnType<RequestCtx['db']['partyMeeting']['findFirst']>>>;

async function meetingView(ctx: RequestCtx, m: MeetingRow) {
  const signIns = await ctx.db.partySignIn.findMany({ where: { meetingId: m.id }, orderBy: { signedInAt: 'asc' } });
  const members = await ctx.db.partyMember.findMany({ where: { branchId: m.branchId } });
  const names = new Map(members.map((x) => [x.id, x.name]));
  const me = members.find((x) => x.userId === ctx.auth.user.id && x.active);
  const expected = m.expected ?? members.filter((x) => x.active).length;
  return {
    id: m.id,
    branchId: m.branchId,
    kind: m.kind as PartyMeetingKind,
    title: m.title,
    heldOn: m.heldOn.toISOString(),
    place: m.place,
    minutes: m.minutes,
    signedIn: signIns.length,
    expected,
    attendanceRate: m.attendanceRate,
    recordedAt: m.recordedAt?.toISOString() ?? null,
    mySignIn: !!me && signIns.some((s) => s.memberId === me.id),
    canSignIn: !!me && !m.recordedAt,
    signIns: signIns.map((s) => ({ memberId: s.memberId, name: names.get(s.memberId) ?? '', at: s.signedInAt.toISOString() })),
  };
}

type MemberRow = NonNullable<Awaited<ReturnType<RequestCtx['db']['partyMember']['findFirst']>>>;

async function findMember(ctx: RequestCtx, id: string) {
  const m = await ctx.db.partyMember.findFirst({ where: { id } });
  if (!m) throw missing(ctx.locale, 'member');
  return m;
}

async function memberDetail(ctx: RequestCtx, m: MemberRow) {
  const account = m.userId ? await ctx.db.membership.findFirst({ where: { userId: m.userId }, select: { user: { select: { email: true } } } }) : null;
  const tz = ctx.auth.tenant.timeZone;
  return { id: m.id, branchId: m.branchId, name: m.name, userId: m.userId, kind: m.kind as 'full', joinedOn: m.joinedOn ? dayOf(m.joinedOn, tz) : null, active: m.active, email: account?.user.email ?? null };
}

async function findMeeting(ctx: RequestCtx, id: string) {
  const m = await ctx.db.partyMeeting.findFirst({ where: { id } });
  if (!m) throw missing(ctx.locale, 'partyMeeting');
  return m;
}

function period(ctx: RequestCtx, q: { from?: string; to?: string }) {
  const tz = ctx.auth.tenant.timeZone;
  const year = dayOf(new Date(), tz).slice(0, 4);
  const from = q.from ?? `${year}-01-01`;
  const to = q.to ?? `${year}-12-31`;
  const end = dayStart(to, tz);
  return { from, to, start: dayStart(from, tz), end: new Date(end.getTime() + 24 * 3600_000) };
}

/** Points: 2 per party meeting signed in, 1 per study hour, within the period. */
async function ranking(ctx: RequestCtx, q: { from?: string; to?: string }) {
  const p = period(ctx, q);
  const members = await ctx.db.partyMember.findMany({ where: { active: true } });
  const meetings = await ctx.db.partyMeeting.findMany({ where: { heldOn: { gte: p.start, lt: p.end } }, select: { id: true } });
  const signIns = await ctx.db.partySignIn.findMany({ where: { meetingId: { in: meetings.map((m) => m.id) } } });
  const study = await ctx.db.partyStudyRecord.findMany({ where: { studiedOn: { gte: p.start, lt: p.end } } });
  const rows = members.map((m) => {
    const attended = signIns.filter((s) => s.memberId === m.id).length;
    const hours = study.filter((s) => s.memberId === m.id).reduce((a, s) => a + s.hours, 0);
    return { memberId: m.id, name: m.name, meetings: attended, studyHours: hours, points: attended * 2 + Math.floor(hours) };
  });
  rows.sort((a, b) => b.points - a.points || a.name.localeCompare(b.name, 'zh-CN'));
  let rank = 0;
  const items = rows.map((r, i) => ({ ...r, rank: i > 0 && rows[i - 1].points === r.points ? rank : (rank = i + 1) }));
  return { from: p.from, to: p.to, items, period: p };
}

export const partyRoutes = [
  defineRoute({
    method: 'get',
    path: '/party/branches',
    tag: 'party',
    summary: 'Party branches of the association',
    access: 'party.read',
    response: z.object({ items: z.array(Branch) }),
    async handler({ ctx }) {
      const branches = await ctx.db.partyBranch.findMany({ orderBy: { createdAt: 'asc' } });
      const counts = await ctx.db.partyMember.groupBy({ by: ['branchId'], where: { active: true }, _count: { _all: true } });
      return { items: branches.map((b) => ({ id: b.id, name: b.name, members: counts.find((c) => c.branchId === b.id)?._count._all ?? 0 })) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/party/branches',
    tag: 'party',
    summary: 'Create a party branch',
    access: 'party.manage',
    body: BranchInput,
    response: Branch,
    status: 201,
    async handler({ body, ctx }) {
      const b = await ctx.write((tx) => tx.partyBranch.create({ data: { name: body.name } as never }));
      return { id: b.id, name: b.name, members: 0 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/party/members',
    tag: 'party',
    summary: 'Party members',
    access: 'party.read',
    response: z.object({ items: z.array(Member) }),
    async handler({ ctx }) {
      const tz = ctx.auth.tenant.timeZone;
      const rows = await ctx.db.partyMember.findMany({ orderBy: { createdAt: 'asc' } });
      return { items: rows.map((m) => ({ id: m.id, branchId: m.branchId, name: m.name, userId: m.userId, kind: m.kind as 'full', joinedOn: m.joinedOn ? dayOf(m.joinedOn, tz) : null, active: m.active })) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/party/members',
    tag: 'party',
    summary: 'Add a party member to a branch (linked to an account of the association when they have one)',
    access: 'party.manage',
    body: MemberInput,
    response: Member,
    status: 201,
    async handler({ body, ctx }) {
      await branchFor(ctx, body.branchId);
      if (body.email) {
        const account = await ctx.db.membership.findFirst({ where: { user: { email: body.email } }, select: { userId: true } });
        if (!account) throw missing(ctx.locale, 'user');
        body.userId = account.userId;
      }
      if (body.userId && !(await ctx.db.membership.findFirst({ where: { userId: body.userId } }))) throw missing(ctx.locale, 'user');
      const tz = ctx.auth.tenant.timeZone;
      const m = await ctx.write((tx) =>
        tx.partyMember.create({ data: { branchId: body.branchId, name: body.name, userId: body.userId, kind: body.kind, joinedOn: body.joinedOn ? dayStart(body.joinedOn, tz) : null } as never }),
      );
      return { id: m.id, branchId: m.branchId, name: m.name, userId: m.userId, kind: m.kind as 'full', joinedOn: body.joinedOn, active: m.active };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/party/members/{id}',
    tag: 'party',
    summary: 'One party member, with the e-mail of the linked account',
    access: 'party.read',
    resource: 'partyMember',
    params: IdParams,
    response: MemberDetail,
    handler: async ({ params, ctx }) => memberDetail(ctx, await findMember(ctx, params.id)),
  }),
  defineRoute({
    method: 'patch',
    path: '/party/members/{id}',
    tag: 'party',
    summary: "Change a party member: name, kind, date joined, branch, linked account, or mark them no longer active (transferred out)",
    access: 'party.manage',
    resource: 'partyMember',
    params: IdParams,
    body: MemberUpdate,
    response: MemberDetail,
    async handler({ params, body, ctx }) {
      const before = await findMember(ctx, params.id);
      if (body.branchId) await branchFor(ctx, body.branchId);
      let userId: string | null | undefined;
      if (body.email === null) userId = null;
      else if (body.email) {
        const account = await ctx.db.membership.findFirst({ where: { user: { email: body.email } }, select: { userId: true } });
        if (!account) throw missing(ctx.locale, 'user');
        userId = account.userId;
        const taken = await ctx.db.partyMember.findFirst({ where: { userId, id: { not: before.id } }, select: { id: true } });
        if (taken) throw partyError(ctx.locale, 'conflict', 'accountTaken');
      }
      const tz = ctx.auth.tenant.timeZone;
      const m = await ctx.write((tx) =>
        tx.partyMember.update({
          where: { id: before.id },
          data: {
            ...(body.branchId ? { branchId: body.branchId } : {}),
            ...(body.name ? { name: body.name } : {}),
            ...(body.kind ? { kind: body.kind } : {}),
            ...(body.joinedOn !== undefined ? { joinedOn: body.joinedOn ? dayStart(body.joinedOn, tz) : null } : {}),
            ...(body.active !== undefined ? { active: body.active } : {}),
            ...(userId !== undefined ? { userId } : {}),
          },
        }),
      );
      return memberDetail(ctx, m);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/party/meetings',
    tag: 'party',
    summary: '三会一课 meetings, newest first',
    access: 'party.read',
    query: PartyMeetingQuery,
    response: z.object({ items: z.array(PartyMeeting) }),
    async handler({ query, ctx }) {
      const rows = await ctx.db.partyMeeting.findMany({ where: query.branchId ? { branchId: query.branchId } : {}, orderBy: { heldOn: 'desc' }, take: 200 });
      return { items: await Promise.all(rows.map((m) => meetingView(ctx, m))) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/party/meetings',
    tag: 'party',
    summary: 'Schedule or enter a party meeting (支部党员大会, 支委会, 党小组会, 党课)',
    access: 'party.manage',
    body: PartyMeetingInput,
    response: PartyMeeting,
    status: 201,
    async handler({ body, ctx }) {
      await branchFor(ctx, body.branchId);
      const m = await ctx.write((tx) =>
        tx.partyMeeting.create({ data: { branchId: body.branchId, kind: body.kind, title: body.title, heldOn: new Date(body.heldOn), place: body.place, createdById: ctx.auth.user.id } as never }),
      );
      // Members with an account are told where to sign in.
      const members = await ctx.db.partyMember.findMany({ where: { branchId: body.branchId, active: true, userId: { not: null } }, select: { userId: true } });
      const t = translator('zh-CN');
      await ctx.services.notify({
        tenantId: m.tenantId,
        userIds: members.map((x) => x.userId!),
        kind: 'party.meeting',
        title: `${t(`party.kinds.${body.kind}`)}：${body.title}`,
        body: `${zonedDateTime(m.heldOn, ctx.auth.tenant.timeZone)} ${body.place}`.trim(),
        link: `/party/meetings/${m.id}`,
      });
      return meetingView(ctx, m);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/party/meetings/{id}',
    tag: 'party',
    summary: 'One party meeting with its sign-ins and minutes (party members see the meetings of their branch)',
    access: 'party.signin',
    resource: 'partyMeeting',
    params: IdParams,
    response: PartyMeeting,
    async handler({ params, ctx }) {
      const m = await findMeeting(ctx, params.id);
      if (!can(ctx.auth.role, 'party.read') && !(await ctx.db.partyMember.findFirst({ where: { branchId: m.branchId, userId: ctx.auth.user.id, active: true } }))) {
        throw missing(ctx.locale, 'partyMeeting');
      }
      return meetingView(ctx, m);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/party/meetings/{id}',
    tag: 'party',
    summary: 'Write the minutes of a party meeting',
    access: 'party.manage',
    resource: 'partyMeeting',
    params: IdParams,
    body: PartyMeetingUpdate,
    response: PartyMeeting,
    async handler({ params, body, ctx }) {
      await findMeeting(ctx, params.id);
      const m = await ctx.write((tx) => tx.partyMeeting.update({ where: { id: params.id }, data: { minutes: body.minutes } }));
      return meetingView(ctx, m);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/party/meetings/{id}/sign-in',
    tag: 'party',
    summary: 'Sign in to a party meeting of your branch (signing in twice changes nothing)',
    access: 'party.signin',
    resource: 'partyMeeting',
    params: IdParams,
    response: PartyMeeting,
    async handler({ params, ctx }) {
      const m = await findMeeting(ctx, params.id);
      const me = await ctx.db.partyMember.findFirst({ where: { branchId: m.branchId, userId: ctx.auth.user.id, active: true } });
      if (!me) throw partyError(ctx.locale, 'forbidden', 'notPartyMember');
      if (m.recordedAt) throw partyError(ctx.locale, 'conflict', 'alreadyRecorded');
      const already = await ctx.db.partySignIn.findFirst({ where: { meetingId: m.id, memberId: me.id } });
      if (!already) await ctx.write((tx) => tx.partySignIn.create({ data: { meetingId: m.id, memberId: me.id } as never }));
      return meetingView(ctx, m);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/party/meetings/{id}/record',
    tag: 'party',
    summary: 'Record a held meeting: its attendance rate is fixed and announced (party.meeting.recorded; below 80% alerts compliance)',
    access: 'party.manage',
    resource: 'partyMeeting',
    params: IdParams,
    response: PartyMeeting,
    async handler({ params, ctx }) {
      const m = await findMeeting(ctx, params.id);
      if (m.recordedAt) throw partyError(ctx.locale, 'conflict', 'alreadyRecorded');
      const recorded = await ctx.write(async (tx) => {
        const expected = await tx.partyMember.count({ where: { branchId: m.branchId, active: true } });
        const signed = await tx.partySignIn.count({ where: { meetingId: m.id } });
        const rate = expected ? Math.round((signed / expected) * 1000) / 1000 : 0;
        return tx.partyMeeting.update({ where: { id: m.id }, data: { expected, attendanceRate: rate, recordedAt: new Date() } });
      });
      ctx.services.events.publish('party.meeting.recorded', {
        tenantId: recorded.tenantId,
        partyMeetingId: recorded.id,
        kind: recorded.kind,
        title: recorded.title,
        heldOn: recorded.heldOn.toISOString(),
        attendanceRate: recorded.attendanceRate ?? 0,
        actorId: ctx.auth.user.id,
      });
      return meetingView(ctx, recorded);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/party/calendar',
    tag: 'party',
    summary: '三会一课 calendar of a branch: per kind, the recent periods held or missed, and whether the current one is due or overdue',
    access: 'party.read',
    query: CalendarQuery,
    response: Calendar,
    async handler({ query, ctx }) {
      if (!query.branchId && !(await ctx.db.partyBranch.count())) return { branchId: null, kinds: [] };
      const b = await branchFor(ctx, query.branchId);
      const held = await ctx.db.partyMeeting.findMany({ where: { branchId: b.id }, select: { kind: true, heldOn: true } });
      const now = new Date();
      return {
        branchId: b.id,
        kinds: partyMeetingKinds.map((k) => {
          const c = cadenceCalendar(k, held.filter((h) => h.kind === k).map((h) => h.heldOn), now, ctx.auth.tenant.timeZone);
          return { ...c, dueBy: c.dueBy };
        }),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/party/study-records',
    tag: 'party',
    summary: 'Study records in a period (default: this year)',
    access: 'party.read',
    query: PeriodQuery,
    response: z.object({ items: z.array(StudyRecord) }),
    async handler({ query, ctx }) {
      const p = period(ctx, query);
      const rows = await ctx.db.partyStudyRecord.findMany({ where: { studiedOn: { gte: p.start, lt: p.end } }, orderBy: { studiedOn: 'desc' }, take: 1000 });
      const names = new Map((await ctx.db.partyMember.findMany({ select: { id: true, name: true } })).map((m) => [m.id, m.name]));
      const tz = ctx.auth.tenant.timeZone;
      return { items: rows.map((r) => ({ id: r.id, memberId: r.memberId, memberName: names.get(r.memberId) ?? '', title: r.title, hours: r.hours, studiedOn: dayOf(r.studiedOn, tz), notes: r.notes })) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/party/study-records',
    tag: 'party',
    summary: "Enter a member's study record",
    access: 'party.manage',
    body: StudyRecordInput,
    response: StudyRecord,
    status: 201,
    async handler({ body, ctx }) {
      const member = await ctx.db.partyMember.findFirst({ where: { id: body.memberId } });
      if (!member) throw missing(ctx.locale, 'member');
      const r = await ctx.write((tx) =>
        tx.partyStudyRecord.create({ data: { memberId: body.memberId, title: body.title, hours: body.hours, studiedOn: dayStart(body.studiedOn, ctx.auth.tenant.timeZone), notes: body.notes } as never }),
      );
      return { id: r.id, memberId: r.memberId, memberName: member.name, title: r.title, hours: r.hours, studiedOn: body.studiedOn, notes: r.notes };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/party/ranking',
    tag: 'party',
    summary: 'Party-member points ranking for a period (default: this year)',
    access: 'party.read',
    query: PeriodQuery,
    response: Ranking,
    async handler({ query, ctx }) {
      const { from, to, items } = await ranking(ctx, query);
      return { from, to, items };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/party/study-report',
    tag: 'party',
    summary: 'The study report of a period as PDF: meetings held with attendance, study records, totals per member',
    access: 'party.read',
    query: PeriodQuery,
    response: 'file',
    produces: ['pdf'],
    async handler({ query, ctx }) {
      const t = translator(ctx.locale);
      const tz = ctx.auth.tenant.timeZone;
      const r = await ranking(ctx, query);
      const meetings = await ctx.db.partyMeeting.findMany({ where: { heldOn: { gte: r.period.start, lt: r.period.end } }, orderBy: { heldOn: 'asc' } });
      const study = await ctx.db.partyStudyRecord.findMany({ where: { studiedOn: { gte: r.period.start, lt: r.period.end } }, orderBy: { studiedOn: 'asc' } });
      const names = new Map((await ctx.db.partyMember.findMany({ select: { id: true, name: true } })).map((m) => [m.id, m.name]));
      const title = `${ctx.auth.tenant.name} · ${t('party.reportTitle')}`;
      const subtitle = `${r.from} – ${r.to}`;
      const body = await pdfDocument(
        (doc) => {
          const section = (heading: string) => doc.moveDown(0.8).font('bold').fontSize(12).fillColor('#111').text(heading).moveDown(0.3).font('regular').fontSize(9);
          doc.font('bold').fontSize(16).text(title);
          doc.font('regular').fontSize(9).fillColor('#555').text(subtitle);
          section(t('party.reportMeetings'));
          if (!meetings.length) doc.text(t('party.empty'));
          for (const m of meetings) {
            const rate = m.attendanceRate === null ? '—' : t('party.attendance', { rate: Math.round(m.attendanceRate * 100) });
            doc.text(`${dayOf(m.heldOn, tz)}  ${t(`party.kinds.${m.kind}`)}  ${m.title}  ${rate}`);
          }
          section(t('party.reportStudy'));
          if (!study.length) doc.text(t('party.empty'));
          for (const s of study) doc.text(`${dayOf(s.studiedOn, tz)}  ${names.get(s.memberId) ?? ''}  ${s.title}  ${s.hours} h${s.notes ? `：${s.notes}` : ''}`);
          section(t('party.reportTotals'));
          for (const i of r.items) doc.text(`${i.rank}. ${i.name}  ${t('party.points')} ${i.points}（${i.meetings} × 2 + ${Math.floor(i.studyHours)}）`);
        },
        { title },
      );
      return { filename: `${t('party.reportTitle')}-${r.from}-${r.to}.pdf`, body };
    },
  }),
];
