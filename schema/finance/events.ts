/** Domain events of the finance module (the contract events it publishes are in schema/events.ts). */
export interface FinanceEvents {
  /** An invoice was issued, paid (partly or in full) or voided. */
  'invoice.changed': { tenantId: string; invoiceId: string; kind: 'dues' | 'other'; status: 'unpaid' | 'partially_paid' | 'paid' | 'void'; actorId: string | null };
  /** A batch of dues invoices for a period was issued. */
  'invoice.duesRun': { tenantId: string; period: string; count: number; actorId: string | null };
  /** An expense was recorded, approved or rejected. */
  'expense.changed': { tenantId: string; expenseId: string; status: 'pending' | 'approved' | 'rejected'; actorId: string | null };
}
