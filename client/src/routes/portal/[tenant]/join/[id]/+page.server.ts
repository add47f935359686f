import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import type { PublicApplicationStatus } from '#schema/members/api.ts';
import { ApiFailure } from '#lib/api.ts';
import { apiFor } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const token = event.url.searchParams.get('token') ?? '';
  try {
    const status = await apiFor(event).get<z.infer<typeof PublicApplicationStatus>>(`/portal/${encodeURIComponent(event.params.tenant)}/membership-applications/${encodeURIComponent(event.params.id)}`, { token });
    return { status };
  } catch (err) {
    if (err instanceof ApiFailure) error(err.status === 422 ? 404 : err.status, { message: err.message, code: err.code });
    throw err;
  }
};
