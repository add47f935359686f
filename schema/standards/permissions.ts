import { defineAccess } from '../permissions.ts';

/**
 * 团体标准. Tenant-wide actions only say who may see and start projects; what a person may do in one
 * project (edit the draft, comment, vote, move it on) comes from their working-group role.
 */
export const standardsAccess = defineAccess({
  actions: [
    'standard.read', // see the projects and their history
    'standard.create', // propose a project (the proposer leads it)
    'standard.manage', // secretariat: working groups, numbering, filing, periodic review
    'standard.approve', // 立项 and 批准发布 decisions
  ],
  grants: {
    secretariat: ['standard.read', 'standard.create', 'standard.manage'],
    council: ['standard.read', 'standard.approve'],
    expert: ['standard.read', 'standard.create'],
    member: ['standard.read'],
  },
});
