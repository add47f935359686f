import { fail, redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n.ts';
import { apiFor } from '#lib/server/api.ts';
import { formFailure, requirePermission, rethrow } from '#lib/server/guard.ts';
import type { FormProblem } from '#lib/server/guard.ts';
import type { MemberTag, Push, PushPreview, PushSummary } from '#lib/members/targeting.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'member.push');
  const api = apiFor(event);
  try {
    const [tags, pushes] = await Promise.all([api.get<{ items: MemberTag[] }>('/member-tags'), api.get<{ items: PushSummary[] }>('/member-pushes')]);
    // ?tag=… preselects tags (from the tag page or the member list).
    return { tags: tags.items, pushes: pushes.items, preselected: event.url.searchParams.getAll('tag') };
  } catch (err) {
    rethrow(err, event);
  }
};

function read(data: FormData) {
  const text = (k: string) => (typeof data.get(k) === 'string' ? (data.get(k) as string).trim() : '');
  const tagIds = data.getAll('tagId').map(String).filter(Boolean);
  const mode = data.get('mode') === 'all' ? ('all' as const) : ('any' as const);
  return { title: text('title'), body: text('body'), kind: text('kind') || 'notice', link: text('link'), tagIds, mode };
}

const values = (v: ReturnType<typeof read>) => ({ title: v.title, body: v.body, kind: v.kind, link: v.link, mode: v.mode, tagIds: v.tagIds.join(',') });

export const actions: Actions = {
  preview: async (event) => {
    const v = read(await event.request.formData());
    if (!v.tagIds.length) return fail(422, <FormProblem>{ message: translate(event.locals.locale, 'members.tags.errors.pickTags'), fields: { tagIds: translate(event.locals.locale, 'members.tags.errors.pickTags') }, values: values(v) });
    try {
      const preview = await apiFor(event).post<PushPreview>('/member-pushes/preview', { mode: v.mode, tagIds: v.tagIds });
      return { preview, values: values(v) };
    } catch (err) {
      return formFailure(err, values(v));
    }
  },
  send: async (event) => {
    const v = read(await event.request.formData());
    if (!v.tagIds.length) return fail(422, <FormProblem>{ message: translate(event.locals.locale, 'members.tags.errors.pickTags'), fields: { tagIds: translate(event.locals.locale, 'members.tags.errors.pickTags') }, values: values(v) });
    let push: Push;
    try {
      push = await apiFor(event).post<Push>('/member-pushes', { title: v.title, body: v.body, kind: v.kind, link: v.link || undefined, query: { mode: v.mode, tagIds: v.tagIds } });
    } catch (err) {
      return formFailure(err, values(v));
    }
    redirect(303, `/members/pushes/${push.id}`);
  },
};
