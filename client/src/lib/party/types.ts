import type { z } from 'zod';
import type { Branch, Calendar, CouncilMeeting, CouncilShare, GovernanceSettings, Member, MemberDetail, PartyMeeting, Ranking, StudyRecord } from '#schema/party/api.ts';

export type Branch = z.infer<typeof Branch>;
export type Calendar = z.infer<typeof Calendar>;
export type Member = z.infer<typeof Member>;
export type PartyMeeting = z.infer<typeof PartyMeeting>;
export type Ranking = z.infer<typeof Ranking>;
export type StudyRecord = z.infer<typeof StudyRecord>;
export type CouncilMeeting = z.infer<typeof CouncilMeeting>;
export type CouncilShare = z.infer<typeof CouncilShare>;
export type MemberDetail = z.infer<typeof MemberDetail>;
export type GovernanceSettings = z.infer<typeof GovernanceSettings>;
