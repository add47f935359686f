import type { z } from 'zod';
import type { StandardBallot, StandardCandidate, StandardProject, StandardProjectDetail } from '#schema/standards/api.ts';

export type Project = z.infer<typeof StandardProject>;
export type ProjectDetail = z.infer<typeof StandardProjectDetail>;
export type Candidate = z.infer<typeof StandardCandidate>;
export type Ballot = z.infer<typeof StandardBallot>;

/** Badge colour of each stage: early stages muted, the public ones warm, finished ones green. */
export const stageTone: Record<string, string> = {
  proposal: 'badge-muted',
  approved: 'badge-muted',
  drafting: '',
  public_comment: 'badge-warn',
  technical_review: 'badge-warn',
  published: 'badge-ok',
  filed: 'badge-ok',
  review: 'badge-danger',
};
