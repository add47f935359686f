import { can } from '#schema/permissions.ts';
import { roles, type Role } from '#schema/roles.ts';
import type { Invitation, Page, TenantUser } from '#lib/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const sorts = ['name', 'email', 'joinedAt'] as const;
type Sort = (typeof sorts)[number];

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'user.list');
  const p = event.url.searchParams;
  const role = (roles as readonly string[]).includes(p.get('role') ?? '') ? (p.get('role') as Role) : '';
  const sort: Sort = (sorts as readonly string[]).includes(p.get('sort') ?? '') ? (p.get('sort') as Sort) : 'name';
  const filters = {
    q: (p.get('q') ?? '').trim().slice(0, 100),
    role,
    sort,
    order: p.get('order') === 'desc' ? ('desc' as const) : ('asc' as const),
  };
  const cursor = p.get('cursor') ?? '';
  // Cursors of the pages before this one, so that "previous" works without JavaScript too.
  const back = p.getAll('back');
  const canInvite = can(session.role, 'user.invite');
  const api = apiFor(event);
  try {
    const [users, invitations] = await Promise.all([
      api.get<Page<TenantUser>>('/users', { ...filters, cursor, limit: PAGE_SIZE }),
      canInvite ? api.get<{ items: Invitation[] }>('/invitations') : Promise.resolve(null),
    ]);
    return {
      users: users.items,
      nextCursor: users.nextCursor,
      cursor,
      back,
      pageNo: back.length + 1,
      filters,
      invitations: invitations?.items ?? null,
      canManage: can(session.role, 'user.manage'),
      canInvite,
    };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  role: async (event) => {
    const { id, role } = fields(await event.request.formData(), 'id', 'role');
    try {
      await apiFor(event).patch(`/users/${encodeURIComponent(id)}`, { role });
    } catch (err) {
      return formFailure(err, { role }, { form: 'role', id });
    }
    return { done: 'role' as const, id };
  },
  remove: async (event) => {
    const { id } = fields(await event.request.formData(), 'id');
    try {
      await apiFor(event).del(`/users/${encodeURIComponent(id)}`);
    } catch (err) {
      return formFailure(err, {}, { form: 'remove', id });
    }
    return { done: 'remove' as const, id };
  },
  invite: async (event) => {
    const { email, role } = fields(await event.request.formData(), 'email', 'role');
    try {
      const inv = await apiFor(event).post<Invitation>('/invitations', { email, role });
      return { done: 'invite' as const, email: inv.email };
    } catch (err) {
      return formFailure(err, { email, role }, { form: 'invite' });
    }
  },
  revoke: async (event) => {
    const { id } = fields(await event.request.formData(), 'id');
    try {
      await apiFor(event).del(`/invitations/${encodeURIComponent(id)}`);
    } catch (err) {
      return formFailure(err, {}, { form: 'revoke', id });
    }
    return { done: 'revoke' as const, id };
  },
};
