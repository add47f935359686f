import { defineAccess } from '../permissions.ts';

/** 专家库: the secretariat keeps the pool; experts keep their own profile and answer invitations. */
export const expertsAccess = defineAccess({
  actions: [
    'expert.read', // search the pool and read profiles, invitations and service records
    'expert.manage', // add and edit profiles, invite experts, record their services
    'expert.report', // the expert service report (PDF, XLSX)
    'expert.self', // one's own expert profile and invitations
  ],
  grants: {
    secretariat: ['expert.read', 'expert.manage', 'expert.report'],
    council: ['expert.read', 'expert.report'],
    expert: ['expert.self'],
  },
});
