import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationsWidgetData } from '#schema/members/api.ts';
import { loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';
import { withCheckChar } from './seed.ts';

let server: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

describe('dashboard: membership approvals', () => {
  it('counts applications waiting at each step, live to the council, not shown to finance', async () => {
    const council = await loginAs(server, 'council@demo.test');
    const snapshot = (await council.get('/api/v1/dashboard')).body.widgets.find((w: { key: string }) => w.key === 'membershipApplications');
    expect(snapshot.data).toMatchObject({ inReview: 0, steps: [{ key: 'secretariat_review', waiting: 0 }, { key: 'compliance_review' }, { key: 'secretary_general' }] });
    const finance = await loginAs(server, 'finance@demo.test');
    expect((await finance.get('/api/v1/dashboard')).status).toBe(403);

    const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: council.cookie } });
    sockets.push(socket);
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    const pushed = new Promise<ApplicationsWidgetData>((ok) =>
      socket.on('dashboard:widget', (w: { key: string; data: ApplicationsWidgetData }) => {
        if (w.key === 'membershipApplications' && w.data.inReview === 1) ok(w.data);
      }),
    );

    const applicant = await loginAs(server, 'member@demo.test');
    const levelId = (await applicant.get('/api/v1/membership-applications/levels')).body.items[0].id;
    const file = (await applicant.post('/api/v1/member-files', { name: 'a.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF').toString('base64') })).body.id;
    const app = (
      await applicant.post('/api/v1/membership-applications', {
        companyName: '看板测试公司',
        creditCode: withCheckChar('91310115MA1K09001'),
        levelId,
        contactName: '甲',
        contactPhone: '1',
        contactEmail: 'a@example.test',
        licenceFileId: file,
        certificates: [{ name: '证', expiresOn: '2099-01-01', fileId: file }],
      })
    ).body;
    expect((await applicant.post(`/api/v1/membership-applications/${app.id}/submit`)).status).toBe(200);
    const data = await pushed;
    expect(data.steps.map((s) => s.waiting)).toEqual([1, 0, 0]);
  });
});
