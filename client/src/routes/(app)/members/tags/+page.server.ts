import { can } from '#schema/permissions.ts';
import { apiFor, callApi } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { MemberTag } from '#lib/members/targeting.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'member.read');
  try {
    const tags = await apiFor(event).get<{ items: MemberTag[] }>('/member-tags');
    return { tags: tags.items, canManage: can(session.role, 'member.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  create: async (event) => {
    const v = fields(await event.request.formData(), 'name', 'category');
    try {
      await apiFor(event).post('/member-tags', { name: v.name, category: v.category || 'custom' });
    } catch (err) {
      return formFailure(err, v, { form: 'create' });
    }
    return { done: 'create' as const };
  },
  update: async (event) => {
    const v = fields(await event.request.formData(), 'id', 'name', 'category');
    try {
      await callApi(event, 'PUT', `/member-tags/${encodeURIComponent(v.id)}`, { body: { name: v.name, category: v.category } });
    } catch (err) {
      return formFailure(err, v, { form: 'update', id: v.id });
    }
    return { done: 'update' as const };
  },
  remove: async (event) => {
    const v = fields(await event.request.formData(), 'id');
    try {
      await apiFor(event).del(`/member-tags/${encodeURIComponent(v.id)}`);
    } catch (err) {
      return formFailure(err, v, { form: 'update', id: v.id });
    }
    return { done: 'remove' as const };
  },
};
