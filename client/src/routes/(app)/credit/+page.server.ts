import { redirect } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { grades } from '#schema/credit/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, requireSession, rethrow } from '#lib/server/guard.ts';
import type { StandingList } from './types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // A member company's login has its own page.
  const s = requireSession(event);
  if (!can(s.role, 'credit.read') && can(s.role, 'credit.self')) redirect(303, '/credit/mine');
  const session = requirePermission(event, 'credit.read');
  const p = event.url.searchParams;
  const grade = (grades as readonly string[]).includes(p.get('grade') ?? '') ? p.get('grade')! : '';
  const q = (p.get('q') ?? '').trim().slice(0, 100);
  const cursor = p.get('cursor') ?? '';
  try {
    const list = await apiFor(event).get<StandingList>('/credit/members', { grade: grade || undefined, q: q || undefined, cursor: cursor || undefined, limit: '50' });
    return { list, filters: { grade, q }, canManage: can(session.role, 'credit.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};
