import type { CollabKind } from '#schema/collab.ts';
import { can } from '#schema/permissions.ts';
import type { Auth } from '../http/context.ts';
import type { Services } from '../http/routes.ts';
import { standardDraftRules } from './standards/collab.ts';
import { reviewOpinionRules } from './reviews/panel-access.ts';

export type CollabAccess = 'write' | 'read' | 'forbidden' | 'not_found';

/**
 * Who may open each kind of collaborative document. Both functions run inside the caller's (or the
 * document's) tenant scope, so `s.scoped` only sees that association's rows. A module adds its kind here.
 */
export interface CollabKindRules {
  /** What this caller may do with document <kind>:<id>. */
  access(s: Services, auth: Auth, id: string): Promise<CollabAccess>;
  /** Whether the row the document belongs to still exists (a deleted one's document is never stored back). */
  exists(s: Services, id: string): Promise<boolean>;
}

const noteExists = async (s: Services, id: string) => !!(await s.scoped.note.findFirst({ where: { id }, select: { id: true } }));

export const collabKindRules: Record<CollabKind, CollabKindRules> = {
  note: {
    async access(s, auth, id) {
      if (!can(auth.role, 'note.read')) return 'forbidden';
      if (!(await noteExists(s, id))) return 'not_found';
      return can(auth.role, 'note.write') ? 'write' : 'read';
    },
    exists: noteExists,
  },
  standard: standardDraftRules,
  'review-opinion': reviewOpinionRules,
};
