import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PanelSignal } from '#schema/reviews/api.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { isOutlier, spread } from './panels.ts';
import { newExpert } from './testing.ts';

let server: TestServer;
let secretariat: ApiClient;
const sockets: Socket[] = [];
let chair: ApiClient; // 林海, employed by 华能
let r2: ApiClient;
let r3: ApiClient;
let r4: ApiClient; // the admin, in the pool as 王建国
let panelId = '';
let app1 = '';
let app2 = '';
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  secretariat = await loginAs(server, 'secretariat@demo.test');
  const member = await loginAs(server, 'member@demo.test');
  chair = await loginAs(server, 'expert@demo.test');
  ids.chair = (await chair.get('/api/v1/experts/me')).body.profile.id;
  const a = await newExpert(server, 'zhou@uni.test', { name: '周评审', fieldTags: ['新能源/储能'], employer: '甲大学' });
  const b = await newExpert(server, 'wu@uni.test', { name: '吴评审', fieldTags: ['新能源/储能'], employer: '乙大学' });
  [r2, r3, ids.r2, ids.r3] = [a.client, b.client, a.expertId, b.expertId];
  r4 = await loginAs(server, 'admin@demo.test');
  ids.r4 = (await r4.request('PUT', '/api/v1/experts/me', { name: '王建国', fieldTags: ['新能源/储能'], employer: '丙咨询' })).body.id;

  const call = (await secretariat.post('/api/v1/calls', {
    title: '评审会项目',
    commissioner: 'government',
    fieldTags: ['新能源'],
    deadline: '2099-01-01T00:00:00',
    rubric: [{ key: 'overall', label: '综合', weight: 1, min: 0, max: 100 }],
  })).body;
  await secretariat.post(`/api/v1/calls/${call.id}/publish`);
  const apply = async (organization: string, creditCode: string) => {
    const x = (await member.post(`/api/v1/calls/${call.id}/applications`, { title: `${organization}的项目`, organization, creditCode })).body;
    expect((await member.post(`/api/v1/applications/${x.id}/submit`)).status).toBe(200);
    return x.id as string;
  };
  app1 = await apply('某储能公司', '91320000MA1X2Y3K4W');
  // The chair's own employer applies: the chair is conflicted on app2.
  app2 = await apply('华能新能源科技有限公司', '91110000MA01A2B3C4');
  const panel = await secretariat.post(`/api/v1/calls/${call.id}/panels`, { name: '第一评审组', chairExpertId: ids.chair, memberExpertIds: [ids.r2, ids.r3, ids.r4], applicationIds: [app1, app2] });
  expect(panel.status).toBe(201);
  panelId = panel.body.id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

async function live(client: ApiClient) {
  const s = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: client.cookie } });
  sockets.push(s);
  await new Promise<void>((ok) => s.once('connect', () => ok()));
  const got: PanelSignal[] = [];
  s.on('reviews:panel', (p: PanelSignal) => got.push(p));
  const joined = await s.emitWithAck('room:join', { kind: 'panel', id: panelId });
  return { socket: s, got, joined };
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((ok) => setTimeout(ok, 20));
  }
};

describe('statistics', () => {
  it('flags scores more than 1.5 σ from the mean', () => {
    const xs = [80, 82, 81, 30];
    const m = xs.reduce((a, b) => a + b) / xs.length;
    expect(xs.map((x) => isOutlier(x, m, spread(xs)))).toEqual([false, false, false, true]);
  });
});

describe('live review panel', () => {
  it('lets members and the secretariat into the panel’s room, and no one else', async () => {
    expect((await live(chair)).joined).toEqual({ ok: true });
    expect((await live(secretariat)).joined).toEqual({ ok: true });
    const member = await loginAs(server, 'member@demo.test');
    expect((await live(member)).joined.ok).toBe(false);
    const other = await loginAs(server, 'admin@demo2.test');
    expect((await live(other)).joined.ok).toBe(false);
  });

  it('keeps scores sealed in API and socket payloads until every present reviewer has scored, then reveals them to all at once', async () => {
    const rooms = await Promise.all([chair, r2, r3, r4].map(live));
    for (const c of [chair, r2, r3, r4]) expect((await c.post(`/api/v1/panels/${panelId}/presence`, { present: true })).body.me.present).toBe(true);

    const scores: [ApiClient, number][] = [[r2, 80], [r3, 82], [r4, 30], [chair, 81]];
    for (const [i, [c, total]] of scores.entries()) {
      const res = await c.post(`/api/v1/panels/${panelId}/scores`, { applicationId: app1, scores: { overall: total } });
      expect(res.status).toBe(200);
      if (i < scores.length - 1) {
        expect(res.body.current).toMatchObject({ status: 'open', scored: i + 1, expected: 4, revealed: null, myTotal: total });
        // Another reviewer reads nothing but the count.
        const seen = (await r2.get(`/api/v1/panels/${panelId}`)).body.current;
        expect(seen.revealed).toBeNull();
        expect(seen.myTotal).toBe(80);
        expect(JSON.stringify(seen)).not.toMatch(/"total"|"scores"/);
      }
    }
    await until(() => rooms.every((r) => r.got.some((g) => g.kind === 'revealed')));
    for (const r of rooms) {
      const before = r.got.slice(0, r.got.findIndex((g) => g.kind === 'revealed'));
      // Sealed: the socket carried counts, never a total.
      expect(before.every((g) => g.revealed === undefined && !JSON.stringify(g).includes('total'))).toBe(true);
      const reveal = r.got.find((g) => g.kind === 'revealed')!.revealed!;
      expect(reveal.scores.map((s) => s.total)).toEqual([80, 82, 30, 81]);
      expect(reveal.scores.map((s) => s.outlier)).toEqual([false, false, true, false]);
      expect(reveal).toMatchObject({ mean: 68.25, median: 80.5 });
    }
    const view = (await r2.get(`/api/v1/panels/${panelId}`)).body.current;
    expect(view.revealed.scores.find((s: { outlier: boolean }) => s.outlier).name).toBe('王建国');
  });

  it('asks the outlier to explain, and the chair locks the result for good (audited)', async () => {
    expect((await r4.post(`/api/v1/panels/${panelId}/explain`, { applicationId: app1, explanation: '示范规模偏小，经济性论证不足。' })).status).toBe(200);
    expect((await r2.post(`/api/v1/panels/${panelId}/lock`, { applicationId: app1 })).status).toBe(403);
    const locked = await chair.post(`/api/v1/panels/${panelId}/lock`, { applicationId: app1 });
    expect(locked.body.current).toMatchObject({ status: 'locked' });
    expect((await r4.post(`/api/v1/panels/${panelId}/explain`, { applicationId: app1, explanation: '改' })).status).toBe(409);
    expect((await chair.post(`/api/v1/panels/${panelId}/lock`, { applicationId: app1 })).status).toBe(409);
    const chairUser = (await chair.get('/api/v1/auth/session')).body.user.id;
    const audit = await server.services.db.prisma.auditLog.findMany({ where: { entity: 'PanelItem', entityId: locked.body.current.itemId, actorId: chairUser } });
    expect(audit.some((a) => a.changed.includes('status') && (a.after as { status: string }).status === 'locked')).toBe(true);
  });

  it('recuses a conflicted chair: they cannot score, and the reveal does not tell them who reviewed', async () => {
    expect((await r2.post(`/api/v1/panels/${panelId}/current`, { applicationId: app2 })).status).toBe(403);
    const moved = await chair.post(`/api/v1/panels/${panelId}/current`, { applicationId: app2 });
    expect(moved.body.current).toMatchObject({ applicationId: app2, conflicted: true, expected: 3 });
    expect((await chair.post(`/api/v1/panels/${panelId}/scores`, { applicationId: app2, scores: { overall: 90 } })).status).toBe(409);
    for (const [c, total] of [[r2, 70], [r3, 75], [r4, 72]] as const) await c.post(`/api/v1/panels/${panelId}/scores`, { applicationId: app2, scores: { overall: total } });
    const asChair = (await chair.get(`/api/v1/panels/${panelId}`)).body.current;
    expect(asChair.status).toBe('revealed');
    expect(asChair.revealed.scores.map((s: { label: string; total: number }) => [s.label, s.total])).toEqual([['A', 70], ['B', 75], ['C', 72]]);
    expect(asChair.revealed.scores.every((s: { expertId: string | null; name: string | null }) => s.expertId === null && s.name === null)).toBe(true);
    for (const id of [ids.r2, ids.r3, ids.r4]) expect(JSON.stringify(asChair)).not.toContain(id);
    // Those without a conflict see the names.
    expect((await r3.get(`/api/v1/panels/${panelId}`)).body.current.revealed.scores[0].name).toBe('周评审');
  });

  it('lets members co-edit the consensus opinion until the lock, then only read it', async () => {
    const view = (await r2.get(`/api/v1/panels/${panelId}`)).body;
    expect(await collab(r2, view.current.document)).toBe('authenticated:read-write');
    expect(await collab(secretariat, view.current.document)).toBe('authenticated:readonly');
    expect(await collab(await loginAs(server, 'member@demo.test'), view.current.document)).toMatch(/^refused/);
    await chair.post(`/api/v1/panels/${panelId}/current`, { applicationId: app1 });
    const lockedDoc = (await r2.get(`/api/v1/panels/${panelId}`)).body.current.document;
    expect(await collab(r2, lockedDoc)).toBe('authenticated:readonly');
  });
});

/** Opens the collab document with a client's session cookie and reports what the server allowed. */
async function collab(client: ApiClient, name: string): Promise<string> {
  const cookie = client.cookie;
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, { protocols, headers: { cookie } } as unknown as string[]);
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url: `${server.url.replace('http', 'ws')}/collab`, WebSocketPolyfill: CookieWebSocket, maxAttempts: 1 });
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the collab server')), 10_000);
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name,
        document: new Y.Doc(),
        token: 'cookie',
        onAuthenticated: ({ scope }) => {
          clearTimeout(timer);
          resolve(`authenticated:${scope}`);
          provider.destroy();
        },
        onAuthenticationFailed: ({ reason }) => {
          clearTimeout(timer);
          resolve(`refused:${reason}`);
          provider.destroy();
        },
      });
      provider.attach();
    });
  } finally {
    socket.destroy();
  }
}
