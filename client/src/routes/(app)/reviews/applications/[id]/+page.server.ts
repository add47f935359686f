import { can } from '#schema/permissions.ts';
import { ApiFailure } from '#lib/api.ts';
import { failure, lines } from '#lib/reviews/form.ts';
import type { Application, Call } from '#lib/reviews/types.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { fields, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'call.read');
  try {
    const application = await apiFor(event).get<Application>(`/applications/${encodeURIComponent(event.params.id)}`);
    const call = await apiFor(event).get<Call>(`/calls/${application.callId}`);
    return { application, call, mine: application.applicantId === session.user.id && can(session.role, 'application.submit') };
  } catch (err) {
    rethrow(err, event);
  }
};

const path = (id: string) => `/applications/${encodeURIComponent(id)}`;

export const actions: Actions = {
  save: async (event) => {
    const data = await event.request.formData();
    const v = fields(data, 'title', 'organization', 'creditCode', 'region', 'contactEmails', 'staffNames');
    const answers: Record<string, string> = {};
    for (const [k, val] of data.entries()) if (k.startsWith('answer_') && typeof val === 'string') answers[k.slice(7)] = val.trim();
    try {
      await callApi(event, 'PUT', path(event.params.id), {
        body: { title: v.title, organization: v.organization, creditCode: v.creditCode || null, region: v.region || null, contactEmails: lines(v.contactEmails), staffNames: lines(v.staffNames), answers },
      });
    } catch (err) {
      return failure(err, { ...v, ...Object.fromEntries(Object.entries(answers).map(([k, x]) => [`answer_${k}`, x])) }, { form: 'save' });
    }
    return { done: 'save' as const };
  },
  upload: async (event) => {
    const data = await event.request.formData();
    const key = String(data.get('key') ?? '');
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) return failure(new ApiFailure(422, 'validation_failed', event.locals.locale === 'en' ? 'Choose a file first' : '请先选择文件'), {}, { form: 'upload', id: key });
    try {
      await apiFor(event).post(`${path(event.params.id)}/materials`, { key, fileName: file.name, content: Buffer.from(await file.arrayBuffer()).toString('base64') });
    } catch (err) {
      return failure(err, {}, { form: 'upload', id: key });
    }
    return { done: 'upload' as const };
  },
  submit: async (event) => {
    try {
      await apiFor(event).post(`${path(event.params.id)}/submit`);
    } catch (err) {
      return failure(err, {}, { form: 'submit' });
    }
    return { done: 'submit' as const };
  },
};
