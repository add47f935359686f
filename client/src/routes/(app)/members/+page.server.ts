import { fail, redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n.ts';
import { can } from '#schema/permissions.ts';
import { memberStatuses } from '#schema/members/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { FormProblem } from '#lib/server/guard.ts';
import type { Member, MemberSummary, MembershipLevel } from '#lib/members/types.ts';
import { put } from '#lib/members/api.server.ts';
import type { MemberTag } from '#lib/members/targeting.ts';
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
    tags: p.getAll('tag').filter((x) => /^[0-9a-f-]{36}$/.test(x)).slice(0, 20),
    tagMode: p.get('tagMode') === 'all' ? ('all' as const) : ('any' as const),
  };
  const cursor = p.get('cursor') ?? '';
  const back = p.getAll('back');
  const api = apiFor(event);
  try {
    const [list, levels, settings, tags] = await Promise.all([
      api.get<{ items: MemberSummary[]; total: number; totalCapped: boolean; nextCursor: string | null }>('/members', { ...filters, tags: filters.tags.join(','), cursor, limit: PAGE_SIZE }),
      api.get<{ items: MembershipLevel[] }>('/membership-levels'),
      api.get<{ graceDays: number }>('/membership-settings'),
      api.get<{ items: MemberTag[] }>('/member-tags'),
    ]);
    return {
      members: list.items,
      total: list.total,
      totalCapped: list.totalCapped,
      nextCursor: list.nextCursor,
      cursor,
      back,
      pageNo: back.length + 1,
      filters,
      levels: levels.items,
      settings,
      tags: tags.items,
      canManage: can(session.role, 'member.manage'),
      canPush: can(session.role, 'member.push'),
      canReadCredit: can(session.role, 'credit.read'),
    };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  assign: async (event) => {
    const data = await event.request.formData();
    const memberIds = data.getAll('memberId').map(String);
    const tagIds = data.getAll('tagId').map(String).filter(Boolean);
    const action = data.get('action') === 'remove' ? 'remove' : 'add';
    const locale = event.locals.locale;
    if (!memberIds.length) return fail(422, <FormProblem>{ form: 'assign', message: translate(locale, 'members.tags.errors.pickMembers'), fields: {}, values: {} });
    if (!tagIds.length) return fail(422, <FormProblem>{ form: 'assign', message: translate(locale, 'members.tags.errors.pickTags'), fields: {}, values: {} });
    try {
      const r = await apiFor(event).post<{ changed: number }>('/member-tags/assign', { memberIds, tagIds, action });
      return { done: 'assign' as const, changed: r.changed };
    } catch (err) {
      return formFailure(err, {}, { form: 'assign' });
    }
  },
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
