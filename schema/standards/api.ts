import { z } from 'zod';
import { Id, RequiredText, Text } from '../api/common.ts';
import { groupRoles, stages } from './workflow.ts';

export const Stage = z.enum(stages).meta({ id: 'StandardStage', description: '提案 → 立项 → 起草 → 征求意见 → 技术审查 → 批准发布 → 备案 → 复审' });
export const GroupRole = z.enum(groupRoles).meta({ id: 'StandardGroupRole', description: 'Working-group role: leader, author, commenter, reader, voter' });

export const StandardProject = z
  .object({
    id: Id,
    title: z.string(),
    /** Standard number, e.g. T/XXX 0001—2026, once assigned. */
    code: z.string().nullable(),
    scope: z.string(),
    stage: Stage,
    /** Collaborative document of the draft (standard:<id>). */
    document: z.string(),
    /** The caller's role in the working group, if any. */
    myRole: GroupRole.nullable(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'StandardProject' });

export const StandardMember = z
  .object({ userId: Id, name: z.string(), email: z.string(), tenantRole: z.string(), role: GroupRole })
  .meta({ id: 'StandardMember' });

export const StandardTransition = z
  .object({ id: Id, from: Stage, to: Stage, decision: z.string(), actorId: z.string(), actorName: z.string(), at: z.iso.datetime() })
  .meta({ id: 'StandardTransition' });

export const StandardProjectDetail = StandardProject.extend({
  members: z.array(StandardMember),
  history: z.array(StandardTransition),
  /** Stages the caller may move the project to now. */
  nextStages: z.array(Stage),
  /** Whether the caller may change the working group and the project's data. */
  canManageGroup: z.boolean(),
}).meta({ id: 'StandardProjectDetail' });

export const StandardProjectList = z.object({ items: z.array(StandardProject) }).meta({ id: 'StandardProjectList' });

export const StandardProjectQuery = z.strictObject({
  /** Only projects in this stage. */
  stage: Stage.optional(),
  /** Only projects where the caller is in the working group. */
  mine: z.enum(['true', 'false']).optional(),
});

export const CreateStandardProjectInput = z
  .strictObject({ title: RequiredText(200), scope: Text(2000).default('') })
  .meta({ id: 'CreateStandardProjectInput' });

export const UpdateStandardProjectInput = z
  .strictObject({
    title: RequiredText(200).optional(),
    scope: Text(2000).optional(),
    /** e.g. T/XXX 0001—2026; empty clears it. */
    code: Text(60).optional(),
  })
  .meta({ id: 'UpdateStandardProjectInput' });

export const TransitionInput = z
  .strictObject({ to: Stage, /** The decision that justifies the move (会议决议, 审查结论 …). */ decision: RequiredText(4000) })
  .meta({ id: 'StandardTransitionInput' });

export const SetMemberInput = z
  .strictObject({ userId: Id, /** null removes the person from the working group. */ role: GroupRole.nullable() })
  .meta({ id: 'StandardSetMemberInput' });

export const StandardCandidate = z.object({ userId: Id, name: z.string(), email: z.string(), tenantRole: z.string() }).meta({ id: 'StandardCandidate' });
export const StandardCandidateList = z.object({ items: z.array(StandardCandidate) });

/** Dashboard widget "standards by stage". */
export interface StandardsByStageData {
  total: number;
  stages: { stage: (typeof stages)[number]; count: number }[];
}
