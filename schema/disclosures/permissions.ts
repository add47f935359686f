import { defineAccess } from '../permissions.ts';

/** 信息公开: disclosures on the portal, public questions and their answers, the working-day calendar. */
export const disclosuresAccess = defineAccess({
  actions: [
    'disclosure.read', // disclosures (drafts too), the questions and the calendar
    'disclosure.manage', // write, publish and withdraw disclosures, answer questions, edit the calendar
  ],
  grants: {
    secretariat: ['disclosure.read', 'disclosure.manage'],
    compliance: ['disclosure.read'],
    finance: ['disclosure.read'],
    council: ['disclosure.read'],
  },
});
