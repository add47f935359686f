import type { z } from 'zod';
import type { ExpertInvitation, ExpertProfile, ExpertSummary, ServiceRecord } from '#schema/experts/api.ts';

export type Expert = z.infer<typeof ExpertProfile>;
export type ExpertListItem = z.infer<typeof ExpertSummary>;
export type Invitation = z.infer<typeof ExpertInvitation>;
export type Service = z.infer<typeof ServiceRecord>;
