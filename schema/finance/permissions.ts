import { defineAccess } from '../permissions.ts';

/** 会费与财务: fee items, invoices and payments, expenses and statements. */
export const financeAccess = defineAccess({
  actions: [
    'finance.read', // fee items, invoices, payments, expenses, statements and their exports
    'finance.manage', // fee items, invoices (dues runs), payments, expenses, settings
    'finance.approve', // approve or reject expenses; record a fee item's approval
    'finance.self', // a member company's own invoices, paid online (self-service)
  ],
  grants: {
    finance: ['finance.read', 'finance.manage', 'finance.approve'],
    secretariat: ['finance.read', 'finance.approve'],
    council: ['finance.read'],
    member: ['finance.self'],
  },
});
