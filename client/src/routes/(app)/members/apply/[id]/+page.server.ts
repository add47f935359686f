import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requireSession, rethrow } from '#lib/server/guard.ts';
import { put, uploadIfAny } from '#lib/members/api.server.ts';
import type { Application, MembershipLevel } from '#lib/members/types.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  requireSession(event);
  const api = apiFor(event);
  try {
    const app = await api.get<Application>(`/membership-applications/${encodeURIComponent(event.params.id)}`);
    const levels = await api.get<{ items: MembershipLevel[] }>('/membership-applications/levels').catch(() => ({ items: [] as MembershipLevel[] }));
    return { app, levels: levels.items };
  } catch (err) {
    rethrow(err, event);
  }
};

/** Reads the form, uploads the chosen files and saves the application. */
async function save(event: RequestEvent) {
  const data = await event.request.formData();
  const v = fields(data, 'companyName', 'creditCode', 'levelId', 'industry', 'region', 'address', 'contactName', 'contactPhone', 'contactEmail', 'licenceFileId');
  const names = data.getAll('certName').map(String);
  const numbers = data.getAll('certNumber').map(String);
  const expires = data.getAll('certExpires').map(String);
  const fileIds = data.getAll('certFileId').map(String);
  const files = data.getAll('certFile');
  const licenceFileId = (await uploadIfAny(event, data.get('licence'))) ?? (v.licenceFileId || undefined);
  const certificates = [];
  for (let i = 0; i < names.length; i++) {
    const fileId = (await uploadIfAny(event, files[i] ?? null)) ?? (fileIds[i] || undefined);
    if (!names[i].trim() && !expires[i] && !fileId) continue;
    certificates.push({ name: names[i].trim(), number: numbers[i]?.trim() || undefined, expiresOn: expires[i] || undefined, fileId });
  }
  const body = { ...v, levelId: v.levelId || undefined, licenceFileId, certificates };
  await put(event, `/membership-applications/${encodeURIComponent(event.params.id)}`, body);
  return v;
}

export const actions: Actions = {
  save: async (event) => {
    try {
      await save(event);
    } catch (err) {
      return formFailure(err, {}, { form: 'save' });
    }
    return { done: 'save' as const };
  },
  submit: async (event) => {
    try {
      await save(event);
      await apiFor(event).post(`/membership-applications/${encodeURIComponent(event.params.id)}/submit`);
    } catch (err) {
      return formFailure(err, {}, { form: 'submit' });
    }
    return { done: 'submit' as const };
  },
};
