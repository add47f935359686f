import { documentName } from '#schema/collab.ts';
import { can } from '#schema/permissions.ts';
import { translator } from '#schema/i18n/index.ts';
import type { Locale } from '#schema/roles.ts';
import { draftAccess, findTransition, mayMove, nextStages, type GroupRole, type Stage } from '#schema/standards/workflow.ts';
import type { Auth } from '../../http/context.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { ScopedClient } from '../../db/tenant-scope.ts';

export interface ProjectRow {
  id: string;
  title: string;
  code: string | null;
  scope: string;
  stage: string;
  createdById: string;
  createdAt: Date;
  updatedAt: Date;
}

export const projectView = (p: ProjectRow, myRole: GroupRole | null) => ({
  id: p.id,
  title: p.title,
  code: p.code,
  scope: p.scope,
  stage: p.stage as Stage,
  document: documentName('standard', p.id),
  myRole,
  createdBy: p.createdById,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export async function findProject(db: ScopedClient, id: string, locale: Locale) {
  const p = await db.standardProject.findFirst({ where: { id } });
  // The platform's entity names do not know ours: pass the name already in the caller's language.
  if (!p) throw notFound(translator(locale)('standards.entity'));
  return p;
}

/** The person's working-group role in a project, or null. */
export async function groupRoleOf(db: ScopedClient, projectId: string, userId: string): Promise<GroupRole | null> {
  const m = await db.standardMember.findFirst({ where: { projectId, userId }, select: { role: true } });
  return (m?.role as GroupRole | undefined) ?? null;
}

export const actorOf = (auth: Auth, groupRole: GroupRole | null) => ({
  can: (p: 'standard.approve' | 'standard.manage') => can(auth.role, p),
  groupRole,
});

/** Leaders and the secretariat shape the working group and the project's data. */
export const mayManageGroup = (auth: Auth, groupRole: GroupRole | null) => groupRole === 'leader' || can(auth.role, 'standard.manage');

/** Refuses a stage change that the workflow does not have, or that this person may not make. */
export function checkTransition(auth: Auth, groupRole: GroupRole | null, from: Stage, to: Stage, locale: Locale) {
  const t = translator(locale);
  const transition = findTransition(from, to);
  if (!transition) {
    const message = t('standards.errors.transition', { from: t(`standards.stages.${from}`), to: t(`standards.stages.${to}`) });
    throw new ApiError('validation_failed', {}, [{ path: 'body.to', code: 'custom', message }]);
  }
  if (!mayMove(from, to, actorOf(auth, groupRole))) {
    const who = transition.by
      .map((m) => ('groupRole' in m ? t('standards.errors.needLeader') : m.permission === 'standard.manage' ? t('standards.errors.needManage') : t('standards.errors.needApprove')))
      .join(' / ');
    throw new ApiError('forbidden', { action: who });
  }
}

export { nextStages };

/**
 * What a person may do with a project's draft and its comments: leaders and authors write, other
 * working-group members read, and outside the group only the secretariat and the secretary-general read.
 */
export function draftAccessOf(auth: Pick<Auth, 'role'>, groupRole: GroupRole | null): 'write' | 'read' | null {
  return draftAccess(groupRole) ?? (auth.role === 'admin' || auth.role === 'secretariat' ? 'read' : null);
}
