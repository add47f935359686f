import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { inDays, makeAttendees, meetingBody } from './testing.ts';

let server: TestServer;
let staff: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test');
});
afterAll(() => server?.stop());

/** A meeting that three people registered for and two attended, which has now ended. */
async function endedMeeting() {
  const body = meetingBody({ title: '会员沙龙', startsAt: inDays(0, -2), endsAt: inDays(0, 1) });
  const m = (await staff.post('/api/v1/meetings', body)).body as { id: string };
  const [a, b, c] = await makeAttendees(server, 'demo', 3);
  for (const p of [a, b, c]) {
    const reg = (await p.post(`/api/v1/meetings/${m.id}/registration`, {})).body;
    if (p !== c) await staff.post(`/api/v1/meetings/${m.id}/check-in`, { code: reg.code });
  }
  await staff.request('PUT', `/api/v1/meetings/${m.id}`, { ...body, endsAt: inDays(0, -0.2) });
  return { m, a, b, c };
}

const surveys = async (p: ApiClient) => (await p.get('/api/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'meeting.survey');

describe('satisfaction survey after the meeting', () => {
  it('goes automatically to those who attended, once', async () => {
    const { m, a, c } = await endedMeeting();
    expect((await a.get(`/api/v1/meetings/${m.id}`)).body.survey).toEqual({ open: true, answered: false });
    expect((await staff.get(`/api/v1/meetings/${m.id}/survey/report`)).body.sentAt).toBeNull();
    const now = new Date();
    await server.scheduler.tick(now);
    expect(await surveys(a)).toEqual([expect.objectContaining({ link: `/meetings/${m.id}/survey`, title: expect.stringContaining('会员沙龙') })]);
    expect(await surveys(c)).toEqual([]);
    await server.scheduler.tick(new Date(now.getTime() + 11 * 60_000));
    expect(await surveys(a)).toHaveLength(1);
    expect((await staff.get(`/api/v1/meetings/${m.id}/survey/report`)).body.sentAt).not.toBeNull();
  });

  it('takes one answer per attendee and lists who has not answered', async () => {
    const { m, a, b, c } = await endedMeeting();
    const answer = { overall: 5, content: 4, organisation: 3, comment: '议程安排紧凑，收获很大' };
    expect((await a.post(`/api/v1/meetings/${m.id}/survey`, answer)).status).toBe(204);
    expect((await a.post(`/api/v1/meetings/${m.id}/survey`, answer)).status).toBe(409);
    const absent = await c.post(`/api/v1/meetings/${m.id}/survey`, answer);
    expect(absent.status).toBe(409);
    expect(absent.body.error.details.reason).toBe('surveyNotOpen');
    expect((await a.post(`/api/v1/meetings/${m.id}/survey`, { ...answer, overall: 6 })).status).toBe(422);

    const report = (await staff.get(`/api/v1/meetings/${m.id}/survey/report`)).body;
    expect(report).toMatchObject({ attendees: 2, responses: 1, responseRate: 0.5, averages: { overall: 5, content: 4, organisation: 3 } });
    expect(report.distribution.overall).toEqual([0, 0, 0, 0, 1]);
    expect(report.comments).toEqual([{ name: a.name, comment: '议程安排紧凑，收获很大', overall: 5 }]);
    expect(report.nonRespondents.map((n: { name: string }) => n.name)).toEqual([b.name]);
    expect((await a.get(`/api/v1/meetings/${m.id}/survey/report`)).status).toBe(403);
  });

  it('exports the analysis as XLSX (with the non-respondents) and as PDF', async () => {
    const { m, a, b } = await endedMeeting();
    await a.post(`/api/v1/meetings/${m.id}/survey`, { overall: 4, content: 4, organisation: 5 });
    const get = (format: string) => fetch(`${server.url}/api/v1/meetings/${m.id}/survey/report/export?format=${format}`, { headers: { cookie: staff.cookie, 'accept-language': 'zh-CN' } });
    const x = await get('xlsx');
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['会后分析报告', '未填写名单']);
    expect(JSON.stringify(wb.worksheets[0].getSheetValues())).toContain('总体满意度');
    expect(JSON.stringify(wb.worksheets[1].getSheetValues())).toContain(b.name);
    const pdf = await get('pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString()).toBe('%PDF');
  });
});
