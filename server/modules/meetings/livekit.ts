import type { EgressClient, EgressInfo, EgressStatus, RoomServiceClient, WebhookEvent, WebhookReceiver } from 'livekit-server-sdk';
import type { Config } from '../../config.ts';
import { runInTenant, write } from '../../db/tenant-scope.ts';
import type { Services } from '../../http/routes.ts';
import { logger } from '../../logger.ts';
import { markAttended, type MeetingRow, type RegistrationRow } from './service.ts';

/** The LiveKit clients of this server, or null when LIVEKIT_URL, _API_KEY and _API_SECRET are not all set. */
export interface LiveKit {
  url: string;
  apiKey: string;
  apiSecret: string;
  rooms: RoomServiceClient;
  egress: EgressClient;
  webhooks: WebhookReceiver;
}

const clients = new WeakMap<Config, LiveKit | null>();
// The SDK (and its protobuf runtime, ~35 MB) is loaded only by servers that have LiveKit configured.
let sdk: typeof import('livekit-server-sdk');

export async function liveKit(config: Config): Promise<LiveKit | null> {
  if (clients.has(config)) return clients.get(config)!;
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = config;
  if (url && apiKey && apiSecret) sdk ??= await import('livekit-server-sdk');
  const { RoomServiceClient, EgressClient, WebhookReceiver } = sdk ?? {};
  const lk =
    url && apiKey && apiSecret
      ? {
          url,
          apiKey,
          apiSecret,
          // The Twirp APIs speak HTTP on the same host as the signalling WebSocket.
          rooms: new RoomServiceClient(url, apiKey, apiSecret),
          egress: new EgressClient(url, apiKey, apiSecret),
          webhooks: new WebhookReceiver(apiKey, apiSecret),
        }
      : null;
  clients.set(config, lk);
  return lk;
}

/** Room names carry the association and the meeting, so that a webhook finds its tenant without a session. */
export const roomName = (tenantId: string, meetingId: string) => `xh_${tenantId}_${meetingId}`;
const ROOM = /^xh_([0-9a-f-]{36})_([0-9a-f-]{36})$/;
export function parseRoomName(name: string | undefined): { tenantId: string; meetingId: string } | null {
  const m = ROOM.exec(name ?? '');
  return m ? { tenantId: m[1], meetingId: m[2] } : null;
}

export type LiveRole = 'host' | 'speaker' | 'attendee';

/** Join tokens live as long as the meeting (plus half an hour), at least 10 minutes and at most 4 hours. */
export function tokenTtlSeconds(meeting: { endsAt: Date }, now = new Date()) {
  const untilEnd = Math.floor((meeting.endsAt.getTime() + 30 * 60_000 - now.getTime()) / 1000);
  return Math.min(4 * 3600, Math.max(10 * 60, untilEnd));
}

/** A join token: hosts and speakers publish, attendees only watch (and send no data: chat goes through Socket.IO). */
export async function joinToken(lk: LiveKit, opts: { room: string; identity: string; name: string; role: LiveRole; ttlSeconds: number }) {
  const at = new sdk.AccessToken(lk.apiKey, lk.apiSecret, { identity: opts.identity, name: opts.name, ttl: opts.ttlSeconds, metadata: JSON.stringify({ role: opts.role }) });
  const publishes = opts.role !== 'attendee';
  at.addGrant({ room: opts.room, roomJoin: true, canSubscribe: true, canPublish: publishes, canPublishData: publishes, roomAdmin: opts.role === 'host' });
  return at.toJwt();
}

export async function ensureRoom(lk: LiveKit, name: string, maxParticipants: number | null) {
  await lk.rooms.createRoom({ name, emptyTimeout: 15 * 60, departureTimeout: 60, maxParticipants: maxParticipants ? maxParticipants + 50 : 0 });
}

export async function startRecording(lk: LiveKit, room: string, meetingId: string) {
  return lk.egress.startRoomCompositeEgress(room, { file: new sdk.EncodedFileOutput({ filepath: `meetings/${meetingId}/{room_name}-{time}.mp4` }) }, { layout: 'speaker' });
}

export async function startStream(lk: LiveKit, room: string, urls: string[]) {
  return lk.egress.startRoomCompositeEgress(room, { stream: new sdk.StreamOutput({ protocol: sdk.StreamProtocol.RTMP, urls }) }, { layout: 'speaker' });
}

const statusName = (s: EgressStatus) => {
  const { EgressStatus: S } = sdk;
  return (({ [S.EGRESS_STARTING]: 'starting', [S.EGRESS_ACTIVE]: 'active', [S.EGRESS_ENDING]: 'ending', [S.EGRESS_COMPLETE]: 'complete', [S.EGRESS_FAILED]: 'failed', [S.EGRESS_ABORTED]: 'aborted', [S.EGRESS_LIMIT_REACHED]: 'limit_reached' }) as Record<number, string>)[s] ?? 'unknown';
};

const nsToIso = (ns: bigint | undefined) => (ns && ns > 0n ? new Date(Number(ns / 1_000_000n)).toISOString() : null);

export function egressView(e: EgressInfo) {
  const files = e.fileResults?.length ? e.fileResults : [];
  return {
    egressId: e.egressId,
    kind: (e.streamResults?.length || e.request.case === 'roomComposite' && e.request.value.streamOutputs?.length ? 'stream' : 'recording') as 'stream' | 'recording',
    status: statusName(e.status),
    startedAt: nsToIso(e.startedAt),
    endedAt: nsToIso(e.endedAt),
    files: files.map((f) => ({ filename: f.filename, location: f.location, durationSeconds: Number((f.duration ?? 0n) / 1_000_000_000n) })),
  };
}

/**
 * Joins and leaves from LiveKit webhooks become watch time: one row per stretch, summed on the
 * registration. Watching at least the meeting's threshold counts as attendance (once).
 */
export async function recordWebhook(s: Services, event: WebhookEvent) {
  const where = parseRoomName(event.room?.name);
  if (!where) return 'ignored';
  const at = event.createdAt ? new Date(Number(event.createdAt) * 1000) : new Date();
  return runInTenant({ tenantId: where.tenantId, actorId: null }, async () => {
    const meeting = (await s.scoped.meeting.findFirst({ where: { id: where.meetingId } })) as MeetingRow | null;
    if (!meeting) return 'ignored';
    if (event.event === 'participant_joined' && event.participant) {
      const userId = event.participant.identity;
      await write(s.scoped, (tx) =>
        tx.meetingWatchSession.create({ data: { meetingId: meeting.id, userId, participant: event.participant!.sid, joinedAt: at } as never }),
      );
      return 'joined';
    }
    if ((event.event === 'participant_left' && event.participant) || event.event === 'room_finished') {
      const open = await s.scoped.meetingWatchSession.findMany({
        where: { meetingId: meeting.id, leftAt: null, ...(event.participant ? { participant: event.participant.sid } : {}) },
      });
      const reached: RegistrationRow[] = [];
      await write(s.scoped, async (tx) => {
        for (const w of open) {
          const seconds = Math.max(0, Math.round((at.getTime() - w.joinedAt.getTime()) / 1000));
          await tx.meetingWatchSession.update({ where: { id: w.id }, data: { leftAt: at } });
          const reg = await tx.meetingRegistration.findFirst({ where: { meetingId: meeting.id, userId: w.userId } });
          if (!reg) continue;
          const updated = (await tx.meetingRegistration.update({ where: { id: reg.id }, data: { watchSeconds: { increment: seconds } } })) as RegistrationRow;
          if (updated.status === 'confirmed' && !updated.attendedAt && updated.watchSeconds >= meeting.attendanceMinutes * 60) reached.push(updated);
        }
      });
      for (const r of reached) await markAttended(s, meeting, r, 'online', Math.floor(r.watchSeconds / 60), null);
      return 'left';
    }
    return 'ignored';
  }).catch((err) => {
    logger.warn({ err, event: event.event }, 'LiveKit webhook not recorded');
    throw err;
  });
}
