/** Meetings' own domain events (the contract ones, meeting.scheduled and meeting.attended, are in schema/events.ts). */
export interface MeetingEvents {
  /** A registration was created, approved, rejected, cancelled or promoted from the waitlist. */
  'meeting.registration.changed': { tenantId: string; meetingId: string; registrationId: string; userId: string; status: string; actorId: string | null };
  /** Someone was checked in on site. */
  'meeting.checkedIn': { tenantId: string; meetingId: string; registrationId: string; userId: string; checkedIn: number; confirmed: number; actorId: string | null };
}
