import { randomBytes } from 'node:crypto';
import { systemWrite } from '../../db/tenant-scope.ts';
import { ApiClient } from '../../testing/harness.ts';
import type { Services } from '../../http/routes.ts';
import { createSession } from '../auth/service.ts';

/** n members of an association, each with a bearer token (no password logins: argon2 is slow by design). */
export async function makeAttendees(server: { url: string; services: Services }, tenantSlug: string, n: number) {
  const s = server.services;
  const tenant = await s.db.prisma.tenant.findUniqueOrThrow({ where: { slug: tenantSlug } });
  const tag = randomBytes(4).toString('hex');
  const users = await systemWrite(s.db.prisma, { actorId: null, tenantId: tenant.id }, async (tx) => {
    const created = await tx.user.createManyAndReturn({
      data: Array.from({ length: n }, (_, i) => ({ email: `attendee-${tag}-${i}@example.test`, name: `参会者${tag}-${i}` })),
    });
    await tx.membership.createMany({ data: created.map((u) => ({ tenantId: tenant.id, userId: u.id, role: 'member' })) });
    return created;
  });
  const clients: (ApiClient & { userId: string; name: string })[] = [];
  for (const u of users) {
    const { token } = await createSession(s, { userId: u.id, tenantId: tenant.id, kind: 'bearer' });
    const c = Object.assign(new ApiClient(server.url), { userId: u.id, name: u.name });
    c.bearer = token;
    clients.push(c);
  }
  return clients;
}

export const inDays = (d: number, h = 0) => new Date(Date.now() + d * 24 * 3600_000 + h * 3600_000).toISOString();

/** A valid meeting body with overrides. */
export const meetingBody = (over: Record<string, unknown> = {}) => ({
  title: '2027 年会员代表大会',
  description: '审议年度工作报告',
  format: 'hybrid',
  startsAt: inDays(7),
  endsAt: inDays(7, 3),
  venue: { name: '国际会议中心 A 厅', address: '北京市朝阳区', scenicArea: false },
  capacity: 100,
  agenda: [{ title: '开幕致辞', speakers: [{ name: '王会长' }] }],
  ...over,
});

/** Route-coverage fixtures: a meeting and a registration in the first demo association. */
export async function meetingFixtures(admin: ApiClient, member: ApiClient) {
  const meeting = (await admin.post('/api/v1/meetings', meetingBody({ title: '仅限本会的会议' }))).body.id as string;
  const meetingRegistration = (await member.post(`/api/v1/meetings/${meeting}/registration`, {})).body.id as string;
  const meetingQuestion = (await member.post(`/api/v1/meetings/${meeting}/questions`, { body: '仅限本会的提问' })).body.id as string;
  const meetingPoll = (await admin.post(`/api/v1/meetings/${meeting}/polls`, { question: '仅限本会的投票', options: ['是', '否'] })).body.id as string;
  const meetingChatMessage = (await member.post(`/api/v1/meetings/${meeting}/chat`, { body: '仅限本会的消息' })).body.id as string;
  return { meeting, meetingRegistration, meetingQuestion, meetingPoll, meetingChatMessage };
}

export const meetingSampleBodies: Record<string, unknown> = {
  'PUT /api/v1/meetings/{id}': meetingBody({ title: 'renamed by outsider' }),
  'POST /api/v1/meetings/{id}/cancel': { reason: 'outsider' },
  'POST /api/v1/meetings/{id}/registration': {},
  'POST /api/v1/meeting-registrations/{id}/decision': { decision: 'cancel' },
  'POST /api/v1/meetings/{id}/check-in': { code: 'ABCDEFGHJK' },
  'POST /api/v1/meetings/{id}/live/egress': { action: 'record' },
  'POST /api/v1/meetings/{id}/chat': { body: 'outsider' },
  'POST /api/v1/meetings/{id}/survey': { overall: 5, content: 5, organisation: 5 },
  'POST /api/v1/meetings/{id}/questions': { body: 'outsider' },
  'POST /api/v1/meeting-questions/{id}/moderation': { action: 'approve' },
  'POST /api/v1/meetings/{id}/polls': { question: 'outsider', options: ['a', 'b'] },
  'POST /api/v1/meeting-polls/{id}/vote': { option: 0 },
};
