import type { ApiClient } from '../../testing/harness.ts';

/** One fee item, invoice and expense of the first association, for the route-coverage test. */
export async function financeFixtures(admin: ApiClient): Promise<Record<string, string>> {
  const fee = (await admin.get('/api/v1/finance/fee-items')).body.items[0];
  const invoice = (await admin.get('/api/v1/finance/invoices')).body.items[0];
  const expense = (await admin.get('/api/v1/finance/expenses')).body.items[0];
  // A charge against the demo's unapproved fee item is refused and kept.
  const unapproved = (await admin.get('/api/v1/finance/fee-items')).body.items.find((f: { status: string }) => f.status === 'draft');
  await admin.post('/api/v1/finance/invoices', { memberId: invoice.memberId, feeItemId: unapproved.id, dueOn: '2030-01-01' });
  const refused = (await admin.get('/api/v1/finance/refused-charges')).body.items[0];
  return { feeItem: fee.id, invoice: invoice.id, expense: expense.id, refusedCharge: refused.id };
}

/** Valid bodies, so that another association's request gets past validation to the 404. */
export const financeSampleBodies: Record<string, unknown> = {
  'PUT /api/v1/finance/fee-items/{id}': { key: 'renamed', name: '改', amountFen: 1, unit: '元/次', basisDocument: '依据' },
  'POST /api/v1/finance/fee-items/{id}/approval': { decisionRef: '决议' },
  'POST /api/v1/finance/invoices/{id}/payments': { amountFen: 1, method: 'cash', reference: 'R1', paidOn: '2027-01-01' },
  'POST /api/v1/finance/invoices/{id}/void': { reason: '作废' },
  'POST /api/v1/finance/expenses/{id}/decision': { decision: 'approve' },
};
