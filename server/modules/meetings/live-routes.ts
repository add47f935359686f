import type { Request } from 'express';
import { z } from 'zod';
import { IdParams, Ok } from '#schema/api/common.ts';
import { Egress, EgressInput, LiveToken } from '#schema/meetings/api.ts';
import { can } from '#schema/permissions.ts';
import { ApiError } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import { logger } from '../../logger.ts';
import { egressView, ensureRoom, joinToken, liveKit, recordWebhook, roomName, startRecording, startStream, tokenTtlSeconds, type LiveRole } from './livekit.ts';
import { findMeeting, meetingError, type MeetingRow } from './service.ts';

async function requireLiveKit(ctx: RequestCtx) {
  const lk = await liveKit(ctx.services.config);
  if (!lk) throw meetingError(ctx.locale, 'unavailable', 'videoNotConfigured');
  return lk;
}

/** Staff host; people named as speakers on the agenda speak; confirmed registrants watch; nobody else gets in. */
async function liveRole(ctx: RequestCtx, m: MeetingRow): Promise<LiveRole | null> {
  if (can(ctx.auth.role, 'meeting.manage')) return 'host';
  const agenda = await ctx.db.meetingAgendaItem.findMany({ where: { meetingId: m.id }, select: { speakers: true } });
  if (agenda.some((a) => (a.speakers as { userId: string | null }[]).some((s) => s.userId === ctx.auth.user.id))) return 'speaker';
  const reg = await ctx.db.meetingRegistration.findFirst({ where: { meetingId: m.id, userId: ctx.auth.user.id, status: 'confirmed' } });
  return reg ? 'attendee' : null;
}

async function ensureMeetingRoom(ctx: RequestCtx, m: MeetingRow) {
  const lk = await requireLiveKit(ctx);
  const name = roomName(m.tenantId, m.id);
  if (m.liveRoom !== name) {
    await ensureRoom(lk, name, m.capacity);
    await ctx.write((tx) => tx.meeting.update({ where: { id: m.id }, data: { liveRoom: name } }));
  }
  return { lk, name };
}

export const liveRoutes = [
  defineRoute({
    method: 'post',
    path: '/meetings/{id}/live/token',
    tag: 'meetings',
    summary: 'A LiveKit join token for the caller: hosts and speakers publish, confirmed attendees watch; others are refused',
    access: 'meeting.read',
    resource: 'meeting',
    params: IdParams,
    response: LiveToken,
    async handler({ params, ctx }) {
      const m = await findMeeting(ctx, params.id);
      const lk = await requireLiveKit(ctx);
      if (m.status === 'cancelled') throw meetingError(ctx.locale, 'conflict', 'meetingCancelled');
      const role = await liveRole(ctx, m);
      if (!role) throw meetingError(ctx.locale, 'forbidden', 'notRegistered');
      const name = role === 'host' ? (await ensureMeetingRoom(ctx, m)).name : roomName(m.tenantId, m.id);
      const ttl = tokenTtlSeconds(m);
      const token = await joinToken(lk, { room: name, identity: ctx.auth.user.id, name: ctx.auth.user.name || ctx.auth.user.email, role, ttlSeconds: ttl });
      return { url: lk.url, room: name, token, role, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/meetings/{id}/live/egress',
    tag: 'meetings',
    summary: 'Recordings (replays) and RTMP streams of a meeting, from LiveKit',
    access: 'meeting.read',
    resource: 'meeting',
    params: IdParams,
    response: z.object({ items: z.array(Egress) }),
    async handler({ params, ctx }) {
      const m = await findMeeting(ctx, params.id);
      const lk = await requireLiveKit(ctx);
      const items = (await lk.egress.listEgress({ roomName: roomName(m.tenantId, m.id) })).map(egressView);
      // Attendees see finished recordings only; staff also see what is running.
      return { items: can(ctx.auth.role, 'meeting.manage') ? items : items.filter((e) => e.kind === 'recording' && e.status === 'complete') };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meetings/{id}/live/egress',
    tag: 'meetings',
    summary: 'Start recording, start RTMP streaming to other platforms, or stop one (LiveKit Egress)',
    access: 'meeting.manage',
    resource: 'meeting',
    params: IdParams,
    body: EgressInput,
    response: Egress,
    async handler({ params, body, ctx }) {
      const m = await findMeeting(ctx, params.id);
      const { lk, name } = await ensureMeetingRoom(ctx, m);
      if (body.action === 'stop') {
        const mine = (await lk.egress.listEgress({ roomName: name })).some((e) => e.egressId === body.egressId);
        if (!mine) throw new ApiError('not_found', { entity: 'resource' });
        return egressView(await lk.egress.stopEgress(body.egressId));
      }
      return egressView(body.action === 'record' ? await startRecording(lk, name, m.id) : await startStream(lk, name, body.rtmpUrls));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/livekit/webhook',
    tag: 'meetings',
    summary: "LiveKit's webhook (signed with the API secret): joins, leaves and watch time",
    access: 'public',
    response: Ok,
    async handler({ ctx, req }) {
      const lk = await liveKit(ctx.services.config);
      if (!lk) throw meetingError(ctx.locale, 'unavailable', 'videoNotConfigured');
      const raw = (req as Request & { rawBody?: Buffer }).rawBody;
      let event;
      try {
        event = await lk.webhooks.receive(raw?.toString('utf8') ?? '', req.get('authorization'));
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'LiveKit webhook refused');
        throw new ApiError('unauthenticated');
      }
      await recordWebhook(ctx.services, event);
      return { ok: true as const };
    },
  }),
];
