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
  .strictObject({
    to: Stage,
    /** The decision that justifies the move (会议决议, 审查结论 …). */
    decision: RequiredText(4000),
    /** Required when moving to public_comment. */
    publicComment: z.lazy(() => PublicCommentSettings).optional(),
  })
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

export const CommentType = z.enum(['technical', 'general', 'editorial']).meta({ id: 'StandardCommentType', description: '技术 / 一般 / 编辑' });
export const CommentDecision = z.enum(['accepted', 'partial', 'rejected']).meta({ id: 'StandardCommentDecision', description: '采纳 / 部分采纳 / 不采纳' });

/** Base64 of Y.encodeRelativePosition. */
const RelativePosition = z.string().max(400).regex(/^[A-Za-z0-9+/]+={0,2}$/);

const CommentFields = {
  id: Id,
  authorId: z.string(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
};

export const StandardCommentReply = z.object(CommentFields).meta({ id: 'StandardCommentReply' });

export const StandardComment = z
  .object({
    ...CommentFields,
    /** group: made on the draft; portal: from the public comment period. */
    source: z.enum(['group', 'portal']),
    type: CommentType,
    proposal: z.string(),
    quote: z.string(),
    anchor: z.object({ start: z.string(), end: z.string() }).nullable(),
    /** The clause the comment is on now (1, 4.1, 附录A, A.1), computed from the current draft. */
    clause: z.string().nullable(),
    status: z.enum(['open', 'resolved']),
    decision: CommentDecision.nullable(),
    resolution: z.string(),
    resolvedByName: z.string().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    replies: z.array(StandardCommentReply),
  })
  .meta({ id: 'StandardComment' });

export const StandardCommentList = z
  .object({
    items: z.array(StandardComment),
    /** Whether the caller may comment, and resolve / edit the resolution matrix. */
    canComment: z.boolean(),
    canResolve: z.boolean(),
  })
  .meta({ id: 'StandardCommentList' });

export const CreateCommentInput = z
  .strictObject({
    type: CommentType.default('general'),
    body: RequiredText(4000),
    proposal: Text(4000).default(''),
    quote: Text(2000).default(''),
    anchor: z.strictObject({ start: RelativePosition, end: RelativePosition }).optional(),
    /** Reply to this thread. */
    parentId: Id.optional(),
  })
  .meta({ id: 'CreateStandardCommentInput' });

export const ResolveCommentInput = z
  .strictObject({ decision: CommentDecision.optional(), /** 处理意见 / reason. */ resolution: RequiredText(4000) })
  .meta({ id: 'ResolveStandardCommentInput' });

export const CommentListQuery = z.strictObject({ status: z.enum(['open', 'resolved']).optional() });

export const VoteChoice = z.enum(['approve', 'approve_with_comments', 'disapprove', 'abstain']).meta({ id: 'StandardVoteChoice', description: '赞成 / 赞成附意见 / 反对附理由 / 弃权' });

export const CastVoteInput = z
  .strictObject({ choice: VoteChoice, /** Required with approve_with_comments and disapprove. */ reasons: Text(4000).default('') })
  .refine((v) => !(v.choice === 'disapprove' || v.choice === 'approve_with_comments') || v.reasons.length > 0, { path: ['reasons'], message: 'validation.required' })
  .meta({ id: 'StandardCastVoteInput' });

export const ResolveVoteInput = z
  .strictObject({ voterId: Id, /** How the disapproval was resolved. */ resolution: RequiredText(4000) })
  .meta({ id: 'StandardResolveVoteInput' });

export const StandardVote = z
  .object({
    voterId: z.string(),
    voterName: z.string(),
    choice: VoteChoice,
    reasons: z.string(),
    resolution: z.string().nullable(),
    resolvedByName: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'StandardVote' });

export const StandardBallot = z
  .object({
    /** Technical-review round; 0 before the first review. */
    round: z.number().int(),
    /** Votes are taken while the project is in technical review. */
    open: z.boolean(),
    tally: z.object({ approve: z.number(), approve_with_comments: z.number(), disapprove: z.number(), abstain: z.number(), notVoted: z.number() }),
    votes: z.array(StandardVote),
    /** Disapprovals whose resolution the leader has not yet recorded: publication waits for them. */
    blocking: z.number().int(),
    myVote: StandardVote.nullable(),
    canVote: z.boolean(),
    canResolve: z.boolean(),
  })
  .meta({ id: 'StandardBallot' });

export const StandardVersion = z
  .object({ id: Id, name: z.string(), createdByName: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'StandardVersion' });
export const StandardVersionList = z.object({ items: z.array(StandardVersion), canSave: z.boolean() }).meta({ id: 'StandardVersionList' });
export const StandardVersionContent = StandardVersion.extend({
  /** The draft as editor JSON; restoring applies it in the editor as a new edit. */
  content: z.unknown(),
}).meta({ id: 'StandardVersionContent' });
export const CreateVersionInput = z.strictObject({ name: RequiredText(200) }).meta({ id: 'CreateStandardVersionInput' });

export const DiffQuery = z.strictObject({
  /** A version id, or "current" for the draft as it is now. */
  from: z.union([Id, z.literal('current')]).default('current'),
  to: z.union([Id, z.literal('current')]).default('current'),
});
export const StandardDiff = z
  .object({
    changes: z.array(
      z.object({
        clause: z.string(),
        title: z.string(),
        status: z.enum(['added', 'removed', 'changed']),
        parts: z.array(z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() })),
      }),
    ),
  })
  .meta({ id: 'StandardDiff' });

/** The public comment period (征求意见) as set when the project moves into it. */
export const PublicCommentSettings = z.strictObject({
  /** Last day comments are accepted (association time zone), YYYY-MM-DD. */
  deadline: z.iso.date(),
  /** The public may comment too, after verifying their e-mail. */
  allowPublic: z.boolean().default(false),
});

export const PortalDraftParams = z.strictObject({ tenant: z.string().trim().toLowerCase().min(2).max(40).regex(/^[a-z0-9][a-z0-9-]*$/), id: Id });

export const PortalDraftSummary = z
  .object({ id: Id, title: z.string(), code: z.string().nullable(), deadline: z.iso.datetime(), open: z.boolean(), allowPublic: z.boolean() })
  .meta({ id: 'PortalStandardDraftSummary' });

export const PortalDraft = PortalDraftSummary.extend({
  /** The read-only snapshot published for comment (editor JSON) and its clause numbers. */
  content: z.unknown(),
  clauses: z.array(z.object({ clause: z.string(), title: z.string() })),
  /** Whether the reader is logged in (registered users comment without e-mail verification). */
  registered: z.boolean(),
}).meta({ id: 'PortalStandardDraft' });

export const PortalCommentInput = z
  .strictObject({
    clause: Text(40).default(''),
    type: CommentType.default('general'),
    body: RequiredText(4000),
    proposal: Text(4000).default(''),
    name: RequiredText(100),
    organization: Text(200).default(''),
    /** Needed from the public (not logged in): a verification link is sent there. */
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()).optional(),
  })
  .meta({ id: 'PortalStandardCommentInput' });

export const PortalCommentResult = z.object({ status: z.enum(['accepted', 'verification_sent']) }).meta({ id: 'PortalStandardCommentResult' });
export const VerifyCommentInput = z.strictObject({ token: z.string().min(20).max(200) });

// ---- figures (图): images uploaded into a draft ----

export const figureTypes = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
/** The largest image a figure may have, in bytes (decoded). */
export const FIGURE_MAX_BYTES = 700 * 1024;

export const FigureUploadInput = z
  .strictObject({
    fileName: RequiredText(200),
    contentType: z.enum(figureTypes),
    /** The image's bytes, base64-encoded; at most 700 KB once decoded. */
    data: z.base64().max(Math.ceil(FIGURE_MAX_BYTES / 3) * 4),
  })
  .meta({ id: 'StandardFigureUpload', description: 'A PNG, JPEG or SVG image for a figure of the draft' });

export const StandardFigure = z
  .object({
    id: Id,
    /** Where the draft shows it from: the workspace address (the portal rewrites it for published snapshots). */
    src: z.string(),
    fileName: z.string(),
    contentType: z.enum(figureTypes),
    size: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
  })
  .meta({ id: 'StandardFigure' });

export const PortalFigureParams = z.strictObject({ tenant: PortalDraftParams.shape.tenant, id: Id });
