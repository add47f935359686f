import { defineAccess } from '../permissions.ts';

/** 会员系统: member companies, levels and membership applications. */
export const membersAccess = defineAccess({
  actions: [
    'member.read', // the member list, a member's record and its files
    'member.manage', // add and edit members, contacts, certificates, levels and the approval steps
    'member.apply', // apply for membership and follow one's own applications
    'member.review', // see applications and sign the approval step of one's own department
    'member.self', // a member company's own record (self-service)
    'member.push', // send targeted pushes (精准推送) to tagged member companies and see their receipts
  ],
  grants: {
    secretariat: ['member.read', 'member.manage', 'member.apply', 'member.review', 'member.push'],
    compliance: ['member.read', 'member.review'],
    finance: ['member.read'],
    council: ['member.read', 'member.review'],
    member: ['member.apply', 'member.self'],
  },
});
