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
}
