/** Domain events of the members module (payload times are ISO 8601 in UTC). */
export interface MembersEvents {
  'member.changed': { tenantId: string; memberId: string; name: string; status: string; actorId: string | null };
  /** An application was submitted, signed at a step, returned, rejected or approved. */
  'member.application.changed': {
    tenantId: string;
    applicationId: string;
    companyName: string;
    status: 'draft' | 'in_review' | 'returned' | 'rejected' | 'approved';
    stepKey: string | null;
    actorId: string | null;
  };
  /** A targeted push was sent (one transaction for all its recipients). */
  'member.push.sent': { tenantId: string; pushId: string; title: string; recipients: number; actorId: string | null };
  /** A member company's user opened a targeted push for the first time (read receipt). */
  'member.push.read': { tenantId: string; pushId: string; memberId: string; readAt: string; actorId: string | null };
  /** Progress of a ledger import while its transaction runs. */
  'member.import.progress': { tenantId: string; importId: string; done: number; total: number; finished: boolean; actorId: string | null };
}
