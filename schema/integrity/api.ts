import { z } from 'zod';
import { Id, RequiredText, Text } from '../api/common.ts';

export const riskLevels = ['low', 'medium', 'high'] as const;
export const RiskLevel = z.enum(riskLevels);
export const entryKinds = ['violation', 'complaint', 'award', 'compliance'] as const;
export const EntryKind = z.enum(entryKinds);
export const entrySeverities = ['low', 'medium', 'high', 'critical'] as const;
export const declarationStatuses = ['pending', 'approved', 'rejected'] as const;
const Day = z.iso.date().meta({ description: 'Calendar day YYYY-MM-DD' });

// ---- 廉政风险台账 ----

export const RiskPointInput = z
  .strictObject({
    department: RequiredText(60),
    post: RequiredText(60),
    title: RequiredText(120),
    level: RiskLevel,
    description: RequiredText(2000),
    /** 防控措施 */
    measures: RequiredText(2000),
    /** 责任人 */
    owner: RequiredText(60),
    /** The next review (复核) date. */
    reviewOn: Day,
  })
  .meta({ id: 'IntegrityRiskPointInput' });
export const RiskPoint = z
  .object({
    id: Id,
    department: z.string(),
    post: z.string(),
    title: z.string(),
    level: RiskLevel,
    description: z.string(),
    measures: z.string(),
    owner: z.string(),
    reviewOn: Day,
    /** The review date has passed. */
    reviewDue: z.boolean(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'IntegrityRiskPoint' });

export const RiskExportQuery = z.strictObject({ format: z.enum(['xlsx', 'pdf']) });

// ---- entries about member companies ----

export const EvidenceUpload = z.strictObject({
  name: RequiredText(200),
  contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  /** base64, at most 700 KB once decoded */
  data: z.base64().max(960_000),
});
export const EntryInput = z
  .strictObject({
    memberId: Id,
    kind: EntryKind,
    title: RequiredText(200),
    /** Required except for awards. */
    severity: z.enum(entrySeverities).nullable().optional(),
    evidence: RequiredText(5000),
    file: EvidenceUpload.optional(),
    occurredOn: Day,
  })
  .meta({ id: 'IntegrityEntryInput' });
export const Entry = z
  .object({
    id: Id,
    memberId: Id,
    memberName: z.string(),
    kind: EntryKind,
    title: z.string(),
    severity: z.enum(entrySeverities).nullable(),
    evidence: z.string(),
    file: z.object({ name: z.string(), contentType: z.string() }).nullable(),
    occurredOn: Day,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'IntegrityEntry' });
export const EntryListQuery = z.strictObject({ memberId: Id.optional(), kind: EntryKind.optional() });

// ---- 兼职申报 ----

export const DeclarationInput = z
  .strictObject({
    organisation: RequiredText(120),
    position: RequiredText(60),
    /** The member company, when the organisation is one. */
    payerMemberId: Id.nullable().optional(),
    paid: z.boolean(),
    /** Yearly pay in fen, when paid. */
    amountFen: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
    startOn: Day,
  })
  .meta({ id: 'PartTimeDeclarationInput' });
export const Declaration = z
  .object({
    id: Id,
    userId: Id,
    userName: z.string(),
    role: z.string(),
    organisation: z.string(),
    position: z.string(),
    payerMemberId: Id.nullable(),
    isMember: z.boolean(),
    paid: z.boolean(),
    amountFen: z.number().int().nullable(),
    startOn: Day,
    status: z.enum(declarationStatuses),
    reviewComment: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PartTimeDeclaration' });
export const DecisionInput = z
  .strictObject({ decision: z.enum(['approved', 'rejected']), comment: Text(1000).optional() })
  .meta({ id: 'PartTimeDecisionInput' });

export const PaymentInput = z
  .strictObject({
    /** The person paid (a user of the association). */
    userId: Id,
    /** A member company paying, or null with payerName for another organisation. */
    payerMemberId: Id.nullable().optional(),
    payerName: Text(120).optional(),
    amountFen: z.number().int().min(1).max(1_000_000_000),
    paidOn: Day,
    note: Text(500).optional(),
  })
  .meta({ id: 'PartTimePaymentInput' });
export const Payment = z
  .object({
    id: Id,
    userId: Id,
    userName: z.string(),
    role: z.string(),
    payerMemberId: Id.nullable(),
    payerName: z.string(),
    payerIsMember: z.boolean(),
    amountFen: z.number().int(),
    paidOn: Day,
    note: z.string().nullable(),
    /** An approved declaration covered it when it was recorded. */
    declarationFiled: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PartTimePayment' });
