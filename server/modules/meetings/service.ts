import { randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { translator } from '#schema/i18n/index.ts';
import type { CreateMeetingInput, RegistrationStatus } from '#schema/meetings/api.ts';
import { checkAnswers, type FormField } from '#schema/meetings/form.ts';
import type { ErrorCode } from '#schema/errors.ts';
import type { Locale } from '#schema/roles.ts';
import { ApiError } from '../../http/errors.ts';
import type { RequestCtx, Services } from '../../http/routes.ts';
import { runInTenant, write, type ScopedTx } from '../../db/tenant-scope.ts';
import { logger } from '../../logger.ts';
import { tagNamesOfUser } from '../members/tags.ts';

type Status = z.infer<typeof RegistrationStatus>;
type MeetingInput = z.output<typeof CreateMeetingInput>;

/** A refusal with a reason the caller can read: the code's generic message plus `details.message`. */
export function meetingError(locale: Locale, code: ErrorCode, reason: string, params: Record<string, unknown> = {}) {
  const t = translator(locale);
  return new ApiError(code, {}, { reason, message: t(`meetings.errors.${reason}`, params) });
}

export function missing(locale: Locale, what: 'meeting' | 'registration' | 'question' | 'poll' | 'chatMessage' = 'meeting') {
  return new ApiError('not_found', { entity: translator(locale)(`meetings.entities.${what}`) });
}

// Badge codes avoid look-alike characters, so that staff can type them from a printed badge.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newCode = () => Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

export async function qrDataUrl(code: string) {
  const svg = await QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export type MeetingRow = NonNullable<Awaited<ReturnType<ScopedTx['meeting']['findFirst']>>>;
export type RegistrationRow = NonNullable<Awaited<ReturnType<ScopedTx['meetingRegistration']['findFirst']>>>;

export async function findMeeting(ctx: { db: RequestCtx['db']; locale: Locale }, id: string): Promise<MeetingRow> {
  const m = await ctx.db.meeting.findFirst({ where: { id } });
  if (!m) throw missing(ctx.locale);
  return m;
}

export async function countsOf(db: RequestCtx['db'] | ScopedTx, meeting: { id: string; capacity: number | null }) {
  const groups = await db.meetingRegistration.groupBy({ by: ['status'], where: { meetingId: meeting.id }, _count: { _all: true } });
  const n = (s: Status) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const checkedIn = await db.meetingRegistration.count({ where: { meetingId: meeting.id, checkedInAt: { not: null } } });
  return { confirmed: n('confirmed'), pending: n('pending'), waitlisted: n('waitlisted'), checkedIn, capacity: meeting.capacity };
}

const meetingData = (input: MeetingInput) => ({
  title: input.title,
  description: input.description,
  format: input.format,
  startsAt: new Date(input.startsAt),
  endsAt: new Date(input.endsAt),
  venueName: input.venue?.name ?? null,
  venueAddress: input.venue?.address ?? null,
  venueScenicArea: input.venue?.scenicArea ?? false,
  capacity: input.capacity,
  registrationOpensAt: input.registrationOpensAt ? new Date(input.registrationOpensAt) : null,
  registrationClosesAt: input.registrationClosesAt ? new Date(input.registrationClosesAt) : null,
  requiresApproval: input.requiresApproval,
  audience: input.audience,
  audienceTags: input.audienceTags,
  formFields: input.formFields,
  attendanceMinutes: input.attendanceMinutes,
});

async function writeAgenda(tx: ScopedTx, meetingId: string, agenda: MeetingInput['agenda']) {
  await tx.meetingAgendaItem.deleteMany({ where: { meetingId } });
  if (!agenda.length) return;
  await tx.meetingAgendaItem.createMany({
    data: agenda.map((a, position) => ({
      meetingId,
      position,
      title: a.title,
      startsAt: a.startsAt ? new Date(a.startsAt) : null,
      durationMinutes: a.durationMinutes,
      speakers: a.speakers,
    })) as never,
  });
}

function publishScheduled(s: Services, m: MeetingRow, actorId: string | null) {
  s.events.publish('meeting.scheduled', {
    tenantId: m.tenantId,
    meetingId: m.id,
    title: m.title,
    format: m.format as 'onsite' | 'online' | 'hybrid',
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    venue: m.venueName ? { name: m.venueName, address: m.venueAddress, scenicArea: m.venueScenicArea } : null,
    actorId,
  });
}

export async function createMeeting(ctx: RequestCtx, input: MeetingInput) {
  const meeting = await ctx.write(async (tx) => {
    const m = await tx.meeting.create({ data: { ...meetingData(input), tenantId: ctx.auth.tenant.id, createdById: ctx.auth.user.id } as never });
    await writeAgenda(tx, m.id, input.agenda);
    return m as MeetingRow;
  });
  publishScheduled(ctx.services, meeting, ctx.auth.user.id);
  return meeting;
}

/** Changes a meeting; a new time or venue is announced again as meeting.scheduled. Raising the capacity promotes from the waitlist. */
export async function updateMeeting(ctx: RequestCtx, id: string, input: MeetingInput) {
  const before = await findMeeting(ctx, id);
  if (before.status === 'cancelled') throw meetingError(ctx.locale, 'conflict', 'meetingCancelled');
  const { meeting, promoted } = await ctx.write(async (tx) => {
    await lockMeeting(tx, ctx.auth.tenant.id, id);
    const m = (await tx.meeting.update({ where: { id }, data: meetingData(input) as never })) as MeetingRow;
    await writeAgenda(tx, id, input.agenda);
    return { meeting: m, promoted: await promote(tx, m) };
  });
  const moved =
    before.startsAt.getTime() !== meeting.startsAt.getTime() ||
    before.endsAt.getTime() !== meeting.endsAt.getTime() ||
    before.venueName !== meeting.venueName ||
    before.venueAddress !== meeting.venueAddress ||
    before.venueScenicArea !== meeting.venueScenicArea ||
    before.format !== meeting.format ||
    before.title !== meeting.title;
  if (moved) publishScheduled(ctx.services, meeting, ctx.auth.user.id);
  await announcePromotions(ctx.services, meeting, promoted, ctx.auth.user.id);
  return meeting;
}

/**
 * Calls a meeting off, in one transaction under the meeting's lock: the meeting is marked cancelled
 * with its reason, and every pending, confirmed or waitlisted registration is cancelled with it, so
 * nobody can register or be promoted afterwards (the audit triggers record each row). Then the
 * registrants are told in the app and by e-mail, and the LiveKit room, if any, is closed.
 */
export async function cancelMeeting(ctx: RequestCtx, id: string, reason: string) {
  const tenantId = ctx.auth.tenant.id;
  const { meeting, cancelled } = await oneAtATime(ctx.services, `${tenantId}:${id}`, () =>
    ctx.write(async (tx) => {
      await lockMeeting(tx, tenantId, id);
      const current = (await tx.meeting.findFirst({ where: { id } })) as MeetingRow | null;
      if (!current) throw missing(ctx.locale);
      if (current.status === 'cancelled') throw meetingError(ctx.locale, 'conflict', 'meetingCancelled');
      const affected = await tx.meetingRegistration.findMany({ where: { meetingId: id, status: { in: active } }, select: { id: true, userId: true } });
      await tx.meetingRegistration.updateMany({ where: { meetingId: id, status: { in: active } }, data: { status: 'cancelled' } });
      const m = (await tx.meeting.update({
        where: { id },
        data: { status: 'cancelled', cancelReason: reason, cancelledAt: new Date(), cancelledById: ctx.auth.user.id },
      })) as MeetingRow;
      return { meeting: m, cancelled: affected };
    }),
  );
  ctx.services.events.publish('meeting.cancelled', { tenantId, meetingId: id, title: meeting.title, reason, registrationsCancelled: cancelled.length, actorId: ctx.auth.user.id });
  if (cancelled.length) {
    const t = translator('zh-CN');
    await ctx.services.notify({
      tenantId,
      userIds: cancelled.map((r) => r.userId),
      kind: 'meeting.cancelled',
      title: t('meetings.notify.cancelledTitle', { title: meeting.title }),
      body: t('meetings.notify.cancelledBody', { title: meeting.title, reason }),
      link: `/meetings/${id}`,
      email: true,
    });
  }
  await closeLiveRoom(ctx.services, meeting);
  return meeting;
}

/** Closes the meeting's LiveKit room when video is configured (anyone still in it is disconnected). */
async function closeLiveRoom(s: Services, meeting: MeetingRow) {
  const { liveKit, roomName } = await import('./livekit.ts');
  const lk = await liveKit(s.config);
  if (!lk) return;
  try {
    await lk.rooms.deleteRoom(roomName(meeting.tenantId, meeting.id));
  } catch (err) {
    // A room nobody opened does not exist on LiveKit: nothing to close.
    logger.info({ err: (err as Error).message, meetingId: meeting.id }, 'LiveKit room not deleted');
  }
}

/**
 * Changes to one meeting's registrations queue here, one at a time per process, before they open
 * a transaction (per server instance): under a burst, waiting in memory costs nothing, while transactions waiting on the
 * row lock below would each hold a pooled connection and starve everyone else. The row lock still
 * orders them across processes.
 */
const queuesOf = new WeakMap<object, Map<string, Promise<unknown>>>();
export function oneAtATime<T>(s: Services, key: string, fn: () => Promise<T>): Promise<T> {
  if (!queuesOf.has(s)) queuesOf.set(s, new Map());
  const queues = queuesOf.get(s)!;
  const prev = queues.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => {});
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

/** Row lock on the meeting: registrations, cancellations and approvals of one meeting run one at a time. */
async function lockMeeting(tx: ScopedTx, tenantId: string, meetingId: string) {
  await tx.$queryRaw`SELECT id FROM "Meeting" WHERE id = ${meetingId} AND "tenantId" = ${tenantId} FOR UPDATE`;
}

/** Confirms waitlisted people, oldest first, while seats are free. Runs under the meeting lock. */
async function promote(tx: ScopedTx, meeting: MeetingRow): Promise<RegistrationRow[]> {
  if (meeting.status !== 'scheduled') return [];
  const confirmed = await tx.meetingRegistration.count({ where: { meetingId: meeting.id, status: 'confirmed' } });
  const free = meeting.capacity === null ? Number.MAX_SAFE_INTEGER : meeting.capacity - confirmed;
  if (free <= 0) return [];
  const next = await tx.meetingRegistration.findMany({
    where: { meetingId: meeting.id, status: 'waitlisted' },
    orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
    take: Math.min(free, 10_000),
  });
  if (!next.length) return [];
  await tx.meetingRegistration.updateMany({ where: { id: { in: next.map((r) => r.id) } }, data: { status: 'confirmed' } });
  return next.map((r) => ({ ...r, status: 'confirmed' }));
}

async function announcePromotions(s: Services, meeting: MeetingRow, promoted: RegistrationRow[], actorId: string | null) {
  for (const r of promoted) {
    s.events.publish('meeting.registration.changed', { tenantId: meeting.tenantId, meetingId: meeting.id, registrationId: r.id, userId: r.userId, status: 'confirmed', actorId });
  }
  if (!promoted.length) return;
  const t = translator('zh-CN');
  await s.notify({
    tenantId: meeting.tenantId,
    userIds: promoted.map((r) => r.userId),
    kind: 'meeting.promoted',
    title: t('meetings.notify.promotedTitle', { title: meeting.title }),
    body: t('meetings.notify.promotedBody', { title: meeting.title }),
    link: `/meetings/${meeting.id}`,
    email: true,
  });
}

export function registrationOpen(m: MeetingRow, now = new Date()) {
  if (m.status !== 'scheduled' || now >= m.endsAt) return false;
  if (m.registrationOpensAt && now < m.registrationOpensAt) return false;
  if (m.registrationClosesAt && now >= m.registrationClosesAt) return false;
  return true;
}

const active: Status[] = ['pending', 'confirmed', 'waitlisted'];

/**
 * Audience 'tagged' (members with given tags): only people of a member company carrying at least
 * one of the meeting's tags may register; anyone else is told which tags the meeting is open to.
 */
export async function checkAudience(ctx: RequestCtx, meeting: MeetingRow) {
  if (meeting.audience !== 'tagged' || !meeting.audienceTags.length) return;
  const mine = await tagNamesOfUser(ctx.db, ctx.auth.user);
  if (meeting.audienceTags.some((tag) => mine.has(tag))) return;
  const tags = meeting.audienceTags.join(translator(ctx.locale)('members.tags.separator'));
  throw new ApiError('forbidden', { action: 'meeting.register' }, { reason: 'audienceTags', message: translator(ctx.locale)('members.tags.audienceOnly', { tags }) });
}

/**
 * Registers the caller. The meeting row is locked for the transaction, so concurrent
 * registrations are counted one after another and the capacity is never exceeded.
 */
export async function register(ctx: RequestCtx, meetingId: string, rawAnswers: Record<string, unknown>) {
  const meeting = await findMeeting(ctx, meetingId);
  if (meeting.status === 'cancelled') throw meetingError(ctx.locale, 'conflict', 'meetingCancelled');
  if (!registrationOpen(meeting)) throw meetingError(ctx.locale, 'conflict', 'registrationClosed');
  await checkAudience(ctx, meeting);
  const { answers, errors } = checkAnswers(meeting.formFields as unknown as FormField[], rawAnswers);
  if (Object.keys(errors).length) {
    const t = translator(ctx.locale);
    throw new ApiError(
      'validation_failed',
      {},
      Object.entries(errors).map(([k, e]) => ({ path: `body.answers.${k}`, code: e, message: t(e === 'required' ? 'validation.required' : 'meetings.errors.invalidAnswer') })),
    );
  }
  const user = ctx.auth.user;
  const tenantId = ctx.auth.tenant.id;
  const reg = await oneAtATime(ctx.services, `${tenantId}:${meetingId}`, () => ctx.write(async (tx) => {
    await lockMeeting(tx, tenantId, meetingId);
    const existing = await tx.meetingRegistration.findFirst({ where: { meetingId, userId: user.id } });
    if (existing && active.includes(existing.status as Status)) throw meetingError(ctx.locale, 'conflict', 'alreadyRegistered');
    if (existing?.status === 'rejected') throw meetingError(ctx.locale, 'conflict', 'rejected');
    let status: Status;
    if (meeting.requiresApproval) status = 'pending';
    else {
      const confirmed = await tx.meetingRegistration.count({ where: { meetingId, status: 'confirmed' } });
      status = meeting.capacity === null || confirmed < meeting.capacity ? 'confirmed' : 'waitlisted';
    }
    const data = { name: user.name || user.email, email: user.email, answers, status, checkedInAt: null, checkedInById: null };
    return existing
      ? tx.meetingRegistration.update({ where: { id: existing.id }, data })
      : tx.meetingRegistration.create({ data: { ...data, tenantId, meetingId, userId: user.id, code: newCode() } as never });
  }));
  ctx.services.events.publish('meeting.registration.changed', { tenantId, meetingId, registrationId: reg.id, userId: user.id, status: reg.status, actorId: user.id });
  return reg as RegistrationRow;
}

/** Cancels or decides on a registration; a freed seat goes to the next person on the waitlist in the same transaction. */
export async function changeRegistration(ctx: RequestCtx, reg: RegistrationRow, decision: 'approve' | 'reject' | 'cancel') {
  const tenantId = ctx.auth.tenant.id;
  const { updated, promoted, meeting } = await oneAtATime(ctx.services, `${tenantId}:${reg.meetingId}`, () => ctx.write(async (tx) => {
    await lockMeeting(tx, tenantId, reg.meetingId);
    const meeting = (await tx.meeting.findFirst({ where: { id: reg.meetingId } })) as MeetingRow;
    const current = await tx.meetingRegistration.findFirst({ where: { id: reg.id } });
    if (!current) throw missing(ctx.locale, 'registration');
    if (meeting.status === 'cancelled') throw meetingError(ctx.locale, 'conflict', 'meetingCancelled');
    let status: Status;
    if (decision === 'cancel') {
      if (current.status === 'cancelled' || current.status === 'rejected') throw meetingError(ctx.locale, 'conflict', 'notActive');
      status = 'cancelled';
    } else if (decision === 'reject') {
      if (current.status !== 'pending' && current.status !== 'waitlisted') throw meetingError(ctx.locale, 'conflict', 'notPending');
      status = 'rejected';
    } else {
      if (current.status !== 'pending') throw meetingError(ctx.locale, 'conflict', 'notPending');
      const confirmed = await tx.meetingRegistration.count({ where: { meetingId: reg.meetingId, status: 'confirmed' } });
      status = meeting.capacity === null || confirmed < meeting.capacity ? 'confirmed' : 'waitlisted';
    }
    const updated = await tx.meetingRegistration.update({ where: { id: reg.id }, data: { status } });
    const promoted = current.status === 'confirmed' && status === 'cancelled' ? await promote(tx, meeting) : [];
    return { updated: updated as RegistrationRow, promoted, meeting };
  }));
  ctx.services.events.publish('meeting.registration.changed', { tenantId, meetingId: reg.meetingId, registrationId: reg.id, userId: reg.userId, status: updated.status, actorId: ctx.auth.user.id });
  if (decision !== 'cancel' || updated.userId !== ctx.auth.user.id) {
    const t = translator('zh-CN');
    await ctx.services.notify({
      tenantId,
      userIds: [updated.userId],
      kind: 'meeting.registration',
      title: t('meetings.notify.statusTitle', { title: meeting.title }),
      body: t('meetings.notify.statusBody', { title: meeting.title, status: t(`meetings.status.${updated.status}`) }),
      link: `/meetings/${meeting.id}`,
    });
  }
  await announcePromotions(ctx.services, meeting, promoted, ctx.auth.user.id);
  return updated;
}

/**
 * Checks a confirmed attendee in. Idempotent: the second scan of a badge (or two staff scanning
 * it at once) finds it already checked in and changes nothing. The first check-in is attendance.
 */
export async function checkIn(ctx: RequestCtx, meetingId: string, by: { code?: string; registrationId?: string }) {
  const meeting = await findMeeting(ctx, meetingId);
  const reg = await ctx.db.meetingRegistration.findFirst({
    where: { meetingId, ...(by.code ? { code: by.code.trim().toUpperCase() } : { id: by.registrationId }) },
  });
  if (!reg) throw missing(ctx.locale, 'registration');
  if (reg.status !== 'confirmed') throw meetingError(ctx.locale, 'conflict', 'notConfirmed', { status: translator(ctx.locale)(`meetings.status.${reg.status}`) });
  const now = new Date();
  const { count } = await ctx.write((tx) =>
    tx.meetingRegistration.updateMany({ where: { id: reg.id, checkedInAt: null }, data: { checkedInAt: now, checkedInById: ctx.auth.user.id } }),
  );
  const fresh = (await ctx.db.meetingRegistration.findFirst({ where: { id: reg.id } })) as RegistrationRow;
  const counts = await countsOf(ctx.db, meeting);
  if (count === 1) {
    ctx.services.events.publish('meeting.checkedIn', {
      tenantId: meeting.tenantId,
      meetingId,
      registrationId: reg.id,
      userId: reg.userId,
      checkedIn: counts.checkedIn,
      confirmed: counts.confirmed,
      actorId: ctx.auth.user.id,
    });
    await markAttended(ctx.services, meeting, fresh, 'onsite', null, ctx.auth.user.id);
  }
  return { registration: fresh, alreadyCheckedIn: count === 0, counts };
}

/** Attendance happens once per registration (on site or online, whichever comes first) and reaches the points system as meeting.attended. */
export async function markAttended(s: Services, meeting: MeetingRow, reg: RegistrationRow, mode: 'onsite' | 'online', watchMinutes: number | null, actorId: string | null) {
  const at = new Date();
  const { count } = await runInTenant({ tenantId: meeting.tenantId, actorId }, () =>
    write(s.scoped, (tx) => tx.meetingRegistration.updateMany({ where: { id: reg.id, attendedAt: null }, data: { attendedAt: at } })),
  );
  if (count !== 1) return false;
  s.events.publish('meeting.attended', { tenantId: meeting.tenantId, meetingId: meeting.id, title: meeting.title, userId: reg.userId, mode, watchMinutes, at: at.toISOString() });
  return true;
}

/** Waitlist position of a registration (1 = next to be promoted). */
export async function waitlistPosition(db: RequestCtx['db'], reg: RegistrationRow) {
  if (reg.status !== 'waitlisted') return null;
  const ahead = await db.meetingRegistration.count({
    where: { meetingId: reg.meetingId, status: 'waitlisted', OR: [{ updatedAt: { lt: reg.updatedAt } }, { updatedAt: reg.updatedAt, id: { lt: reg.id } }] },
  });
  return ahead + 1;
}
