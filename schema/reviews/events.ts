/** Project call and review events. */
export interface ReviewEvents {
  'call.changed': { tenantId: string; callId: string; actorId: string | null };
  'application.changed': { tenantId: string; callId: string; applicationId: string; status: string; actorId: string | null };
  'review.drawn': { tenantId: string; callId: string; drawId: string; actorId: string | null };
  'review.assignment.changed': { tenantId: string; callId: string; applicationId: string; assignmentId: string; status: string; actorId: string | null };
}
