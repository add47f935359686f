import type { z } from 'zod';
import type {
  Application as ApplicationSchema,
  ApplicationSummary as ApplicationSummarySchema,
  Member as MemberSchema,
  MemberSummary as MemberSummarySchema,
  MembershipLevel as LevelSchema,
  StepTimes as StepTimesSchema,
  Workflow as WorkflowSchema,
} from '#schema/members/api.ts';

export type Member = z.infer<typeof MemberSchema>;
export type MemberSummary = z.infer<typeof MemberSummarySchema>;
export type MembershipLevel = z.infer<typeof LevelSchema>;
export type Application = z.infer<typeof ApplicationSchema>;
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>;
export type StepTimes = z.infer<typeof StepTimesSchema>;
export type Workflow = z.infer<typeof WorkflowSchema>;
export type MemberStatus = Member['status'];
export type ApplicationStatus = Application['status'];
