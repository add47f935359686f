// The life cycle of a group-standard project and who may move it on. Pure data and functions,
// shared by the server (which enforces them) and the web app (which offers only what is allowed).

export const stages = ['proposal', 'approved', 'drafting', 'public_comment', 'technical_review', 'published', 'filed', 'review'] as const;
export type Stage = (typeof stages)[number];

export const groupRoles = ['leader', 'author', 'commenter', 'reader', 'voter'] as const;
export type GroupRole = (typeof groupRoles)[number];

/** Who may make a transition: a tenant permission, or a working-group role. */
export type Mover = { permission: 'standard.approve' | 'standard.manage' } | { groupRole: 'leader' };

export interface Transition {
  from: Stage;
  to: Stage;
  /** Any one of these may make it. */
  by: Mover[];
}

const leader: Mover = { groupRole: 'leader' };
const manage: Mover = { permission: 'standard.manage' };
const approve: Mover = { permission: 'standard.approve' };

export const transitions: Transition[] = [
  { from: 'proposal', to: 'approved', by: [approve] },
  { from: 'approved', to: 'drafting', by: [leader, manage] },
  { from: 'drafting', to: 'public_comment', by: [leader] },
  { from: 'public_comment', to: 'drafting', by: [leader] },
  { from: 'public_comment', to: 'technical_review', by: [leader] },
  { from: 'technical_review', to: 'drafting', by: [leader] },
  { from: 'technical_review', to: 'published', by: [approve] },
  { from: 'published', to: 'filed', by: [manage] },
  { from: 'filed', to: 'review', by: [manage] },
  // 复审 ends in a revision or in confirming the standard as it stands.
  { from: 'review', to: 'drafting', by: [manage] },
  { from: 'review', to: 'filed', by: [manage] },
];

export interface Actor {
  /** The tenant permissions the person holds that matter here. */
  can: (permission: 'standard.approve' | 'standard.manage') => boolean;
  groupRole: GroupRole | null;
}

const allowedBy = (m: Mover, a: Actor) => ('permission' in m ? a.can(m.permission) : a.groupRole === m.groupRole);

/** The stages this person may move a project to from `from`. */
export function nextStages(from: Stage, a: Actor): Stage[] {
  return transitions.filter((t) => t.from === from && t.by.some((m) => allowedBy(m, a))).map((t) => t.to);
}

export function findTransition(from: Stage, to: Stage): Transition | undefined {
  return transitions.find((t) => t.from === from && t.to === to);
}

export function mayMove(from: Stage, to: Stage, a: Actor): boolean {
  return nextStages(from, a).includes(to);
}

/** Who may edit the draft, comment on it, and vote in the technical review. */
export const draftAccess = (role: GroupRole | null): 'write' | 'read' | null =>
  role === 'leader' || role === 'author' ? 'write' : role ? 'read' : null;
export const mayComment = (role: GroupRole | null) => role === 'leader' || role === 'author' || role === 'commenter';
export const mayVote = (role: GroupRole | null) => role === 'voter' || role === 'leader';
