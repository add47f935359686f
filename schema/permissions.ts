import { roles, type Role } from './roles.ts';
import { dashboardAccess } from './dashboard/permissions.ts';
import { standardsAccess } from './standards/permissions.ts';
import { membersAccess } from './members/permissions.ts';
import { complianceAccess } from './compliance/permissions.ts';
import { meetingAccess } from './meetings/permissions.ts';
import { partyAccess } from './party/permissions.ts';
import { expertsAccess } from './experts/permissions.ts';
import { reviewsAccess } from './reviews/permissions.ts';
import { creditAccess } from './credit/permissions.ts';
import { pointsAccess } from './points/permissions.ts';
import { financeAccess } from './finance/permissions.ts';
import { disclosuresAccess } from './disclosures/permissions.ts';
import { integrityAccess } from './integrity/permissions.ts';

/**
 * A slice of the permission table: the actions one part of the product defines, and which roles
 * hold them (admin holds every action). The platform's slice is below; each domain module keeps
 * its own in schema/<module>/permissions.ts and is listed in `slices`, so that modules never edit
 * each other's lines. Routes, socket rooms and collaborative documents name these actions; the
 * route-coverage test checks every route against the table.
 */
export function defineAccess<const A extends string>(slice: { actions: readonly A[]; grants: Partial<Record<Exclude<Role, 'admin'>, readonly A[]>> }) {
  return slice;
}

const noteEditor = ['note.read', 'note.create', 'note.write'] as const;

const platform = defineAccess({
  actions: [
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
  ],
  grants: {
    secretariat: ['workspace.view', 'user.list', ...noteEditor, 'note.delete'],
    compliance: ['workspace.view', 'user.list', 'audit.read', ...noteEditor],
    finance: ['workspace.view', 'note.read'],
    party: ['workspace.view', ...noteEditor],
    council: ['workspace.view', 'user.list', 'audit.read', 'note.read'],
    expert: ['workspace.view', 'note.read', 'note.write'],
    member: ['workspace.view'],
  },
});

/** The platform and every domain module; a module adds its slice here. */
const slices = [platform, dashboardAccess, standardsAccess, membersAccess, meetingAccess, expertsAccess, reviewsAccess, complianceAccess, partyAccess, creditAccess, pointsAccess, financeAccess, disclosuresAccess, integrityAccess] as const;

type SliceAction<S> = S extends { actions: readonly (infer A)[] } ? A : never;
export type Action = SliceAction<(typeof slices)[number]>;

export const actions: readonly Action[] = slices.flatMap((s) => s.actions as readonly Action[]);

const grantsOf = (role: Role): readonly Action[] =>
  role === 'admin' ? actions : slices.flatMap((s) => (s.grants as Partial<Record<Role, readonly Action[]>>)[role] ?? []);

/** The one permission table: role → allowed actions. */
export const permissionTable = Object.fromEntries(roles.map((role) => [role, grantsOf(role)])) as Record<Role, readonly Action[]>;

export function can(role: Role | null | undefined, action: Action): boolean {
  return role ? permissionTable[role].includes(action) : false;
}

export function permissionsOf(role: Role): Action[] {
  return [...permissionTable[role]];
}
