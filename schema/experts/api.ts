import { z } from 'zod';
import { Email, Id, RequiredText, Text } from '../api/common.ts';
import { invitationStatuses } from './events.ts';

export const relationshipKinds = ['colleague', 'relative', 'competitor', 'coauthor'] as const;
export const serviceKinds = ['review', 'consultation'] as const;

/** A hierarchical field tag written as a path: "新能源/光伏/储能" (levels separated by "/"). */
export const FieldTag = Text(120)
  .transform((s) =>
    s
      .split(/[/／>›]/)
      .map((p) => p.trim())
      .filter(Boolean)
      .join('/'),
  )
  .pipe(z.string().min(1, 'validation.required'));

/** 统一社会信用代码: 18 characters, digits and capitals (I, O, S, V, Z excluded). */
export const CreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);

const optional = <T extends z.ZodType>(s: T) => z.union([z.literal('').transform(() => null), s]).nullable().optional();

export const RelationshipInput = z.strictObject({
  kind: z.enum(relationshipKinds),
  /** The related person (a colleague, relative or co-author). */
  personName: optional(Text(100)),
  /** The related organisation (a competitor, or the person's employer). */
  organization: optional(Text(200)),
  creditCode: optional(CreditCode),
  email: optional(Email),
  note: optional(Text(500)),
});

export const ExpertProfileInput = z
  .strictObject({
    name: RequiredText(100),
    email: optional(Email),
    phone: optional(Text(40)),
    title: optional(Text(100)),
    certificates: z.array(RequiredText(200)).max(30).default([]),
    fieldTags: z.array(FieldTag).min(1).max(20),
    employer: optional(Text(200)),
    employerCreditCode: optional(CreditCode),
    region: optional(Text(100)),
    bio: optional(Text(4000)),
    available: z.boolean().default(true),
    maxReviewsPerPeriod: z.number().int().min(0).max(100).default(6),
    periodDays: z.number().int().min(1).max(366).default(90),
    relationships: z.array(RelationshipInput).max(100).default([]),
  })
  .meta({ id: 'ExpertProfileInput' });

/** The secretariat may link a profile to an account of the association. */
export const CreateExpertInput = ExpertProfileInput.extend({ userId: Id.nullable().optional() }).meta({ id: 'CreateExpertInput' });

export const Relationship = RelationshipInput.extend({ id: Id, personName: z.string().nullable(), organization: z.string().nullable(), creditCode: z.string().nullable(), email: z.string().nullable(), note: z.string().nullable() });

export const ExpertProfile = z
  .object({
    id: Id,
    userId: Id.nullable(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    title: z.string().nullable(),
    certificates: z.array(z.string()),
    fieldTags: z.array(z.string()),
    employer: z.string().nullable(),
    employerCreditCode: z.string().nullable(),
    region: z.string().nullable(),
    bio: z.string().nullable(),
    available: z.boolean(),
    maxReviewsPerPeriod: z.number().int(),
    periodDays: z.number().int(),
    relationships: z.array(Relationship),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ExpertProfile' });

export const ExpertSearchQuery = z.strictObject({
  /** Words or Chinese text found in the name, title, employer, region, tags, certificates or bio. */
  q: Text(100).optional(),
  /** A field tag; matches the tag and everything below it. */
  tag: FieldTag.optional(),
  available: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ExpertSummary = ExpertProfile.pick({ id: true, userId: true, name: true, title: true, fieldTags: true, employer: true, region: true, available: true }).meta({ id: 'ExpertSummary' });

export const InviteExpertInput = z
  .strictObject({
    kind: z.enum(serviceKinds),
    subject: RequiredText(200),
    message: optional(Text(2000)),
    dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .meta({ id: 'InviteExpertInput' });

export const RespondInvitationInput = z
  .strictObject({ accept: z.boolean(), reason: optional(Text(500)) })
  .meta({ id: 'RespondInvitationInput' });

export const ExpertInvitation = z
  .object({
    id: Id,
    expertId: Id,
    expertName: z.string(),
    kind: z.enum(serviceKinds),
    subject: z.string(),
    message: z.string().nullable(),
    dueAt: z.iso.datetime().nullable(),
    status: z.enum(invitationStatuses),
    declineReason: z.string().nullable(),
    respondedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ExpertInvitation' });

export const ServiceRecordInput = z
  .strictObject({
    kind: z.enum(serviceKinds),
    subject: RequiredText(200),
    hours: z.number().positive().max(1000),
    rating: z.number().int().min(1).max(5).nullable().optional(),
    comment: optional(Text(2000)),
    /** The day of the service (YYYY-MM-DD, association time zone). */
    servedOn: z.iso.date(),
    invitationId: Id.nullable().optional(),
  })
  .meta({ id: 'ServiceRecordInput' });

export const ServiceRecord = z
  .object({
    id: Id,
    expertId: Id,
    kind: z.enum(serviceKinds),
    subject: z.string(),
    hours: z.number(),
    rating: z.number().int().nullable(),
    comment: z.string().nullable(),
    servedOn: z.iso.date(),
    invitationId: Id.nullable(),
  })
  .meta({ id: 'ServiceRecord' });

export const ExpertReportQuery = z.strictObject({
  format: z.enum(['xlsx', 'pdf']),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export const MyExpertProfile = z.object({ profile: ExpertProfile.nullable() }).meta({ id: 'MyExpertProfile' });
