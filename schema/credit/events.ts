/** Domain events of the credit archive and the points ledger (times are ISO 8601 in UTC). */
export interface CreditEvents {
  /** A member company's archive got an entry (or the rules changed): its score and grade now. */
  'credit.changed': { tenantId: string; memberId: string; entryId: string | null; score: number; grade: 'A' | 'B' | 'C' | 'D'; previousGrade: 'A' | 'B' | 'C' | 'D' | null };
  /** Every member company's score was recomputed (the rules changed, or the nightly decay); `changed` companies changed grade. */
  'credit.recomputed': { tenantId: string; cause: 'rules' | 'decay'; changed: number };
  /** Points credited to a user and/or a member company (the rankings update live). */
  'points.awarded': { tenantId: string; entryId: string; userId: string | null; memberId: string | null; points: number; kind: string };
}
