/**
 * Messages of the domain modules, each under its own namespace: a module adds one line here and
 * keeps its texts in its own file (schema/<module>/messages.ts), so modules never edit each
 * other's messages.
 */
import { dashboardMessages } from '../dashboard/messages.ts';
import { standardsMessages } from '../standards/messages.ts';
import { membersMessages } from '../members/messages.ts';
import { complianceMessages } from '../compliance/messages.ts';
import { meetingMessages } from '../meetings/messages.ts';
import { partyMessages } from '../party/messages.ts';
import { expertsMessages } from '../experts/messages.ts';
import { reviewsMessages } from '../reviews/messages.ts';
import { creditMessages } from '../credit/messages.ts';
import { pointsMessages } from '../points/messages.ts';
import { financeMessages } from '../finance/messages.ts';
import { disclosuresMessages } from '../disclosures/messages.ts';
import { integrityMessages } from '../integrity/messages.ts';

export const moduleMessages = {
  dashboard: dashboardMessages,
  standards: standardsMessages,
  members: membersMessages,
  compliance: complianceMessages,
  meetings: meetingMessages,
  party: partyMessages,
  experts: expertsMessages,
  reviews: reviewsMessages,
  credit: creditMessages,
  points: pointsMessages,
  finance: financeMessages,
  disclosures: disclosuresMessages,
  integrity: integrityMessages,
};
