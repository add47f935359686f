import { z } from 'zod';
import { Email, Id, RequiredText, Text } from '../api/common.ts';
import { CreditCode, FieldTag } from '../experts/api.ts';

const Key = z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, 'validation.slug');
const optional = <T extends z.ZodType>(s: T) => z.union([z.literal('').transform(() => null), s]).nullable().optional();

export const fieldTypes = ['text', 'textarea', 'number', 'date', 'select'] as const;
/** Formats the API can also send back (scans go inside a PDF). */
export const materialFormats = ['pdf', 'docx', 'xlsx', 'zip'] as const;
export type MaterialFormat = (typeof materialFormats)[number];

export const FormField = z.strictObject({
  key: Key,
  label: RequiredText(100),
  type: z.enum(fieldTypes),
  required: z.boolean().default(false),
  options: z.array(RequiredText(100)).max(50).default([]),
});

/** Files travel as base64 in JSON (the API's body limit is 1 MB), so a material is at most 700 KB. */
export const MAX_MATERIAL_KB = 700;

export const RequiredMaterial = z.strictObject({
  key: Key,
  label: RequiredText(100),
  formats: z.array(z.enum(materialFormats)).min(1),
  required: z.boolean().default(true),
  maxKb: z.number().int().min(1).max(MAX_MATERIAL_KB).default(MAX_MATERIAL_KB),
});

export const RubricCriterion = z.strictObject({
  key: Key,
  label: RequiredText(100),
  /** Relative weight of the criterion. */
  weight: z.number().positive().max(100),
  min: z.number().int().min(0).max(1000).default(0),
  max: z.number().int().min(1).max(1000),
});

export const Eligibility = z.strictObject({
  /** Regions that may apply; empty: anywhere. */
  regions: z.array(RequiredText(100)).max(50).default([]),
  /** The applying organisation must give its unified social credit code. */
  requireCreditCode: z.boolean().default(true),
  note: optional(Text(2000)),
});

export const Avoidance = z.strictObject({
  /** No expert from the applicant's region. */
  sameRegion: z.boolean().default(false),
  /** At most one expert per employer on an application. */
  onePerEmployer: z.boolean().default(true),
  /** Employers whose experts are never drawn for this call. */
  employers: z.array(RequiredText(200)).max(50).default([]),
});

/** A wall-clock time in the association's time zone, to the second: 2026-12-31T17:00:00. */
export const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'validation.required');

export const CallInput = z
  .strictObject({
    title: RequiredText(200),
    description: optional(Text(10000)),
    commissioner: z.enum(['government', 'member']),
    fieldTags: z.array(FieldTag).min(1).max(20),
    formFields: z.array(FormField).max(40).default([]),
    materials: z.array(RequiredMaterial).max(20).default([]),
    eligibility: Eligibility.default({ regions: [], requireCreditCode: true }),
    /** Closing time in the association's time zone. */
    deadline: LocalDateTime,
    blindReview: z.boolean().default(false),
    rubric: z.array(RubricCriterion).min(1).max(20),
    aggregation: z.enum(['mean', 'median']).default('mean'),
    conflictWindowDays: z.number().int().min(0).max(3650).default(365),
    avoidance: Avoidance.default({ sameRegion: false, onePerEmployer: true, employers: [] }),
  })
  .meta({ id: 'CallInput' });

export const Call = z
  .object({
    id: Id,
    title: z.string(),
    description: z.string().nullable(),
    commissioner: z.enum(['government', 'member']),
    fieldTags: z.array(z.string()),
    formFields: z.array(FormField),
    materials: z.array(RequiredMaterial),
    eligibility: Eligibility,
    deadline: z.iso.datetime(),
    /** The deadline as the association's wall clock, with its time zone. */
    deadlineLocal: z.string(),
    timeZone: z.string(),
    /** draft, open, or closed (open and past the deadline). */
    status: z.enum(['draft', 'open', 'closed']),
    blindReview: z.boolean(),
    rubric: z.array(RubricCriterion),
    aggregation: z.enum(['mean', 'median']),
    conflictWindowDays: z.number().int(),
    avoidance: Avoidance,
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ProjectCall' });

export const ApplicationInput = z
  .strictObject({
    title: RequiredText(200),
    organization: RequiredText(200),
    creditCode: optional(CreditCode),
    region: optional(Text(100)),
    /** Every address of the applicant and contacts, confirmed or not: experts with these addresses are excluded. */
    contactEmails: z.array(Email).max(20).default([]),
    /** The applicant's own staff on the project: they may not review it. */
    staffNames: z.array(RequiredText(100)).max(100).default([]),
    answers: z.record(z.string(), z.union([z.string().max(10000), z.number()])).default({}),
  })
  .meta({ id: 'ApplicationInput' });

export const MaterialUpload = z
  .strictObject({
    key: Key,
    fileName: RequiredText(200),
    /** The file, base64-encoded. */
    content: z.base64().max(Math.ceil((MAX_MATERIAL_KB * 1024 * 4) / 3) + 4),
  })
  .meta({ id: 'MaterialUpload' });

export const MaterialProblem = z.object({ key: z.string(), problem: z.enum(['missing', 'format', 'too_large', 'empty', 'unknown']) });

export const Application = z
  .object({
    id: Id,
    callId: Id,
    callTitle: z.string(),
    /** Hidden (null) from reviewers of a blind call. */
    applicantId: Id.nullable(),
    title: z.string(),
    organization: z.string().nullable(),
    creditCode: z.string().nullable(),
    region: z.string().nullable(),
    contactEmails: z.array(z.string()),
    staffNames: z.array(z.string()),
    answers: z.record(z.string(), z.union([z.string(), z.number()])),
    status: z.enum(['draft', 'submitted', 'under_review', 'approved', 'rejected']),
    materials: z.array(z.object({ key: z.string(), fileName: z.string().nullable(), size: z.number().int(), sha256: z.string() })),
    /** The automatic material check, computed now. */
    materialCheck: z.object({ ok: z.boolean(), problems: z.array(MaterialProblem) }),
    submittedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ProjectApplication' });

export const DrawInput = z
  .strictObject({
    /** Applications to draw for; empty: every submitted application of the call without a full panel. */
    applicationIds: z.array(Id).max(500).default([]),
    perApplication: z.number().int().min(1).max(30),
    /** A seed to use (e.g. one announced beforehand); otherwise a random one is recorded. */
    seed: z.number().int().min(0).max(0x7fffffff).optional(),
  })
  .meta({ id: 'DrawInput' });

export const DrawView = z
  .object({
    id: Id,
    callId: Id,
    kind: z.enum(['initial', 'replacement']),
    seed: z.number().int(),
    perApplication: z.number().int(),
    applicationIds: z.array(Id),
    snapshotHash: z.string(),
    poolSize: z.number().int(),
    /** Drawn experts per application (ids and names). */
    picks: z.record(z.string(), z.array(z.object({ expertId: Id, name: z.string() }))),
    /** Applications that got fewer experts than wanted. */
    shortfall: z.record(z.string(), z.number().int()),
    /** Why candidates were excluded, per application: { expertId: reasons }. */
    excluded: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
    /** Names of everyone in the pool snapshot, by expert id. */
    names: z.record(z.string(), z.string()),
    /** Titles of the applications drawn for. */
    titles: z.record(z.string(), z.string()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ExpertDraw' });

export const DrawVerification = z
  .object({
    drawId: Id,
    seed: z.number().int(),
    snapshotHash: z.string(),
    /** The snapshot's hash computed now: equal when the snapshot is unchanged. */
    recomputedHash: z.string(),
    matches: z.boolean(),
    recorded: z.record(z.string(), z.array(Id)),
    recomputed: z.record(z.string(), z.array(Id)),
  })
  .meta({ id: 'DrawVerification' });

export const Assignment = z
  .object({
    id: Id,
    callId: Id,
    callTitle: z.string(),
    applicationId: Id,
    applicationTitle: z.string(),
    /** Null for reviewers of a blind call. */
    organization: z.string().nullable(),
    expertId: Id,
    expertName: z.string(),
    status: z.enum(['invited', 'accepted', 'declined', 'replaced', 'submitted']),
    scores: z.record(z.string(), z.number()).nullable(),
    total: z.number().nullable(),
    opinion: z.string().nullable(),
    submittedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ReviewAssignment' });

export const RespondAssignmentInput = z.strictObject({ accept: z.boolean() }).meta({ id: 'RespondAssignmentInput' });

export const ScoreInput = z
  .strictObject({
    /** A score per rubric criterion, within its range. */
    scores: z.record(z.string(), z.number().min(0).max(1000)),
    opinion: optional(Text(10000)),
    /** Submit (final, reveals the others' reviews to this reviewer) or only save a draft. */
    submit: z.boolean().default(false),
  })
  .meta({ id: 'ScoreInput' });

export const PeerReviews = z
  .object({
    /** False until the caller has submitted their own review. */
    visible: z.boolean(),
    items: z.array(z.object({ expertName: z.string(), scores: z.record(z.string(), z.number()), total: z.number(), opinion: z.string().nullable(), submittedAt: z.iso.datetime() })),
  })
  .meta({ id: 'PeerReviews' });

export const CallResults = z
  .object({
    aggregation: z.enum(['mean', 'median']),
    items: z.array(
      z.object({
        applicationId: Id,
        title: z.string(),
        organization: z.string(),
        assigned: z.number().int(),
        submitted: z.number().int(),
        /** Aggregated weighted total (0–100) of the submitted reviews, by the call's aggregation. */
        score: z.number().nullable(),
        mean: z.number().nullable(),
        median: z.number().nullable(),
        /** Aggregated score per criterion. */
        criteria: z.record(z.string(), z.number().nullable()),
        reviews: z.array(z.object({ expertName: z.string(), total: z.number(), opinion: z.string().nullable() })),
      }),
    ),
  })
  .meta({ id: 'CallResults' });

export const ReviewProgress = z
  .object({
    reviewers: z.array(z.object({ expertId: Id, name: z.string(), assigned: z.number().int(), submitted: z.number().int(), pending: z.number().int() })),
    applications: z.array(z.object({ applicationId: Id, title: z.string(), assigned: z.number().int(), submitted: z.number().int() })),
  })
  .meta({ id: 'ReviewProgress' });

/** Dashboard widget: review progress per call (scored vs. assigned reviews). */
export interface ReviewProgressData {
  submitted: number;
  assigned: number;
  calls: { callId: string; title: string; status: 'open' | 'closed'; applications: number; assigned: number; submitted: number }[];
}

export const PanelInput = z
  .strictObject({
    name: RequiredText(200),
    chairExpertId: Id,
    memberExpertIds: z.array(Id).min(1).max(60),
    applicationIds: z.array(Id).min(1).max(200),
  })
  .meta({ id: 'PanelInput' });

export const PanelScoreInput = z
  .strictObject({ applicationId: Id, scores: z.record(z.string(), z.number().min(0).max(1000)) })
  .meta({ id: 'PanelScoreInput' });

/** Revealed scores: reviewers appear as A, B, C… to anyone conflicted with the application. */
export const RevealedScore = z.object({ label: z.string(), expertId: Id.nullable(), name: z.string().nullable(), total: z.number(), outlier: z.boolean(), explanation: z.string().nullable() });

export const PanelView = z
  .object({
    id: Id,
    callId: Id,
    name: z.string(),
    chairExpertId: Id,
    /** The caller's expert profile on this panel, if any, and whether they chair it. */
    me: z.object({ expertId: Id.nullable(), chair: z.boolean(), present: z.boolean() }),
    /** present: checked in to the session; userId: to show who is online now (the workspace's live presence). */
    members: z.array(z.object({ expertId: Id, userId: Id.nullable(), name: z.string(), present: z.boolean() })),
    applications: z.array(z.object({ applicationId: Id, title: z.string(), status: z.enum(['open', 'revealed', 'locked']) })),
    current: z
      .object({
        itemId: Id,
        applicationId: Id,
        title: z.string(),
        /** Null for blind calls. */
        organization: z.string().nullable(),
        status: z.enum(['open', 'revealed', 'locked']),
        /** Whether the caller is conflicted with this application (recused; reviewers shown as A, B, C…). */
        conflicted: z.boolean(),
        /** Sealed: how many of the present reviewers have scored, never what. */
        scored: z.number().int(),
        expected: z.number().int(),
        myTotal: z.number().nullable(),
        revealed: z.object({ mean: z.number(), median: z.number(), stdev: z.number(), scores: z.array(RevealedScore) }).nullable(),
        rubric: z.array(RubricCriterion),
        /** Collaborative document of the consensus opinion. */
        document: z.string(),
        lockedAt: z.iso.datetime().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'ReviewPanel' });

/** What the panel's room receives: counts while sealed; at the reveal, every total at once (labels only). */
export interface PanelSignal {
  panelId: string;
  applicationId: string | null;
  kind: 'current' | 'presence' | 'scored' | 'revealed' | 'explained' | 'locked';
  /** When the server sent it (ISO 8601). */
  at: string;
  scored?: number;
  expected?: number;
  revealed?: { mean: number; median: number; stdev: number; scores: { label: string; total: number; outlier: boolean }[] };
}

export const MaterialParams = z.strictObject({ id: Id, key: Key });

export const DecisionInput = z.strictObject({ decision: z.enum(['approved', 'rejected']) }).meta({ id: 'DecisionInput' });

export const NoticeQuery = z.strictObject({
  format: z.enum(['pdf', 'docx']).default('pdf'),
  /** Days during which objections are accepted (from publication). */
  objectionDays: z.coerce.number().int().min(1).max(60).default(7),
});

export const PublishNoticeInput = z.strictObject({ objectionDays: z.number().int().min(1).max(60).default(7) }).meta({ id: 'PublishNoticeInput' });

export const PublicNotice = z
  .object({
    id: Id,
    title: z.record(z.string(), z.string()),
    body: z.record(z.string(), z.string()),
    items: z.array(z.object({ title: z.string(), organization: z.string(), score: z.number().nullable() })),
    publishedAt: z.iso.datetime(),
    objectionEndsAt: z.iso.datetime(),
    /** Whether objections are still accepted now. */
    open: z.boolean(),
  })
  .meta({ id: 'PublicNotice' });

export const ProjectArchive = z
  .object({
    application: z.object({ id: Id, title: z.string(), organization: z.string(), status: z.string(), callTitle: z.string() }),
    reviews: z.array(z.object({ expertName: z.string(), total: z.number().nullable(), scores: z.record(z.string(), z.number()).nullable(), opinion: z.string().nullable(), submittedAt: z.iso.datetime().nullable() })),
    panels: z.array(
      z.object({
        panelName: z.string(),
        status: z.string(),
        mean: z.number().nullable(),
        median: z.number().nullable(),
        stdev: z.number().nullable(),
        scores: z.array(z.object({ expertName: z.string(), total: z.number(), explanation: z.string().nullable() })),
        /** The consensus opinion's text, from its collaborative document. */
        consensus: z.string(),
        lockedAt: z.iso.datetime().nullable(),
      }),
    ),
    notices: z.array(z.object({ id: Id, publishedAt: z.iso.datetime(), objectionEndsAt: z.iso.datetime() })),
  })
  .meta({ id: 'ProjectArchive' });
