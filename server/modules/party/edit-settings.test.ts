import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let party: ApiClient;
let secretariat: ApiClient;
let branchId: string;

beforeAll(async () => {
  server = await startTestServer();
  party = await loginAs(server, 'party@demo.test');
  secretariat = await loginAs(server, 'secretariat@demo.test');
  branchId = (await party.post('/api/v1/party/branches', { name: '协会秘书处党支部' })).body.id;
});
afterAll(() => server?.stop());

describe('editing a party member', () => {
  it('changes name, kind, date joined and account; an inactive member no longer counts for attendance', async () => {
    const member = (await party.post('/api/v1/party/members', { branchId, name: '张三', kind: 'probationary' })).body;
    const other = (await party.post('/api/v1/party/members', { branchId, name: '李四', email: 'council@demo.test' })).body;
    const changed = await party.request('PATCH', `/api/v1/party/members/${member.id}`, { name: '张三丰', kind: 'full', joinedOn: '2021-07-01', email: 'member@demo.test' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: '张三丰', kind: 'full', joinedOn: '2021-07-01', email: 'member@demo.test', active: true });
    expect((await party.get(`/api/v1/party/members/${member.id}`)).body.email).toBe('member@demo.test');

    // One account, one party member.
    const taken = await party.request('PATCH', `/api/v1/party/members/${member.id}`, { email: 'council@demo.test' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details.reason).toBe('accountTaken');
    // Unknown accounts, empty changes and bad dates are refused; nothing changed.
    expect((await party.request('PATCH', `/api/v1/party/members/${member.id}`, { email: 'nobody@example.test' })).status).toBe(404);
    expect((await party.request('PATCH', `/api/v1/party/members/${member.id}`, {})).status).toBe(422);
    expect((await party.request('PATCH', `/api/v1/party/members/${member.id}`, { joinedOn: '2021-13-01' })).status).toBe(422);
    expect((await party.get(`/api/v1/party/members/${member.id}`)).body.joinedOn).toBe('2021-07-01');

    // Transferred out: kept, but not expected at meetings any more.
    await party.request('PATCH', `/api/v1/party/members/${other.id}`, { active: false });
    const m = (await party.post('/api/v1/party/meetings', { branchId, kind: 'committee', title: '支委会', heldOn: new Date().toISOString() })).body;
    expect(m.expected).toBe(1);
    // Others may read but not edit.
    expect((await secretariat.request('PATCH', `/api/v1/party/members/${member.id}`, { name: 'x' })).status).toBe(403);
  });
});

describe('governance settings', () => {
  it('set the minimum share and which matters are major; a category that is no longer major needs no pre-review', async () => {
    const initial = (await secretariat.get('/api/v1/governance/settings')).body;
    expect(initial).toMatchObject({ councilPartyShareMinimum: 0.5, majorCategories: ['direction', 'project', 'spending'] });

    const cm = (await secretariat.post('/api/v1/council/meetings', { title: '第三届理事会第二次会议', heldOn: new Date().toISOString() })).body;
    const spending = (await secretariat.post(`/api/v1/council/meetings/${cm.id}/matters`, { title: '购置办公设备', majorCategory: 'spending' })).body;
    expect(spending.major).toBe(true);
    expect((await secretariat.post(`/api/v1/council-matters/${spending.id}/decision`, { decision: 'approved' })).status).toBe(409);

    for (const bad of [{ councilPartyShareMinimum: 1.5 }, { councilPartyShareMinimum: 0.5, majorCategories: ['none'] }, { councilPartyShareMinimum: 0.5, majorCategories: ['budget'] }]) {
      expect((await secretariat.request('PUT', '/api/v1/governance/settings', bad)).status).toBe(422);
    }
    expect((await party.request('PUT', '/api/v1/governance/settings', { councilPartyShareMinimum: 0.2 })).status).toBe(403);

    const saved = await secretariat.request('PUT', '/api/v1/governance/settings', { councilPartyShareMinimum: 0.6, majorCategories: ['direction', 'project', 'project'] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ councilPartyShareMinimum: 0.6, majorCategories: ['direction', 'project'], share: { minimum: 0.6 } });
    const meeting = (await secretariat.get(`/api/v1/council/meetings/${cm.id}`)).body;
    expect(meeting.matters[0].major).toBe(false);
    expect((await secretariat.post(`/api/v1/council-matters/${spending.id}/decision`, { decision: 'approved' })).status).toBe(200);
    // Leaving the categories out keeps them.
    await secretariat.request('PUT', '/api/v1/governance/settings', { councilPartyShareMinimum: 0.5 });
    expect((await secretariat.get('/api/v1/governance/settings')).body.majorCategories).toEqual(['direction', 'project']);
  });
});
