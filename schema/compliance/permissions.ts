import { defineAccess } from '../permissions.ts';

/** 合规与廉政: the rule library and the alerts it raises. */
export const complianceAccess = defineAccess({
  actions: [
    'compliance.read', // alerts, their history and the rule library
    'compliance.manage', // edit rules and handle alerts (acknowledge, resolve, dismiss)
  ],
  grants: {
    compliance: ['compliance.read', 'compliance.manage'],
    council: ['compliance.read'],
  },
});
