import { defineAccess } from '../permissions.ts';

const everyone = ['party.signin'] as const;

/** 党建与治理: the party branch keeps its records; the council governs; party members sign in to their meetings. */
export const partyAccess = defineAccess({
  actions: [
    'party.read', // the branch, its members, 三会一课 calendar and records, ranking, study reports
    'party.manage', // keep the branch's records and record the pre-review of major matters
    'party.signin', // sign in to a party meeting (the server also checks the caller is a member of that branch)
    'governance.read', // council meetings, matters, votes, the council's party-member share
    'governance.manage', // schedule council meetings, table matters, record decisions, set the minimum share
    'governance.vote', // vote on matters before the council
  ],
  grants: {
    secretariat: [...everyone, 'governance.read', 'governance.manage'],
    compliance: [...everyone, 'party.read', 'governance.read'],
    finance: [...everyone],
    party: [...everyone, 'party.read', 'party.manage', 'governance.read'],
    council: [...everyone, 'party.read', 'governance.read', 'governance.vote'],
    expert: [...everyone],
    member: [...everyone],
  },
});
