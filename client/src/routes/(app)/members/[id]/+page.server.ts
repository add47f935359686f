import { can } from '#schema/permissions.ts';
import { apiFor } from '#lib/server/api.ts';
import { fields, formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import { put, uploadIfAny } from '#lib/members/api.server.ts';
import type { Member, MembershipLevel } from '#lib/members/types.ts';
import type { MemberTag } from '#lib/members/targeting.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requirePermission(event, 'member.read');
  const api = apiFor(event);
  try {
    const [member, levels, tags] = await Promise.all([
      api.get<Member>(`/members/${encodeURIComponent(event.params.id)}`),
      api.get<{ items: MembershipLevel[] }>('/membership-levels'),
      api.get<{ items: MemberTag[] }>('/member-tags'),
    ]);
    return { member, levels: levels.items, tags: tags.items, canManage: can(session.role, 'member.manage') };
  } catch (err) {
    rethrow(err, event);
  }
};

export const actions: Actions = {
  tag: async (event) => {
    const v = fields(await event.request.formData(), 'tagId', 'action');
    try {
      await apiFor(event).post('/member-tags/assign', { memberIds: [event.params.id], tagIds: [v.tagId], action: v.action === 'remove' ? 'remove' : 'add' });
    } catch (err) {
      return formFailure(err, v, { form: 'tag' });
    }
    return { done: 'tag' as const };
  },
  save: async (event) => {
    const data = await event.request.formData();
    const v = fields(data, 'name', 'creditCode', 'levelId', 'status', 'industry', 'region', 'address', 'joinedOn', 'expiresOn');
    const names = data.getAll('contactName').map(String);
    const titles = data.getAll('contactTitle').map(String);
    const phones = data.getAll('contactPhone').map(String);
    const emails = data.getAll('contactEmail').map(String);
    const primary = Number(data.get('primary') ?? 0);
    const contacts = names
      .map((name, i) => ({ name: name.trim(), title: titles[i]?.trim(), phone: phones[i]?.trim(), email: emails[i]?.trim() || undefined, isPrimary: i === primary }))
      .filter((c) => c.name);
    try {
      await put(event, `/members/${encodeURIComponent(event.params.id)}`, { ...v, joinedOn: v.joinedOn || undefined, expiresOn: v.expiresOn || undefined, contacts });
    } catch (err) {
      return formFailure(err, v, { form: 'save' });
    }
    return { done: 'save' as const };
  },
  certificate: async (event) => {
    const data = await event.request.formData();
    const v = fields(data, 'name', 'number', 'issuer', 'expiresOn');
    try {
      const fileId = await uploadIfAny(event, data.get('file'));
      await apiFor(event).post(`/members/${encodeURIComponent(event.params.id)}/certificates`, { ...v, fileId });
    } catch (err) {
      return formFailure(err, v, { form: 'certificate' });
    }
    return { done: 'certificate' as const };
  },
  renew: async (event) => {
    const { terms } = fields(await event.request.formData(), 'terms');
    try {
      const m = await apiFor(event).post<Member>(`/members/${encodeURIComponent(event.params.id)}/renew`, { terms: Number(terms) || 1 });
      return { done: 'renew' as const, expiresOn: m.expiresOn };
    } catch (err) {
      return formFailure(err, { terms }, { form: 'renew' });
    }
  },
  removeCertificate: async (event) => {
    const { id } = fields(await event.request.formData(), 'id');
    try {
      await apiFor(event).del(`/member-certificates/${encodeURIComponent(id)}`);
    } catch (err) {
      return formFailure(err, {}, { form: 'removeCertificate', id });
    }
    return { done: 'removeCertificate' as const };
  },
};
