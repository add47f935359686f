import type { Services } from '../http/routes.ts';
import type { RealtimeHub } from '../realtime/hub.ts';
import { panelRoomAllowed } from './reviews/panel-access.ts';

/** Entity rooms browsers may join, each guarded by a permission and a lookup in the caller's tenant. */
export function registerRoomKinds(hub: RealtimeHub, s: Services) {
  hub.registerRoomKind('standard', { permission: 'standard.read', exists: async (id) => !!(await s.scoped.standardProject.findFirst({ where: { id }, select: { id: true } })) });
  hub.registerRoomKind('meeting', { permission: 'meeting.read', exists: async (id) => !!(await s.scoped.meeting.findFirst({ where: { id }, select: { id: true } })) });
  hub.registerRoomKind('panel', { permission: 'call.read', exists: (id) => panelRoomAllowed(s, id) });
  hub.registerRoomKind('note', { permission: 'note.read', exists: async (id) => !!(await s.scoped.note.findFirst({ where: { id }, select: { id: true } })) });
}
