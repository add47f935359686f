/**
 * Messages of the domain modules, each under its own namespace: a module adds one line here and
 * keeps its texts in its own file (schema/<module>/messages.ts), so modules never edit each
 * other's messages.
 */
import { dashboardMessages } from '../dashboard/messages.ts';
import { meetingMessages } from '../meetings/messages.ts';
import { partyMessages } from '../party/messages.ts';

export const moduleMessages = {
  dashboard: dashboardMessages,
  meetings: meetingMessages,
  party: partyMessages,
};
