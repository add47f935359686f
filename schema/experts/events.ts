/** Expert pool events (the contract event expert.service.recorded lives in schema/events.ts). */
export interface ExpertEvents {
  'expert.profile.changed': { tenantId: string; expertId: string; actorId: string | null };
  'expert.invitation.changed': { tenantId: string; invitationId: string; expertId: string; status: InvitationStatus; actorId: string | null };
}

export const invitationStatuses = ['pending', 'accepted', 'declined', 'cancelled'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];
