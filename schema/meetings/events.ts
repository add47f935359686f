/** Meetings' own domain events (the contract ones, meeting.scheduled and meeting.attended, are in schema/events.ts). */
export interface MeetingEvents {
  /** A registration was created, approved, rejected, cancelled or promoted from the waitlist. */
  'meeting.registration.changed': { tenantId: string; meetingId: string; registrationId: string; userId: string; status: string; actorId: string | null };
  /** The meeting was called off: its registrations are cancelled with it. */
  'meeting.cancelled': { tenantId: string; meetingId: string; title: string; reason: string; registrationsCancelled: number; actorId: string | null };
  /** Someone was checked in on site. */
  'meeting.checkedIn': { tenantId: string; meetingId: string; registrationId: string; userId: string; checkedIn: number; confirmed: number; actorId: string | null };
}

export interface ChatMessageView {
  id: string;
  userId: string;
  userName: string;
  body: string;
  createdAt: string;
  hidden: boolean;
}
export interface QuestionView {
  id: string;
  userId: string;
  userName: string;
  body: string;
  status: 'pending' | 'approved' | 'rejected' | 'answered';
  votes: number;
  createdAt: string;
}
export interface PollView {
  id: string;
  question: string;
  options: string[];
  status: 'open' | 'closed';
  counts: number[];
  total: number;
}

/** Live interaction, pushed to the meeting's Socket.IO room (and pending questions to moderators and the asker only). */
export interface MeetingLiveEvents {
  'meeting.chat.posted': { tenantId: string; meetingId: string; message: ChatMessageView };
  /** A moderator hid a chat message: every browser removes it. */
  'meeting.chat.hidden': { tenantId: string; meetingId: string; messageId: string };
  'meeting.question.changed': { tenantId: string; meetingId: string; question: QuestionView };
  'meeting.poll.changed': { tenantId: string; meetingId: string; poll: PollView };
}
