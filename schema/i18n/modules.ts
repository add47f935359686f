/**
 * Messages of the domain modules, each under its own namespace: a module adds one line here and
 * keeps its texts in its own file (schema/<module>/messages.ts), so modules never edit each
 * other's messages.
 */
import { dashboardMessages } from '../dashboard/messages.ts';
import { membersMessages } from '../members/messages.ts';
import { complianceMessages } from '../compliance/messages.ts';

export const moduleMessages = {
  dashboard: dashboardMessages,
  members: membersMessages,
  compliance: complianceMessages,
};
