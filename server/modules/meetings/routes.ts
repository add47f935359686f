import { z } from 'zod';
import { IdParams } from '#schema/api/common.ts';
import { translator } from '#schema/i18n/index.ts';
import {
  CancelMeetingInput,
  CheckInInput,
  CheckInResult,
  CreateMeetingInput,
  DecisionInput,
  Meeting,
  MeetingListQuery,
  MeetingSummary,
  RegisterInput,
  Registration,
  RegistrationQuery,
  UpdateMeetingInput,
  MyRegistration,
  Counts,
} from '#schema/meetings/api.ts';
import { EXPORT_LIMIT } from '../../exports/files.ts';
import { zonedDateTime } from '../../exports/dates.ts';
import { xlsxTable, type Column } from '../../exports/xlsx.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import {
  cancelMeeting,
  changeRegistration,
  checkIn,
  countsOf,
  createMeeting,
  findMeeting,
  missing,
  qrDataUrl,
  register,
  registrationOpen,
  updateMeeting,
  waitlistPosition,
  type MeetingRow,
  type RegistrationRow,
} from './service.ts';

const venueOf = (m: MeetingRow) => (m.venueName ? { name: m.venueName, address: m.venueAddress, scenicArea: m.venueScenicArea } : null);

async function summary(ctx: RequestCtx, m: MeetingRow, myStatus: string | null) {
  return {
    id: m.id,
    title: m.title,
    format: m.format as 'onsite',
    status: m.status as 'scheduled',
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    venue: venueOf(m),
    audience: m.audience as 'members',
    counts: await countsOf(ctx.db, m),
    myStatus: myStatus as 'confirmed' | null,
    cancellation: m.status === 'cancelled' ? { reason: m.cancelReason ?? '', at: (m.cancelledAt ?? m.updatedAt).toISOString() } : null,
  };
}

export const registrationView = (r: RegistrationRow) => ({
  id: r.id,
  userId: r.userId,
  name: r.name,
  email: r.email,
  status: r.status as 'confirmed',
  answers: r.answers as Record<string, unknown>,
  code: r.code,
  checkedInAt: r.checkedInAt?.toISOString() ?? null,
  watchMinutes: Math.floor(r.watchSeconds / 60),
  attended: !!r.attendedAt,
  createdAt: r.createdAt.toISOString(),
});

async function detail(ctx: RequestCtx, m: MeetingRow) {
  const agenda = await ctx.db.meetingAgendaItem.findMany({ where: { meetingId: m.id }, orderBy: { position: 'asc' } });
  const mine = await ctx.db.meetingRegistration.findFirst({ where: { meetingId: m.id, userId: ctx.auth.user.id } });
  const s = ctx.services.config;
  return {
    ...(await summary(ctx, m, mine?.status ?? null)),
    description: m.description,
    capacity: m.capacity,
    registrationOpensAt: m.registrationOpensAt?.toISOString() ?? null,
    registrationClosesAt: m.registrationClosesAt?.toISOString() ?? null,
    requiresApproval: m.requiresApproval,
    audienceTags: m.audienceTags,
    formFields: m.formFields as never,
    attendanceMinutes: m.attendanceMinutes,
    agenda: agenda.map((a) => ({
      id: a.id,
      title: a.title,
      startsAt: a.startsAt?.toISOString() ?? null,
      durationMinutes: a.durationMinutes,
      speakers: a.speakers as { name: string; userId: string | null; affiliation: string | null }[],
    })),
    registrationOpen: registrationOpen(m),
    mine: mine
      ? {
          id: mine.id,
          status: mine.status as 'confirmed',
          code: mine.code,
          qr: await qrDataUrl(mine.code),
          waitlistPosition: await waitlistPosition(ctx.db, mine),
          answers: mine.answers as Record<string, unknown>,
          checkedInAt: mine.checkedInAt?.toISOString() ?? null,
        }
      : null,
    videoConfigured: !!(s.LIVEKIT_URL && s.LIVEKIT_API_KEY && s.LIVEKIT_API_SECRET),
    survey: {
      open: !!mine?.attendedAt && m.endsAt <= new Date(),
      answered: !!(await ctx.db.meetingSurveyResponse.findFirst({ where: { meetingId: m.id, userId: ctx.auth.user.id }, select: { id: true } })),
    },
  };
}

async function findRegistration(ctx: RequestCtx, id: string) {
  const r = await ctx.db.meetingRegistration.findFirst({ where: { id } });
  if (!r) throw missing(ctx.locale, 'registration');
  return r;
}

function searchWhere(meetingId: string, q: { q?: string; status?: string }) {
  const text = q.q?.trim();
  return {
    meetingId,
    ...(q.status ? { status: q.status } : {}),
    ...(text
      ? { OR: [{ name: { contains: text, mode: 'insensitive' as const } }, { email: { contains: text, mode: 'insensitive' as const } }, { code: text.toUpperCase() }] }
      : {}),
  };
}

export const meetingRoutes = [
  defineRoute({
    method: 'get',
    path: '/meetings',
    tag: 'meetings',
    summary: 'Meetings of this association: upcoming (default), past or all',
    access: 'meeting.read',
    query: MeetingListQuery,
    response: z.object({ items: z.array(MeetingSummary) }),
    async handler({ query, ctx }) {
      const now = new Date();
      const where = query.when === 'upcoming' ? { endsAt: { gte: now } } : query.when === 'past' ? { endsAt: { lt: now } } : {};
      const rows = (await ctx.db.meeting.findMany({ where, orderBy: { startsAt: query.when === 'past' ? 'desc' : 'asc' }, take: 200 })) as MeetingRow[];
      const mine = await ctx.db.meetingRegistration.findMany({ where: { userId: ctx.auth.user.id, meetingId: { in: rows.map((r) => r.id) } }, select: { meetingId: true, status: true } });
      const status = new Map(mine.map((r) => [r.meetingId, r.status]));
      return { items: await Promise.all(rows.map((m) => summary(ctx, m, status.get(m.id) ?? null))) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meetings',
    tag: 'meetings',
    summary: 'Schedule a meeting (announced as meeting.scheduled)',
    access: 'meeting.manage',
    body: CreateMeetingInput,
    response: Meeting,
    status: 201,
    handler: async ({ body, ctx }) => detail(ctx, await createMeeting(ctx, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/meetings/{id}',
    tag: 'meetings',
    summary: "One meeting with its agenda, counts and the caller's registration (with its QR code)",
    access: 'meeting.read',
    resource: 'meeting',
    params: IdParams,
    response: Meeting,
    handler: async ({ params, ctx }) => detail(ctx, await findMeeting(ctx, params.id)),
  }),
  defineRoute({
    method: 'put',
    path: '/meetings/{id}',
    tag: 'meetings',
    summary: 'Change a meeting; a new time or venue is announced again, more seats promote from the waitlist',
    access: 'meeting.manage',
    resource: 'meeting',
    params: IdParams,
    body: UpdateMeetingInput,
    response: Meeting,
    handler: async ({ params, body, ctx }) => detail(ctx, await updateMeeting(ctx, params.id, body)),
  }),
  defineRoute({
    method: 'post',
    path: '/meetings/{id}/cancel',
    tag: 'meetings',
    summary: 'Call a meeting off with a reason: its registrations are cancelled, registrants notified, the live room closed; nobody can register afterwards',
    access: 'meeting.manage',
    resource: 'meeting',
    params: IdParams,
    body: CancelMeetingInput,
    response: Meeting,
    handler: async ({ params, body, ctx }) => detail(ctx, await cancelMeeting(ctx, params.id, body.reason)),
  }),
  defineRoute({
    method: 'post',
    path: '/meetings/{id}/registration',
    tag: 'meetings',
    summary: 'Register for a meeting: confirmed, pending approval, or waitlisted when full',
    access: 'meeting.register',
    resource: 'meeting',
    params: IdParams,
    body: RegisterInput,
    response: MyRegistration,
    status: 201,
    async handler({ params, body, ctx }) {
      const r = await register(ctx, params.id, body.answers);
      return {
        id: r.id,
        status: r.status as 'confirmed',
        code: r.code,
        qr: await qrDataUrl(r.code),
        waitlistPosition: await waitlistPosition(ctx.db, r),
        answers: r.answers as Record<string, unknown>,
        checkedInAt: null,
      };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/meetings/{id}/registration',
    tag: 'meetings',
    summary: 'Cancel my registration; a freed seat goes to the next person on the waitlist',
    access: 'meeting.register',
    resource: 'meeting',
    params: IdParams,
    response: null,
    status: 204,
    async handler({ params, ctx }) {
      await findMeeting(ctx, params.id);
      const mine = await ctx.db.meetingRegistration.findFirst({ where: { meetingId: params.id, userId: ctx.auth.user.id } });
      if (!mine) throw missing(ctx.locale, 'registration');
      await changeRegistration(ctx, mine, 'cancel');
    },
  }),
  defineRoute({
    method: 'get',
    path: '/meetings/{id}/registrations',
    tag: 'meetings',
    summary: 'Registrations of a meeting, searchable by name, e-mail or badge code (for check-in)',
    access: 'meeting.checkin',
    resource: 'meeting',
    params: IdParams,
    query: RegistrationQuery,
    response: z.object({ items: z.array(Registration), counts: Counts }),
    async handler({ params, query, ctx }) {
      const m = await findMeeting(ctx, params.id);
      const rows = await ctx.db.meetingRegistration.findMany({ where: searchWhere(m.id, query), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 500 });
      return { items: rows.map(registrationView), counts: await countsOf(ctx.db, m) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/meetings/{id}/registrations/export',
    tag: 'meetings',
    summary: 'The attendee list as XLSX, with the answers to the custom fields',
    access: 'meeting.manage',
    resource: 'meeting',
    params: IdParams,
    query: RegistrationQuery,
    response: 'file',
    produces: ['xlsx'],
    async handler({ params, query, ctx }) {
      const t = translator(ctx.locale);
      const tz = ctx.auth.tenant.timeZone;
      const m = await findMeeting(ctx, params.id);
      const rows = await ctx.db.meetingRegistration.findMany({ where: searchWhere(m.id, query), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: EXPORT_LIMIT });
      const fields = m.formFields as { key: string; label: string }[];
      const columns: Column<RegistrationRow>[] = [
        { header: t('meetings.fields.name'), width: 14, value: (r) => r.name },
        { header: t('meetings.fields.email'), width: 24, value: (r) => r.email },
        { header: t('meetings.fields.status'), width: 10, value: (r) => t(`meetings.status.${r.status}`) },
        { header: t('meetings.fields.registeredAt'), width: 17, value: (r) => zonedDateTime(r.createdAt, tz) },
        { header: t('meetings.fields.code'), width: 12, value: (r) => r.code },
        { header: t('meetings.fields.checkedInAt'), width: 17, value: (r) => (r.checkedInAt ? zonedDateTime(r.checkedInAt, tz) : '') },
        { header: t('meetings.fields.watchMinutes'), width: 10, value: (r) => Math.floor(r.watchSeconds / 60) },
        ...fields.map((f) => ({
          header: f.label,
          width: 16,
          value: (r: RegistrationRow) => {
            const v = (r.answers as Record<string, unknown>)[f.key];
            return typeof v === 'boolean' ? t(v ? 'meetings.yes' : 'meetings.no') : (v as string | number | undefined);
          },
        })),
      ];
      const title = `${m.title} · ${t('meetings.attendeeList')}`;
      return { filename: `${m.title}-${t('meetings.attendeeList')}.xlsx`, body: await xlsxTable({ sheet: t('meetings.attendeeList'), title, columns, rows }) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meeting-registrations/{id}/decision',
    tag: 'meetings',
    summary: 'Approve, reject or cancel a registration (staff); approval takes a seat or a waitlist place',
    access: 'meeting.manage',
    resource: 'meetingRegistration',
    params: IdParams,
    body: DecisionInput,
    response: Registration,
    handler: async ({ params, body, ctx }) => registrationView(await changeRegistration(ctx, await findRegistration(ctx, params.id), body.decision)),
  }),
  defineRoute({
    method: 'post',
    path: '/meetings/{id}/check-in',
    tag: 'meetings',
    summary: 'Check an attendee in by badge code or registration; checking in twice changes nothing',
    access: 'meeting.checkin',
    resource: 'meeting',
    params: IdParams,
    body: CheckInInput,
    response: CheckInResult,
    async handler({ params, body, ctx }) {
      const r = await checkIn(ctx, params.id, body);
      return { ...r, registration: registrationView(r.registration) };
    },
  }),
];

