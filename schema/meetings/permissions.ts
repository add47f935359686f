import { defineAccess } from '../permissions.ts';

/** 会议活动: everyone in the association sees meetings and registers; the secretariat runs them. */
export const meetingAccess = defineAccess({
  actions: [
    'meeting.read', // see meetings, agendas, chat, Q&A and polls
    'meeting.register', // register, cancel one's own registration, chat, ask, vote, answer the survey
    'meeting.manage', // create and change meetings, approve registrations, moderate, export
    'meeting.checkin', // check attendees in on site
  ],
  grants: {
    secretariat: ['meeting.read', 'meeting.register', 'meeting.manage', 'meeting.checkin'],
    compliance: ['meeting.read', 'meeting.register'],
    finance: ['meeting.read', 'meeting.register'],
    party: ['meeting.read', 'meeting.register'],
    council: ['meeting.read', 'meeting.register'],
    expert: ['meeting.read', 'meeting.register'],
    member: ['meeting.read', 'meeting.register'],
  },
});
