import { defineAccess } from '../permissions.ts';

/** 廉政: the integrity-risk ledger, entries about member companies, part-time declarations and payments. */
export const integrityAccess = defineAccess({
  actions: [
    'integrity.read', // the risk ledger, entries, declarations and payments
    'integrity.manage', // edit the risk ledger, record entries and payments
    'parttime.declare', // declare one's own part-time positions and see them
    'parttime.review', // approve or reject declarations
  ],
  grants: {
    compliance: ['integrity.read', 'integrity.manage', 'parttime.declare'],
    council: ['integrity.read', 'parttime.declare'],
    secretariat: ['parttime.declare', 'parttime.review'],
    party: ['integrity.read', 'parttime.declare', 'parttime.review'],
    finance: ['parttime.declare'],
  },
});
