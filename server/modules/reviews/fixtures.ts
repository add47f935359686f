import type { ApiClient } from '../../testing/harness.ts';

const pdf = Buffer.from('%PDF-1.4\n%%EOF').toString('base64');
const callBody = {
  title: '仅限本会',
  commissioner: 'member',
  fieldTags: ['新能源'],
  materials: [{ key: 'plan', label: '申报书', formats: ['pdf'] }],
  deadline: '2099-01-01T00:00:00',
  rubric: [{ key: 'overall', label: '总体', weight: 1, max: 10 }],
  avoidance: { onePerEmployer: false },
};
const appBody = { title: '仅限本会', organization: '某公司', creditCode: '91320000MA1X2Y3K4W' };

/** A call, an application, a draw and an assignment of the first association, for the route-coverage test. */
export async function reviewFixtures(admin: ApiClient): Promise<Record<string, string>> {
  const call = (await admin.post('/api/v1/calls', callBody)).body.id as string;
  await admin.post(`/api/v1/calls/${call}/publish`);
  const application = (await admin.post(`/api/v1/calls/${call}/applications`, appBody)).body.id as string;
  await admin.post(`/api/v1/applications/${application}/materials`, { key: 'plan', fileName: 'a.pdf', content: pdf });
  await admin.post(`/api/v1/applications/${application}/submit`);
  const draw = (await admin.post(`/api/v1/calls/${call}/draws`, { perApplication: 2 })).body;
  const assignment = (await admin.get(`/api/v1/calls/${call}/assignments`)).body.items[0].id as string;
  const experts = (await admin.get('/api/v1/experts?limit=2')).body.items.map((e: { id: string }) => e.id) as string[];
  const panel = (await admin.post(`/api/v1/calls/${call}/panels`, { name: '仅限本会', chairExpertId: experts[0], memberExpertIds: experts, applicationIds: [application] })).body.id as string;
  return { call, application, draw: draw.id as string, assignment, panel };
}

export const reviewSampleBodies: Record<string, unknown> = {
  'PUT /api/v1/calls/{id}': callBody,
  'POST /api/v1/calls/{id}/applications': appBody,
  'POST /api/v1/calls/{id}/draws': { perApplication: 1 },
  'PUT /api/v1/applications/{id}': appBody,
  'POST /api/v1/applications/{id}/materials': { key: 'plan', fileName: 'a.pdf', content: pdf },
  'POST /api/v1/assignments/{id}/respond': { accept: true },
  'POST /api/v1/assignments/{id}/score': { scores: { overall: 5 } },
  'POST /api/v1/calls/{id}/panels': { name: 'x', chairExpertId: '00000000-0000-4000-8000-000000000000', memberExpertIds: ['00000000-0000-4000-8000-000000000000'], applicationIds: ['00000000-0000-4000-8000-000000000000'] },
  'POST /api/v1/panels/{id}/presence': { present: true },
  'POST /api/v1/applications/{id}/decision': { decision: 'approved' },
  'POST /api/v1/calls/{id}/notices': { objectionDays: 7 },
  'POST /api/v1/panels/{id}/current': { applicationId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/panels/{id}/scores': { applicationId: '00000000-0000-4000-8000-000000000000', scores: { overall: 5 } },
  'POST /api/v1/panels/{id}/explain': { applicationId: '00000000-0000-4000-8000-000000000000', explanation: 'x' },
  'POST /api/v1/panels/{id}/lock': { applicationId: '00000000-0000-4000-8000-000000000000' },
};
