import type { GroupRole } from '#schema/standards/workflow.ts';
import type { CollabKindRules } from '../collab-kinds.ts';
import { draftAccessOf } from './service.ts';

/**
 * The draft of a project (document standard:<projectId>): the working-group role decides — leaders
 * and authors write, every other member reads, and people outside the group (even admins) do not
 * open it; the secretariat reads without joining.
 */
export const standardDraftRules: CollabKindRules = {
  async access(s, auth, id) {
    const project = await s.scoped.standardProject.findFirst({ where: { id }, select: { id: true } });
    if (!project) return 'not_found';
    const member = await s.scoped.standardMember.findFirst({ where: { projectId: id, userId: auth.user.id }, select: { role: true } });
    return draftAccessOf(auth, (member?.role as GroupRole | undefined) ?? null) ?? 'forbidden';
  },
  exists: async (s, id) => !!(await s.scoped.standardProject.findFirst({ where: { id }, select: { id: true } })),
};
