/** Events of the disclosures module (信息公开). */
export interface DisclosureEvents {
  'disclosure.changed': { tenantId: string; disclosureId: string; title: string; status: 'draft' | 'published' | 'withdrawn'; actorId: string | null };
  'disclosure.question.changed': { tenantId: string; disclosureId: string; questionId: string; answered: boolean; actorId: string | null };
}
