import { defineAccess } from '../permissions.ts';

/** 信用档案: member companies' credit entries, scores and grades. */
export const creditAccess = defineAccess({
  actions: [
    'credit.read', // every member company's score, grade, entries and grade history; the rules
    'credit.manage', // manual entries with evidence, and the scoring rules
    'credit.self', // a member company's own score, grade and the entries behind them
  ],
  grants: {
    secretariat: ['credit.read', 'credit.manage'],
    compliance: ['credit.read'],
    council: ['credit.read'],
    finance: ['credit.read'],
    member: ['credit.self'],
  },
});
