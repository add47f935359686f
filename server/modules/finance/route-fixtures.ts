import type { ApiClient } from '../../testing/harness.ts';

/** One fee item, invoice and expense of the first association, for the route-coverage test. */
export async function financeFixtures(admin: ApiClient): Promise<Record<string, string>> {
  const fee = (await admin.get('/api/v1/finance/fee-items')).body.items[0];
  const invoice = (await admin.get('/api/v1/finance/invoices')).body.items[0];
  const expense = (await admin.get('/api/v1/finance/expenses')).body.items[0];
  return { feeItem: fee.id, invoice: invoice.id, expense: expense.id };
}

/** Valid bodies, so that another association's request gets past validation to the 404. */
export const financeSampleBodies: Record<string, unknown> = {
  'PUT /api/v1/finance/fee-items/{id}': { key: 'renamed', name: '改', amountFen: 1, unit: '元/次', basisDocument: '依据' },
  'POST /api/v1/finance/fee-items/{id}/approval': { decisionRef: '决议' },
  'POST /api/v1/finance/invoices/{id}/payments': { amountFen: 1, method: 'cash', reference: 'R1', paidOn: '2027-01-01' },
  'POST /api/v1/finance/invoices/{id}/void': { reason: '作废' },
  'POST /api/v1/finance/expenses/{id}/decision': { decision: 'approve' },
};
