import type { Role } from './roles.ts';

/**
 * Every action a route, socket room or collaborative document can require. Add an action here,
 * grant it below, and reference it from the route; the route-coverage test does the rest.
 */
export const actions = [
  'workspace.view', // dashboard, presence of colleagues, own session
  'tenant.manage', // association settings
  'user.list', // see the association's users and their roles
  'user.invite', // invite people and revoke invitations
  'user.manage', // change a user's role or remove them from the association
  'audit.read', // the audit log
  'note.read',
  'note.create',
  'note.write', // edit a note's text and title
  'note.delete',
] as const;
export type Action = (typeof actions)[number];

const everyone: Action[] = ['workspace.view'];
const noteEditor: Action[] = ['note.read', 'note.create', 'note.write'];

/** The one permission table: role → allowed actions. */
export const permissionTable: Record<Role, readonly Action[]> = {
  admin: [...actions],
  secretariat: [...everyone, 'user.list', ...noteEditor, 'note.delete'],
  compliance: [...everyone, 'user.list', 'audit.read', ...noteEditor],
  finance: [...everyone, 'note.read'],
  party: [...everyone, 'note.read', 'note.create', 'note.write'],
  council: [...everyone, 'user.list', 'audit.read', 'note.read'],
  expert: [...everyone, 'note.read', 'note.write'],
  member: [...everyone],
};

export function can(role: Role | null | undefined, action: Action): boolean {
  return role ? permissionTable[role].includes(action) : false;
}

export function permissionsOf(role: Role): Action[] {
  return [...permissionTable[role]];
}
