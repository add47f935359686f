import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionTable, type Action } from '#schema/permissions.ts';
import { roles, type Role } from '#schema/roles.ts';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../testing/harness.ts';
import { membersFixtures, membersSampleBodies } from '../modules/members/route-fixtures.ts';
import { complianceFixtures, complianceSampleBodies } from '../modules/compliance/route-fixtures.ts';
import { meetingFixtures, meetingSampleBodies } from '../modules/meetings/testing.ts';
import { partyFixtures, partySampleBodies } from '../modules/party/testing.ts';
import { expertFixtures, expertSampleBodies } from '../modules/experts/fixtures.ts';
import { reviewFixtures, reviewSampleBodies } from '../modules/reviews/fixtures.ts';
import { creditFixtures, creditSampleBodies } from '../modules/credit/route-fixtures.ts';
import { financeFixtures, financeSampleBodies } from '../modules/finance/route-fixtures.ts';
import { integrityFixtures, integritySampleBodies } from '../modules/integrity/route-fixtures.ts';

/**
 * Walks every operation of the OpenAPI document, so that routes added later are covered too:
 * without a session → 401; with a role lacking the permission → 403; from the other demo
 * association, with every permission, on the first association's ids → 404 (and list endpoints
 * never show them).
 */

interface Operation {
  method: string;
  path: string;
  access: string;
  resource?: string;
  hasBody: boolean;
  /** A file export (its content is checked in server/exports/exports.test.ts). */
  file: boolean;
}

let server: TestServer;
let operations: Operation[];
const demo: Partial<Record<Role, ApiClient>> = {};
let outsider: ApiClient;
/** One row of each resource kind in the demo association, by the x-resource name routes use. */
const fixtures: Record<string, string> = {};

/** A valid body per operation that takes {id} and a body, so the request gets past validation. */
const sampleBodies: Record<string, unknown> = {
  'PATCH /api/v1/users/{id}': { role: 'expert' },
  'PATCH /api/v1/notes/{id}': { title: 'renamed by outsider' },
  'PATCH /api/v1/standards/projects/{id}': { title: 'renamed by outsider' },
  'POST /api/v1/standards/projects/{id}/transitions': { to: 'approved', decision: 'outsider' },
  'POST /api/v1/standards/projects/{id}/members': { userId: '00000000-0000-4000-8000-000000000000', role: 'author' },
  'POST /api/v1/standards/projects/{id}/comments': { body: 'outsider comment' },
  'POST /api/v1/standards/comments/{id}/resolve': { resolution: 'outsider' },
  'POST /api/v1/standards/projects/{id}/ballot/votes': { choice: 'approve' },
  'POST /api/v1/standards/projects/{id}/versions': { name: 'outsider' },
  'POST /api/v1/standards/projects/{id}/figures': { fileName: 'o.png', contentType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' },
  'POST /api/v1/standards/projects/{id}/ballot/resolutions': { voterId: '00000000-0000-4000-8000-000000000000', resolution: 'outsider' },
  ...membersSampleBodies,
  ...complianceSampleBodies,
  ...meetingSampleBodies,
  ...partySampleBodies,
  ...expertSampleBodies,
  ...reviewSampleBodies,
  ...creditSampleBodies,
  ...financeSampleBodies,
  ...integritySampleBodies,
};

beforeAll(async () => {
  server = await startTestServer();
  const doc = (await new ApiClient(server.url).get('/api/openapi.json')).body;
  operations = Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      access: op['x-access'] as string,
      resource: op['x-resource'] as string | undefined,
      hasBody: !!op.requestBody,
      file: !!op['x-produces'],
    })),
  );
  for (const role of roles) demo[role] = await loginAs(server, `${role}@demo.test`);
  outsider = await loginAs(server, 'admin@demo2.test');

  const admin = demo.admin!;
  fixtures.note = (await admin.post('/api/v1/notes', { title: '仅限本会' })).body.id;
  fixtures.invitation = (await admin.post('/api/v1/invitations', { email: 'someone@example.test', role: 'member' })).body.id;
  const users = (await admin.get('/api/v1/users?q=member@demo.test')).body.items;
  fixtures.user = users[0].id;
  const session = (await admin.get('/api/v1/auth/session')).body;
  await server.services.notify({ tenantId: session.tenant.id, userIds: [session.user.id], kind: 'test', title: '测试通知', body: '正文' });
  fixtures.notification = (await admin.get('/api/v1/notifications')).body.items[0].id;
  fixtures.standardProject = (await admin.post('/api/v1/standards/projects', { title: '仅限本会的标准' })).body.id;
  fixtures.standardComment = (await admin.post(`/api/v1/standards/projects/${fixtures.standardProject}/comments`, { body: '仅限本会的意见' })).body.id;
  fixtures.standardVersion = (await admin.post(`/api/v1/standards/projects/${fixtures.standardProject}/versions`, { name: '仅限本会的版本' })).body.id;
  fixtures.standardFigure = (await admin.post(`/api/v1/standards/projects/${fixtures.standardProject}/figures`, { fileName: 'f.png', contentType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' })).body.id;
  Object.assign(fixtures, await membersFixtures(admin));
  Object.assign(fixtures, await complianceFixtures(admin, server));
  Object.assign(fixtures, await meetingFixtures(admin, demo.member!));
  Object.assign(fixtures, await partyFixtures(admin));
  Object.assign(fixtures, await expertFixtures(admin));
  Object.assign(fixtures, await reviewFixtures(admin));
  Object.assign(fixtures, await creditFixtures(admin));
  Object.assign(fixtures, await financeFixtures(admin));
  Object.assign(fixtures, await integrityFixtures(admin, demo.council!));
});
afterAll(() => server?.stop());

const concrete = (path: string, id = '00000000-0000-4000-8000-000000000000') => path.replace(/\{\w+\}/g, id);
const label = (op: Operation) => `${op.method} ${op.path}`;

describe('every API route', () => {
  it('is described in the OpenAPI document with its access rule', () => {
    expect(operations.length).toBeGreaterThan(15);
    for (const op of operations) expect(op.access, label(op)).toBeTruthy();
  });

  it('refuses callers without a session (401) unless public', async () => {
    for (const op of operations.filter((o) => o.access !== 'public')) {
      const res = await new ApiClient(server.url).request(op.method, concrete(op.path), op.hasBody ? {} : undefined);
      expect([label(op), res.status, res.body?.error?.code]).toEqual([label(op), 401, 'unauthenticated']);
    }
  });

  it('refuses roles without the permission (403) with a message naming it', async () => {
    const guarded = operations.filter((o) => o.access !== 'public' && o.access !== 'session');
    for (const op of guarded) {
      const denied = roles.filter((r) => !permissionTable[r].includes(op.access as Action));
      for (const role of denied) {
        const res = await demo[role]!.request(op.method, concrete(op.path, fixtures[op.resource ?? ''] ?? undefined), op.hasBody ? {} : undefined);
        expect([label(op), role, res.status, res.body?.error?.code]).toEqual([label(op), role, 403, 'forbidden']);
        expect(res.body.error.message).toContain(op.access);
      }
    }
  });

  it("answers 404 to another association's caller for this association's ids", async () => {
    for (const op of operations.filter((o) => o.path.includes('{') && o.access !== 'public')) {
      expect(op.resource, `${label(op)} must declare x-resource`).toBeTruthy();
      const id = fixtures[op.resource!];
      expect(id, `no fixture for resource kind "${op.resource}" (add one in this test)`).toBeTruthy();
      const key = label(op);
      if (op.hasBody) expect(sampleBodies, `add a sample body for ${key}`).toHaveProperty([key]);
      const res = await outsider.request(op.method, concrete(op.path, id), op.hasBody ? sampleBodies[key] : undefined);
      expect([key, res.status, res.body?.error?.code]).toEqual([key, 404, 'not_found']);
    }
    // Nothing changed on the first association's side.
    const note = await demo.admin!.get(`/api/v1/notes/${fixtures.note}`);
    expect(note.body.title).toBe('仅限本会');
    const users = await demo.admin!.get('/api/v1/users?q=member@demo.test');
    expect(users.body.items[0].role).toBe('member');
  });

  it("never lists the other association's rows", async () => {
    const lists = operations.filter((o) => o.method === 'GET' && !o.path.includes('{') && o.access !== 'public' && !o.file);
    expect(lists.length).toBeGreaterThan(3);
    for (const op of lists) {
      const res = await outsider.get(op.path);
      expect(res.status, label(op)).toBe(200);
      const text = JSON.stringify(res.body);
      for (const [kind, id] of Object.entries(fixtures)) expect(text.includes(id), `${label(op)} leaks a ${kind}`).toBe(false);
      // expert@demo.test legitimately belongs to both associations.
      expect(text.replaceAll('expert@demo.test', '').includes('@demo.test'), `${label(op)} leaks a demo.test user`).toBe(false);
    }
  });
});
