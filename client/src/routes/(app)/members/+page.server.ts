import { redirect } from '@sveltejs/kit';
import { can } from '#schema/permissions.ts';
import { memberStatuses } from '#schema/members/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Member, MemberSummary, MembershipLevel } from '#lib/members/types.ts';
import { put } from '#lib/members/api.server.ts';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const sorts = ['name', 'joinedOn', 'expiresOn', 'createdAt'] as const;
type Sort = (typeof sorts)[number];

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'member.read');
  const p = event.url.searchParams;
  const status = (memberStatuses as readonly string[]).includes(p.get('status') ?? '') ? (p.get('status') as MemberSummary['status']) : '';
  const sort: Sort = (sorts as readonly string[]).includes(p.get('sort') ?? '') ? (p.get('sort') as Sort) : 'name';
  const filters = {
    q: (p.get('q') ?? '').trim().slice(0, 100),
    status,
    levelId: /^[0-9a-f-]{36}$/.test(p.get('levelId') ?? '') ? p.get('levelId')! : '',
    sort,
    order: p.get('order') === 'desc' ? ('desc' as const) : ('asc' as const),
  };
  const cursor = p.get('cursor') ?? '';
  const back = p.getAll('back');
  const api = apiFor(event);
  try {
    const [list, levels, settings] = await Promise.all([
      api.get<{ items: MemberSummary[]; total: number; totalCapped: boolean; nextCursor: string | null }>('/members', { ...filters, cursor, limit: PAGE_SIZE }),
      api.get<{ items: MembershipLevel[] }>('/membership-levels'),
      api.get<{ graceDays: number }>('/membership-settings'),
    ]);
    return { members: list.items, total: list.total, totalCapped: list.totalCapped, nextCursor: list.nextCursor, cursor, back, pageNo: back.length + 1, filters, levels: levels.items, settings, canManage: can(session.role, 'member.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  settings: async (event) => {
    const v = fields(await event.request.formData(), 'graceDays');
    try {
      await put(event, '/membership-settings', { graceDays: Number(v.graceDays) });
    } catch (err) {
      return formFailure(err, v, { form: 'settings' });
    }
    return { done: 'settings' as const };
  },
  create: async (event) => {
    const v = fields(await event.request.formData(), 'name', 'creditCode', 'levelId', 'industry', 'region', 'contactName', 'contactPhone');
    let member: Member;
    try {
      member = await apiFor(event).post<Member>('/members', {
        name: v.name,
        creditCode: v.creditCode,
        levelId: v.levelId,
        industry: v.industry,
        region: v.region,
        contacts: v.contactName ? [{ name: v.contactName, phone: v.contactPhone, isPrimary: true }] : [],
      });
    } catch (err) {
      return formFailure(err, v, { form: 'create' });
    }
    redirect(303, `/members/${member.id}`);
  },
};
