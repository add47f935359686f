/** Domain events of the standards module (besides the contract event standard.contribution). */
export interface StandardsEvents {
  /** A project was created, changed, moved to another stage or its working group changed. */
  'standard.project.changed': { tenantId: string; projectId: string; stage: string; change: 'created' | 'updated' | 'stage' | 'group'; actorId: string | null };
  /** A comment was added, answered, resolved or reopened (pushed to the draft's entity room). */
  'standard.comment.changed': { tenantId: string; projectId: string; commentId: string; actorId: string | null };
  /** A vote was cast or a disapproval resolved (pushed to the project's entity room). */
  'standard.ballot.changed': { tenantId: string; projectId: string; actorId: string | null };
}
