import { defineAccess } from '../permissions.ts';

/** 积分: the points ledger and its ranking. */
export const pointsAccess = defineAccess({
  actions: [
    'points.read', // the whole ledger
    'points.manage', // points rules and manual adjustments
    'points.self', // one's own points (and one's company's), and the ranking
  ],
  grants: {
    secretariat: ['points.read', 'points.manage', 'points.self'],
    compliance: ['points.read', 'points.self'],
    council: ['points.read', 'points.self'],
    finance: ['points.self'],
    party: ['points.self'],
    expert: ['points.self'],
    member: ['points.self'],
  },
});
