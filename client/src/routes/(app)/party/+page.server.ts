import { can } from '#schema/permissions.ts';
import type { Branch, Calendar, Member, PartyMeeting, Ranking, StudyRecord } from '#lib/party/types.ts';
import { apiFor } from '#lib/server/api.ts';
import { requirePermission, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'party.read');
  const api = apiFor(event);
  try {
    const [branches, members, meetings, calendar, ranking, study] = await Promise.all([
      api.get<{ items: Branch[] }>('/party/branches'),
      api.get<{ items: Member[] }>('/party/members'),
      api.get<{ items: PartyMeeting[] }>('/party/meetings'),
      api.get<Calendar>('/party/calendar'),
      api.get<Ranking>('/party/ranking'),
      api.get<{ items: StudyRecord[] }>('/party/study-records'),
    ]);
    return { branches: branches.items, members: members.items, meetings: meetings.items, calendar, ranking, study: study.items, canManage: can(session.role, 'party.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};
