import { redirect } from '@sveltejs/kit';
import { allowedUploadTypes } from '#schema/members/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

interface Level {
  id: string;
  name: string;
  nameEn: string | null;
  duesFen: number;
  termMonths: number;
}

export const load: PageServerLoad = async (event) => {
  const { items } = await apiFor(event).get<{ items: Level[] }>(`/portal/${encodeURIComponent(event.params.tenant)}/membership-levels`);
  return { levels: items };
};

async function fileOf(v: FormDataEntryValue | null) {
  if (!(v instanceof File) || v.size === 0) return undefined;
  const type = (allowedUploadTypes as readonly string[]).includes(v.type) ? v.type : 'application/pdf';
  return { name: v.name, contentType: type, data: Buffer.from(await v.arrayBuffer()).toString('base64') };
}

export const actions: Actions = {
  apply: async (event) => {
    const data = await event.request.formData();
    const v = fields(data, 'companyName', 'creditCode', 'levelId', 'industry', 'region', 'address', 'contactName', 'contactPhone', 'contactEmail', 'certName', 'certNumber', 'certExpires');
    let created: { id: string; token: string };
    try {
      created = await apiFor(event).post(`/portal/${encodeURIComponent(event.params.tenant)}/membership-applications`, {
        companyName: v.companyName,
        creditCode: v.creditCode,
        levelId: v.levelId || undefined,
        industry: v.industry || undefined,
        region: v.region || undefined,
        address: v.address || undefined,
        contactName: v.contactName || undefined,
        contactPhone: v.contactPhone || undefined,
        contactEmail: v.contactEmail,
        licence: await fileOf(data.get('licence')),
        certificates: v.certName || v.certExpires || data.get('certFile') instanceof File ? [{ name: v.certName, number: v.certNumber || undefined, expiresOn: v.certExpires || undefined, file: await fileOf(data.get('certFile')) }] : [],
      });
    } catch (err) {
      return formFailure(err, v);
    }
    redirect(303, `/portal/${event.params.tenant}/join/${created.id}?token=${encodeURIComponent(created.token)}`);
  },
};
