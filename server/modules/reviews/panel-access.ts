import type { Auth } from '../../http/context.ts';
import type { Services } from '../../http/routes.ts';
import type { CollabAccess, CollabKindRules } from '../collab-kinds.ts';
import { currentContext } from '../../db/tenant-scope.ts';
import { findPanel, panelAccessFor } from './panels.ts';

/** The panel's entity room: its members and readers of applications (the hub has checked call.read). */
export async function panelRoomAllowed(s: Services, panelId: string): Promise<boolean> {
  const ctx = currentContext();
  if (!ctx?.actorId) return false;
  const m = await s.db.prisma.membership.findFirst({ where: { tenantId: ctx.tenantId, userId: ctx.actorId }, select: { role: true } });
  return !!m && !!(await panelAccessFor(s.scoped, ctx.actorId, m.role, panelId));
}

const itemOf = (s: Services, id: string) => s.scoped.panelItem.findFirst({ where: { id }, select: { id: true, panelId: true, status: true } });

/** review-opinion:<panel item id>: members co-edit until the chair locks the result; readers of applications read. */
export const reviewOpinionRules: CollabKindRules = {
  async access(s: Services, auth: Auth, id: string): Promise<CollabAccess> {
    const item = await itemOf(s, id);
    if (!item || !(await findPanel(s.scoped, item.panelId))) return 'not_found';
    const who = await panelAccessFor(s.scoped, auth.user.id, auth.role, item.panelId);
    if (!who) return 'forbidden';
    return who === 'member' && item.status !== 'locked' ? 'write' : 'read';
  },
  exists: async (s, id) => !!(await itemOf(s, id)),
};
