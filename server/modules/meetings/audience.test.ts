import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { makeAttendees, meetingBody } from './testing.ts';

let server: TestServer;
let staff: ApiClient;
let member: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test');
  member = await loginAs(server, 'member@demo.test', { language: 'zh-CN' });
});
afterAll(() => server?.stop());

describe("a meeting open to members with given tags (audience 'tagged')", () => {
  it("lets people of a company carrying one of the meeting's tags register, and refuses everyone else with the tags named", async () => {
    const tag = (await staff.post('/api/v1/member-tags', { name: '氢能产业链', category: 'industry' })).body;
    const companies = (await staff.get('/api/v1/members?sort=createdAt&limit=100')).body.items as { id: string; name: string }[];
    // member@demo.test represents the first demo company; a contact's e-mail links an outside attendee to the second.
    const [outsider, contactPerson] = await makeAttendees(server, 'demo', 2);
    const second = (await staff.get(`/api/v1/members/${companies[1].id}`)).body;
    const email = (await staff.get(`/api/v1/users?q=${encodeURIComponent(contactPerson.name)}`)).body.items[0].email as string;
    await staff.request('PUT', `/api/v1/members/${second.id}`, { name: second.name, creditCode: second.creditCode, levelId: second.level.id, contacts: [{ name: contactPerson.name, email }] });

    const meeting = (await staff.post('/api/v1/meetings', meetingBody({ title: '氢能产业链对接会', audience: 'tagged', audienceTags: ['氢能产业链', '储能'] }))).body;

    // Before the company carries the tag, its people are refused, with a reason naming the tags.
    const refused = await member.post(`/api/v1/meetings/${meeting.id}/registration`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.message).toBe('本次会议仅面向带有以下标签的会员单位：氢能产业链、储能。您所在的单位没有这些标签，无法报名。');

    await staff.post('/api/v1/member-tags/assign', { memberIds: [companies[0].id, companies[1].id], tagIds: [tag.id], action: 'add' });
    expect((await member.post(`/api/v1/meetings/${meeting.id}/registration`, {})).status).toBe(201);
    expect((await contactPerson.post(`/api/v1/meetings/${meeting.id}/registration`, {})).status).toBe(201);
    const stranger = await outsider.post(`/api/v1/meetings/${meeting.id}/registration`, {});
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.details.reason).toBe('audienceTags');
    // Staff without a member company are not the audience either.
    const staffTry = await staff.post(`/api/v1/meetings/${meeting.id}/registration`, {});
    expect([staffTry.status, staffTry.body.error.details.reason]).toEqual([403, 'audienceTags']);
  });

  it('leaves meetings for all members open to every member', async () => {
    const meeting = (await staff.post('/api/v1/meetings', meetingBody({ title: '全体会员大会', audience: 'members' }))).body;
    const [someone] = await makeAttendees(server, 'demo', 1);
    expect((await someone.post(`/api/v1/meetings/${meeting.id}/registration`, {})).status).toBe(201);
  });
});
