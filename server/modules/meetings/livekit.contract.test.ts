// Contract test of our side of LiveKit. No LiveKit server can run here, so a local HTTP server
// answers the same Twirp JSON paths (POST /twirp/livekit.RoomService/CreateRoom,
// /twirp/livekit.Egress/StartRoomCompositeEgress, ListEgress, StopEgress) and checks each call's
// token with livekit-server-sdk's TokenVerifier; join tokens are checked with TokenVerifier too, and
// webhooks are signed the way LiveKit signs them (an AccessToken carrying the body's sha256).
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { loadConfig } from '../../config.ts';
import { roomName } from './livekit.ts';
import { inDays, makeAttendees, meetingBody } from './testing.ts';

const KEY = 'devkey';
const SECRET = 'a-secret-that-is-long-enough-for-hs256-signing';
const verifier = new TokenVerifier(KEY, SECRET);

interface Call {
  path: string;
  body: Record<string, any>;
  grants: Record<string, any>;
}
const calls: Call[] = [];
const egresses = new Map<string, Record<string, unknown>>();
let twirp: Server;
let server: TestServer;
let staff: ApiClient;
let tenantId: string;

beforeAll(async () => {
  twirp = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    let grants: Record<string, any>;
    try {
      grants = (await verifier.verify((req.headers.authorization ?? '').replace(/^Bearer /, ''))).video ?? {};
    } catch {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'unauthenticated', msg: 'bad token' }));
      return;
    }
    calls.push({ path: req.url!, body, grants });
    const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    switch (req.url) {
      case '/twirp/livekit.RoomService/CreateRoom':
        if (!grants.roomCreate) return reply(403, { code: 'permission_denied', msg: 'roomCreate' });
        return reply(200, { sid: 'RM_1', name: body.name, emptyTimeout: body.emptyTimeout, maxParticipants: body.maxParticipants });
      case '/twirp/livekit.RoomService/DeleteRoom':
        if (!grants.roomCreate) return reply(403, { code: 'permission_denied', msg: 'roomCreate' });
        return reply(200, {});
      case '/twirp/livekit.Egress/StartRoomCompositeEgress': {
        if (!grants.roomRecord) return reply(403, { code: 'permission_denied', msg: 'roomRecord' });
        const id = `EG_${egresses.size + 1}`;
        const info = { egressId: id, roomName: body.roomName, status: 'EGRESS_STARTING', startedAt: String(Date.now() * 1e6), ...(body.streamOutputs ? { streamResults: [{ url: body.streamOutputs[0].urls[0] }] } : {}) };
        egresses.set(id, info);
        return reply(200, info);
      }
      case '/twirp/livekit.Egress/ListEgress':
        return reply(200, { items: [...egresses.values()].filter((e) => e.roomName === body.roomName) });
      case '/twirp/livekit.Egress/StopEgress': {
        const e = egresses.get(body.egressId);
        if (!e) return reply(404, { code: 'not_found', msg: 'no such egress' });
        Object.assign(e, { status: 'EGRESS_COMPLETE', endedAt: String(Date.now() * 1e6), fileResults: [{ filename: 'replay.mp4', location: 'https://files.example.test/replay.mp4', duration: String(125 * 1e9) }] });
        return reply(200, e);
      }
      default:
        return reply(404, { code: 'bad_route', msg: req.url });
    }
  });
  await new Promise<void>((ok) => twirp.listen(0, '127.0.0.1', ok));
  const port = (twirp.address() as AddressInfo).port;
  server = await startTestServer({ LIVEKIT_URL: `http://127.0.0.1:${port}`, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET });
  staff = await loginAs(server, 'secretariat@demo.test');
  tenantId = (await staff.get('/api/v1/auth/session')).body.tenant.id;
});
afterAll(async () => {
  await server?.stop();
  twirp?.close();
});

async function schedule(over: Record<string, unknown> = {}) {
  const res = await staff.post('/api/v1/meetings', meetingBody(over));
  expect(res.status).toBe(201);
  return res.body as { id: string; title: string };
}

describe('LiveKit join tokens', () => {
  it('lets hosts publish and confirmed attendees only watch, for a limited time, and creates the room for the host', async () => {
    const m = await schedule({ startsAt: inDays(0, -1), endsAt: inDays(0, 2) });
    const [a] = await makeAttendees(server, 'demo', 1);
    await a.post(`/api/v1/meetings/${m.id}/registration`, {});

    const host = await staff.post(`/api/v1/meetings/${m.id}/live/token`);
    expect(host.status).toBe(200);
    expect(host.body.role).toBe('host');
    const hostClaims = await verifier.verify(host.body.token);
    expect(hostClaims.video).toMatchObject({ room: roomName(tenantId, m.id), roomJoin: true, canPublish: true, canSubscribe: true });
    expect(calls.find((c) => c.path.endsWith('/CreateRoom') && c.body.name === roomName(tenantId, m.id))).toBeTruthy();

    const viewer = await a.post(`/api/v1/meetings/${m.id}/live/token`);
    expect(viewer.status).toBe(200);
    const claims = await verifier.verify(viewer.body.token);
    expect(claims.sub).toBe(a.userId);
    expect(claims.video).toMatchObject({ room: roomName(tenantId, m.id), roomJoin: true, canPublish: false, canSubscribe: true, canPublishData: false });
    expect(JSON.parse(claims.metadata!)).toEqual({ role: 'attendee' });
    // Valid until half an hour after the meeting ends (2 h + 30 min from now), never longer than 4 h.
    const life = claims.exp! - claims.nbf!;
    expect(life).toBeGreaterThan(2.4 * 3600);
    expect(life).toBeLessThanOrEqual(2.5 * 3600 + 5);
  });

  it('closes the room when the meeting is cancelled, and mints no more tokens for it', async () => {
    const m = await schedule({ startsAt: inDays(0, -1), endsAt: inDays(0, 2) });
    const [a] = await makeAttendees(server, 'demo', 1);
    await a.post(`/api/v1/meetings/${m.id}/registration`, {});
    await staff.post(`/api/v1/meetings/${m.id}/live/token`);
    expect((await staff.post(`/api/v1/meetings/${m.id}/cancel`, { reason: '临时取消' })).status).toBe(200);
    expect(calls.find((c) => c.path.endsWith('/DeleteRoom') && c.body.room === roomName(tenantId, m.id))).toBeTruthy();
    // Nobody gets back into the room, staff included (a host token would open it again).
    expect((await a.post(`/api/v1/meetings/${m.id}/live/token`)).status).toBe(409);
    expect((await staff.post(`/api/v1/meetings/${m.id}/live/token`)).status).toBe(409);
  });

  it('lets a speaker named on the agenda publish', async () => {
    const expert = await loginAs(server, 'expert@demo.test');
    const expertId = (await expert.get('/api/v1/auth/session')).body.user.id;
    const m = await schedule({ agenda: [{ title: '专家报告', speakers: [{ name: '专家', userId: expertId }] }] });
    const res = await expert.post(`/api/v1/meetings/${m.id}/live/token`);
    expect(res.body.role).toBe('speaker');
    expect((await verifier.verify(res.body.token)).video).toMatchObject({ canPublish: true });
  });

  it('refuses people who are not registered, or only waitlisted', async () => {
    const m = await schedule({ capacity: 1 });
    const [a, b, c] = await makeAttendees(server, 'demo', 3);
    await a.post(`/api/v1/meetings/${m.id}/registration`, {});
    await b.post(`/api/v1/meetings/${m.id}/registration`, {});
    for (const p of [b, c]) {
      const res = await p.post(`/api/v1/meetings/${m.id}/live/token`);
      expect(res.status).toBe(403);
      expect(res.body.error.details.reason).toBe('notRegistered');
    }
  });
});

function signed(body: string, secret = SECRET) {
  const at = new AccessToken(KEY, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

async function webhook(body: string, token: string) {
  const res = await fetch(`${server.url}/api/v1/livekit/webhook`, { method: 'POST', headers: { 'content-type': 'application/webhook+json', authorization: token }, body });
  return { status: res.status, body: await res.json() };
}

describe('LiveKit webhooks', () => {
  it('record joins, leaves and watch time; enough watching is attendance', async () => {
    const m = await schedule({ attendanceMinutes: 30, startsAt: inDays(0, -1), endsAt: inDays(0, 2) });
    const [a] = await makeAttendees(server, 'demo', 1);
    await a.post(`/api/v1/meetings/${m.id}/registration`, {});
    const attended: DomainEvents['meeting.attended'][] = [];
    const stop = server.services.events.on('meeting.attended', (e) => void attended.push(e));
    const t0 = Math.floor(Date.now() / 1000) - 3600;
    const event = (name: string, sid: string, at: number) =>
      JSON.stringify({ event: name, id: `EV_${name}_${at}`, createdAt: String(at), room: { sid: 'RM_1', name: roomName(tenantId, m.id) }, participant: { sid, identity: a.userId } });
    // Two stretches: 20 minutes, then 11 more: attendance once the total passes 30.
    for (const [name, sid, at] of [
      ['participant_joined', 'PA_1', t0],
      ['participant_left', 'PA_1', t0 + 20 * 60],
    ] as const) {
      const body = event(name, sid, at);
      expect((await webhook(body, await signed(body))).status).toBe(200);
    }
    expect((await staff.get(`/api/v1/meetings/${m.id}/registrations`)).body.items[0]).toMatchObject({ watchMinutes: 20, attended: false });
    expect(attended).toHaveLength(0);
    for (const [name, sid, at] of [
      ['participant_joined', 'PA_2', t0 + 25 * 60],
      ['participant_left', 'PA_2', t0 + 36 * 60],
    ] as const) {
      const body = event(name, sid, at);
      expect((await webhook(body, await signed(body))).status).toBe(200);
    }
    expect((await staff.get(`/api/v1/meetings/${m.id}/registrations`)).body.items[0]).toMatchObject({ watchMinutes: 31, attended: true });
    expect(attended).toEqual([expect.objectContaining({ meetingId: m.id, userId: a.userId, mode: 'online', watchMinutes: 31 })]);
    stop();
  });

  it('rejects a tampered body, a wrong secret and a missing signature', async () => {
    const m = await schedule();
    const body = JSON.stringify({ event: 'participant_joined', id: 'EV_x', createdAt: '1', room: { name: roomName(tenantId, m.id) }, participant: { sid: 'PA_9', identity: 'someone' } });
    const token = await signed(body);
    const tampered = body.replace('someone', 'intruder');
    expect((await webhook(tampered, token)).status).toBe(401);
    expect((await webhook(body, await signed(body, 'another-secret-that-is-long-enough-too'))).status).toBe(401);
    const res = await fetch(`${server.url}/api/v1/livekit/webhook`, { method: 'POST', headers: { 'content-type': 'application/webhook+json' }, body });
    expect(res.status).toBe(401);
  });
});

describe('LiveKit egress (contract)', () => {
  it('starts a recording and an RTMP stream, stops the recording, and lists it as a replay', async () => {
    const m = await schedule();
    const rec = await staff.post(`/api/v1/meetings/${m.id}/live/egress`, { action: 'record' });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ kind: 'recording', status: 'starting' });
    const start = calls.filter((c) => c.path.endsWith('/StartRoomCompositeEgress')).at(-1)!;
    expect(start.body.roomName).toBe(roomName(tenantId, m.id));
    expect(start.body.fileOutputs[0].filepath).toContain(`meetings/${m.id}/`);
    expect(start.grants.roomRecord).toBe(true);

    const stream = await staff.post(`/api/v1/meetings/${m.id}/live/egress`, { action: 'stream', rtmpUrls: ['rtmp://live.example.test/app/key'] });
    expect(stream.body).toMatchObject({ kind: 'stream', status: 'starting' });
    expect(calls.at(-1)!.body.streamOutputs[0]).toMatchObject({ protocol: 'RTMP', urls: ['rtmp://live.example.test/app/key'] });
    expect((await staff.post(`/api/v1/meetings/${m.id}/live/egress`, { action: 'stream', rtmpUrls: ['http://not-rtmp'] })).status).toBe(422);

    const stopped = await staff.post(`/api/v1/meetings/${m.id}/live/egress`, { action: 'stop', egressId: rec.body.egressId });
    expect(stopped.body).toMatchObject({ status: 'complete', files: [{ filename: 'replay.mp4', durationSeconds: 125 }] });
    // Another meeting's egress cannot be stopped through this one.
    const other = await schedule();
    expect((await staff.post(`/api/v1/meetings/${other.id}/live/egress`, { action: 'stop', egressId: stream.body.egressId })).status).toBe(404);

    const member = await loginAs(server, 'member@demo.test');
    const replays = (await member.get(`/api/v1/meetings/${m.id}/live/egress`)).body.items;
    expect(replays.map((e: { egressId: string }) => e.egressId)).toEqual([rec.body.egressId]);
    expect((await staff.get(`/api/v1/meetings/${m.id}/live/egress`)).body.items).toHaveLength(2);
    expect((await member.post(`/api/v1/meetings/${m.id}/live/egress`, { action: 'record' })).status).toBe(403);
  });
});

describe('without LiveKit configured', () => {
  it('says video is not configured and keeps the rest working', async () => {
    const plain = await startTestServer();
    try {
      const s = await loginAs(plain, 'secretariat@demo.test', { language: 'zh-CN' });
      const m = (await s.post('/api/v1/meetings', meetingBody())).body;
      expect(m.videoConfigured).toBe(false);
      const res = await s.post(`/api/v1/meetings/${m.id}/live/token`);
      expect(res.status).toBe(503);
      expect(res.body.error.details.message).toContain('LiveKit');
      expect((await s.post(`/api/v1/meetings/${m.id}/registration`, {})).status).toBe(201);
    } finally {
      await plain.stop();
    }
  });
});

describe('LiveKit configuration', () => {
  it('takes the URL, key and secret together, or none of them', () => {
    expect(() => loadConfig({ LIVEKIT_URL: 'wss://live.example.org' })).toThrow(/go together/);
    expect(() => loadConfig({ LIVEKIT_URL: 'live.example.org', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' })).toThrow(/LIVEKIT_URL/);
    expect(loadConfig({ LIVEKIT_URL: 'wss://live.example.org', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }).LIVEKIT_URL).toBe('wss://live.example.org');
    expect(loadConfig({}).LIVEKIT_URL).toBeUndefined();
  });
});
