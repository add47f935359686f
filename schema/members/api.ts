import { z } from 'zod';
import { Email, Id, RequiredText, Text } from '../api/common.ts';
import { GradeSchema } from '../credit/api.ts';

export const memberStatuses = ['pending', 'active', 'grace', 'expired', 'suspended', 'withdrawn'] as const;
export const MemberStatus = z.enum(memberStatuses);

export const applicationStatuses = ['draft', 'in_review', 'returned', 'rejected', 'approved'] as const;
export const ApplicationStatus = z.enum(applicationStatuses);

/** A calendar day (YYYY-MM-DD) in the association's time zone. */
const Day = z.iso.date();

/**
 * 统一社会信用代码 as typed: spaces dropped, upper-cased, 18 characters of the code's alphabet.
 * The check character is verified by the service, which names the problem in the caller's language.
 */
export const CreditCode = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/))
  .meta({ description: '统一社会信用代码 (GB 32100-2015), 18 characters', example: '91350100M000100Y43' });

const Optional = (max: number) =>
  Text(max)
    .optional()
    .transform((s) => (s ? s : undefined));

export const MembershipLevel = z
  .object({ id: Id, name: z.string(), nameEn: z.string().nullable(), duesFen: z.number().int(), termMonths: z.number().int(), sortOrder: z.number().int(), members: z.number().int() })
  .meta({ id: 'MembershipLevel' });

export const MembershipLevelInput = z
  .strictObject({
    name: RequiredText(50),
    nameEn: Optional(100),
    /** Dues per term in fen (分). */
    duesFen: z.number().int().min(0).max(1_000_000_000),
    termMonths: z.number().int().min(1).max(120).default(12),
    sortOrder: z.number().int().min(0).max(1000).default(0),
  })
  .meta({ id: 'MembershipLevelInput' });

export const MemberContactInput = z.strictObject({
  name: RequiredText(50),
  title: Optional(50),
  phone: Optional(30),
  email: Email.optional(),
  isPrimary: z.boolean().default(false),
});

export const MemberContact = z.object({ id: Id, name: z.string(), title: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), isPrimary: z.boolean() });

export const MemberCertificate = z
  .object({
    id: Id,
    name: z.string(),
    number: z.string().nullable(),
    issuer: z.string().nullable(),
    expiresOn: Day,
    /** Days left until expiry, counted in the association's time zone (negative once expired). */
    daysLeft: z.number().int(),
    file: z.object({ id: Id, name: z.string(), size: z.number().int() }).nullable(),
  })
  .meta({ id: 'MemberCertificate' });

export const MemberCertificateInput = z
  .strictObject({ name: RequiredText(100), number: Optional(100), issuer: Optional(100), expiresOn: Day, fileId: Id.optional() })
  .meta({ id: 'MemberCertificateInput' });

export const MemberSummary = z
  .object({
    id: Id,
    name: z.string(),
    creditCode: z.string(),
    status: MemberStatus,
    level: z.object({ id: Id, name: z.string() }),
    industry: z.string().nullable(),
    region: z.string().nullable(),
    joinedOn: Day.nullable(),
    expiresOn: Day.nullable(),
    primaryContact: z.string().nullable(),
    tags: z.array(z.object({ id: Id, name: z.string(), category: z.string() })),
    /** The company's credit score and grade (信用等级); null when the caller may not read credit or none is computed yet. */
    credit: z.object({ score: z.number(), grade: GradeSchema }).nullable(),
  })
  .meta({ id: 'MemberSummary' });

export const Member = MemberSummary.extend({
  address: z.string().nullable(),
  contacts: z.array(MemberContact),
  certificates: z.array(MemberCertificate),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'Member' });

export const MemberInput = z
  .strictObject({
    name: RequiredText(200),
    creditCode: CreditCode,
    levelId: Id,
    status: MemberStatus.default('active'),
    industry: Optional(50),
    region: Optional(50),
    address: Optional(200),
    joinedOn: Day.optional(),
    expiresOn: Day.optional(),
    /** The whole list of contacts (replaces the previous one). */
    contacts: z.array(MemberContactInput).max(20).default([]),
  })
  .meta({ id: 'MemberInput' });

const MemberFilter = {
  /** Matches the company name or the credit code. */
  q: z.string().trim().max(100).optional(),
  status: MemberStatus.optional(),
  levelId: Id.optional(),
  /** Tag ids, comma-separated: members carrying all of them (tagMode=all) or any of them (tagMode=any). */
  tags: z
    .string()
    .max(800)
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
    .pipe(z.array(Id).max(20)),
  tagMode: z.enum(['all', 'any']).default('any'),
  sort: z.enum(['name', 'joinedOn', 'expiresOn', 'createdAt']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
};
export const MemberListQuery = z.strictObject({
  ...MemberFilter,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const MemberExportQuery = z.strictObject({ ...MemberFilter, format: z.enum(['xlsx', 'pdf']) });

export const allowedUploadTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MemberFileInput = z
  .strictObject({
    name: RequiredText(200),
    contentType: z.enum(allowedUploadTypes),
    /** The file's bytes, base64-encoded; at most 700 KB once decoded. */
    data: z.base64().max(960_000),
  })
  .meta({ id: 'MemberFileInput' });
export const MemberFile = z.object({ id: Id, name: z.string(), contentType: z.string(), size: z.number().int() }).meta({ id: 'MemberFile' });

// ---- applications ----

export const WorkflowStep = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
  name: RequiredText(50),
  nameEn: RequiredText(80),
  /** The role whose holders sign this step. */
  role: z.enum(['admin', 'secretariat', 'compliance', 'finance', 'party', 'council']),
});
export const Workflow = z.object({ steps: z.array(WorkflowStep) }).meta({ id: 'MembershipWorkflow' });
export const WorkflowInput = z
  .strictObject({ steps: z.array(WorkflowStep).min(1).max(8).refine((s) => new Set(s.map((x) => x.key)).size === s.length) })
  .meta({ id: 'MembershipWorkflowInput' });

export const ApplicationCertificate = z.strictObject({
  name: Text(100),
  number: Optional(100),
  issuer: Optional(100),
  expiresOn: Day.optional(),
  fileId: Id.optional(),
});

/** What the applicant fills in; everything may be incomplete until submission. */
export const ApplicationInput = z
  .strictObject({
    companyName: Text(200).default(''),
    /** Kept as typed; checked for completeness and validity before submission. */
    creditCode: Text(30)
      .transform((s) => s.replace(/\s+/g, '').toUpperCase())
      .default(''),
    levelId: Id.optional(),
    industry: Optional(50),
    region: Optional(50),
    address: Optional(200),
    contactName: Optional(50),
    contactPhone: Optional(30),
    contactEmail: Email.optional().or(z.literal('').transform(() => undefined)),
    licenceFileId: Id.optional(),
    certificates: z.array(ApplicationCertificate).max(20).default([]),
  })
  .meta({ id: 'MembershipApplicationInput' });

/** One thing missing or wrong before an application can be submitted. */
export const MissingItem = z.object({ field: z.string(), message: z.string() });

export const Signature = z.object({
  step: z.number().int(),
  stepKey: z.string(),
  stepName: z.string(),
  decision: z.enum(['approve', 'return', 'reject']),
  comment: z.string(),
  signedBy: z.string(),
  enteredAt: z.iso.datetime(),
  signedAt: z.iso.datetime(),
  durationMs: z.number(),
});

export const Application = z
  .object({
    id: Id,
    companyName: z.string(),
    creditCode: z.string(),
    levelId: Id.nullable(),
    levelName: z.string().nullable(),
    industry: z.string().nullable(),
    region: z.string().nullable(),
    address: z.string().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    contactEmail: z.string().nullable(),
    licenceFile: MemberFile.nullable(),
    certificates: z.array(z.object({ name: z.string(), number: z.string().nullable(), issuer: z.string().nullable(), expiresOn: z.string().nullable(), file: MemberFile.nullable() })),
    status: ApplicationStatus,
    steps: z.array(WorkflowStep),
    currentStep: z.number().int(),
    /** The step waiting for a signature (in review only). */
    pendingStep: WorkflowStep.nullable(),
    /** Whether the caller may sign the pending step now. */
    canSign: z.boolean(),
    canEdit: z.boolean(),
    reason: z.string().nullable(),
    missing: z.array(MissingItem),
    /** Members or applications in review that carry the same credit code. */
    duplicates: z.array(z.object({ kind: z.enum(['member', 'application']), id: Id, name: z.string() })),
    signatures: z.array(Signature),
    memberId: Id.nullable(),
    submittedAt: z.iso.datetime().nullable(),
    stepStartedAt: z.iso.datetime().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'MembershipApplication' });

export const ApplicationSummary = z
  .object({
    id: Id,
    companyName: z.string(),
    creditCode: z.string(),
    status: ApplicationStatus,
    pendingStep: WorkflowStep.nullable(),
    submittedAt: z.iso.datetime().nullable(),
    stepStartedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'MembershipApplicationSummary' });

export const ApplicationListQuery = z.strictObject({
  status: ApplicationStatus.optional(),
  /** Only those waiting at this step. */
  step: z.string().max(40).optional(),
});

export const DecisionInput = z
  .strictObject({
    decision: z.enum(['approve', 'return', 'reject']),
    /** The signer's comment; for a return or rejection it is the reason the applicant sees. */
    comment: RequiredText(1000),
  })
  .meta({ id: 'MembershipDecisionInput' });

export const StepTimes = z
  .object({
    steps: z.array(z.object({ key: z.string(), name: z.string(), nameEn: z.string(), signed: z.number().int(), averageMs: z.number().nullable(), slowestMs: z.number().nullable(), waiting: z.number().int() })),
  })
  .meta({ id: 'MembershipStepTimes' });

export const RenewInput = z.strictObject({ terms: z.number().int().min(1).max(5).default(1) }).meta({ id: 'MemberRenewInput' });
export const MembershipSettings = z.object({ graceDays: z.number().int() }).meta({ id: 'MembershipSettings' });
export const MembershipSettingsInput = z.strictObject({ graceDays: z.number().int().min(0).max(365) }).meta({ id: 'MembershipSettingsInput' });

/** Dashboard widget: applications waiting at each approval step, how long each step takes, recent outcomes. */
export interface ApplicationsWidgetData {
  steps: { key: string; name: string; nameEn: string; waiting: number; averageMs: number | null }[];
  inReview: number;
  approved30d: number;
  rejected30d: number;
}

// ---- public portal ----

const UploadedFile = z.strictObject({ name: RequiredText(200), contentType: z.enum(allowedUploadTypes), data: z.base64().max(960_000) });

/** An application from the public portal: company data and files in one submission (no login). */
export const PublicApplicationInput = z
  .strictObject({
    companyName: Text(200).default(''),
    creditCode: Text(30)
      .transform((s) => s.replace(/\s+/g, '').toUpperCase())
      .default(''),
    levelId: Id.optional(),
    industry: Text(50).optional(),
    region: Text(50).optional(),
    address: Text(200).optional(),
    contactName: Text(50).optional(),
    contactPhone: Text(30).optional(),
    contactEmail: Email.optional().or(z.literal('').transform(() => undefined)),
    licence: UploadedFile.optional(),
    certificates: z.array(z.strictObject({ name: Text(100), number: Text(100).optional(), expiresOn: Day.optional(), file: UploadedFile.optional() })).max(5).default([]),
  })
  .meta({ id: 'PublicMembershipApplicationInput' });

export const PublicApplicationCreated = z.object({ id: Id, token: z.string() }).meta({ id: 'PublicMembershipApplicationCreated' });

export const PublicApplicationStatus = z
  .object({
    companyName: z.string(),
    status: ApplicationStatus,
    steps: z.array(z.object({ name: z.string(), nameEn: z.string() })),
    currentStep: z.number().int(),
    reason: z.string().nullable(),
    signatures: z.array(z.object({ stepName: z.string(), decision: z.enum(['approve', 'return', 'reject']), signedAt: z.iso.datetime() })),
    submittedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'PublicMembershipApplicationStatus' });
export const PublicStatusQuery = z.strictObject({ token: z.string().min(20).max(100) });
export const PublicApplicationParams = z.strictObject({ tenant: z.string().trim().toLowerCase().min(2).max(40).regex(/^[a-z0-9][a-z0-9-]*$/), id: Id });
