import { defineAccess } from '../permissions.ts';

/** 项目申报评审: the secretariat runs calls and draws, members apply, experts review. */
export const reviewsAccess = defineAccess({
  actions: [
    'call.read', // open calls and their rules
    'call.manage', // create, edit and open calls
    'application.submit', // apply to a call and follow one's own applications
    'application.read', // every application of a call, its materials and reviews
    'review.draw', // draw experts, replace declines, send reminders
    'review.perform', // answer review assignments, score and write opinions
    'panel.manage', // set up live review panels (专家评审会)
  ],
  grants: {
    secretariat: ['call.read', 'call.manage', 'application.read', 'review.draw', 'panel.manage'],
    council: ['call.read', 'application.read'],
    member: ['call.read', 'application.submit'],
    expert: ['call.read', 'review.perform'],
  },
});
