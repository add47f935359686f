import { fail, redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { FormProblem } from '#lib/server/guard.ts';
import type { MemberImport, MemberImportSummary } from '#lib/members/targeting.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.manage');
  try {
    return { recent: (await apiFor(event).get<{ items: MemberImportSummary[] }>('/member-imports')).items };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    const file = (await event.request.formData()).get('file');
    if (!(file instanceof File) || !file.size || !/\.(xlsx|csv)$/i.test(file.name)) {
      return fail(422, <FormProblem>{ message: translate(event.locals.locale, 'members.import.errors.pickFile'), fields: {}, values: {} });
    }
    let created: MemberImport;
    try {
      created = await callApi<MemberImport>(event, 'POST', '/member-imports', {
        query: { name: file.name },
        raw: { data: new Uint8Array(await file.arrayBuffer()), contentType: file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      });
    } catch (err) {
      return formFailure(err);
    }
    redirect(303, `/members/import/${created.id}`);
  },
};
