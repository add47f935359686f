/** Domain events of the standards module (besides the contract event standard.contribution). */
export interface StandardsEvents {
  /** A project was created, changed, moved to another stage or its working group changed. */
  'standard.project.changed': { tenantId: string; projectId: string; stage: string; change: 'created' | 'updated' | 'stage' | 'group'; actorId: string | null };
}
