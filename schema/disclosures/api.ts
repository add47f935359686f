import { z } from 'zod';
import { Email, Id, RequiredText, Text } from '../api/common.ts';
import { PortalTenantParams } from '../portal/api.ts';

export const disclosureKinds = ['annual_report', 'finance_statement', 'audit_report', 'other'] as const;
export const DisclosureKind = z.enum(disclosureKinds);
export const disclosureStatuses = ['draft', 'published', 'withdrawn'] as const;
export const DisclosureStatus = z.enum(disclosureStatuses);

/** A calendar day in the association's time zone. */
export const Day = z.iso.date().meta({ description: 'Calendar day YYYY-MM-DD' });

/** A PDF attached to a disclosure, base64-encoded; at most 700 KB once decoded. */
export const PdfUpload = z.strictObject({
  name: RequiredText(200),
  contentType: z.literal('application/pdf'),
  data: z.base64().max(960_000),
});

export const DisclosureInput = z
  .strictObject({
    kind: DisclosureKind,
    title: RequiredText(200),
    /** The reporting year, e.g. 2025. */
    year: z.number().int().min(2000).max(2100).nullable().optional(),
    /** The text shown on the portal. */
    body: RequiredText(20_000),
    /** A new PDF replaces the attached one; null removes it; absent keeps it. */
    file: PdfUpload.nullable().optional(),
  })
  .meta({ id: 'DisclosureInput' });

export const DisclosureTransition = z
  .strictObject({
    to: z.enum(['published', 'withdrawn']),
    /** Required to withdraw a published disclosure. */
    reason: Text(500).optional(),
  })
  .meta({ id: 'DisclosureTransition' });

export const FileInfo = z.object({ name: z.string(), size: z.number().int() });

export const Question = z
  .object({
    id: Id,
    disclosureId: Id,
    disclosureTitle: z.string(),
    name: z.string(),
    email: z.string(),
    question: z.string(),
    askedAt: z.iso.datetime(),
    /** The last working day to reply on, in the association's calendar. */
    dueOn: Day,
    dueAt: z.iso.datetime(),
    /** Not answered and past dueAt. */
    overdue: z.boolean(),
    /** Working days left until dueOn (0 on the day itself; negative once overdue). */
    workingDaysLeft: z.number().int(),
    answer: z.string().nullable(),
    answeredAt: z.iso.datetime().nullable(),
    answeredBy: z.string().nullable(),
  })
  .meta({ id: 'DisclosureQuestion' });

export const DisclosureSummary = z
  .object({
    id: Id,
    kind: DisclosureKind,
    title: z.string(),
    year: z.number().int().nullable(),
    status: DisclosureStatus,
    file: FileInfo.nullable(),
    publishedAt: z.iso.datetime().nullable(),
    withdrawnAt: z.iso.datetime().nullable(),
    questions: z.number().int(),
    openQuestions: z.number().int(),
    overdueQuestions: z.number().int(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'DisclosureSummary' });

export const Disclosure = DisclosureSummary.extend({
  body: z.string(),
  withdrawnReason: z.string().nullable(),
  questionList: z.array(Question),
}).meta({ id: 'Disclosure' });

export const QuestionListQuery = z.strictObject({
  /** open: not answered; overdue: not answered and past due; all. */
  filter: z.enum(['open', 'overdue', 'all']).default('open'),
});

export const QuestionExportQuery = QuestionListQuery.extend({ format: z.enum(['xlsx', 'pdf']) });

export const AnswerInput = z.strictObject({ answer: RequiredText(5000) }).meta({ id: 'DisclosureAnswerInput' });

// ---- the working-day calendar ----

export const CalendarDayInput = z.strictObject({ day: Day, kind: z.enum(['holiday', 'workday']), name: RequiredText(40) });
export const CalendarYear = z
  .object({
    year: z.number().int(),
    /** Whether the days are still the built-in defaults (official arrangement, or statutory holidays only when it was not yet published). */
    defaults: z.boolean(),
    official: z.boolean(),
    days: z.array(z.object({ day: Day, kind: z.enum(['holiday', 'workday']), name: z.string(), weekday: z.number().int() })),
  })
  .meta({ id: 'WorkCalendarYear' });
export const CalendarQuery = z.strictObject({ year: z.coerce.number().int().min(2020).max(2100).optional() });
export const CalendarInput = z
  .strictObject({
    year: z.number().int().min(2020).max(2100),
    days: z.array(CalendarDayInput).max(80),
  })
  .meta({ id: 'WorkCalendarInput' });
export const CalendarResetInput = z.strictObject({ year: z.number().int().min(2020).max(2100) }).meta({ id: 'WorkCalendarResetInput' });

// ---- portal ----

export const PortalDisclosureParams = PortalTenantParams.extend({ id: Id });

export const PublicDisclosureSummary = z
  .object({ id: Id, kind: DisclosureKind, title: z.string(), year: z.number().int().nullable(), publishedAt: z.iso.datetime(), file: FileInfo.nullable(), answered: z.number().int() })
  .meta({ id: 'PublicDisclosureSummary' });
export const PublicQuestion = z.object({
  id: Id,
  /** The asker's name, shortened (张**). */
  name: z.string(),
  question: z.string(),
  askedAt: z.iso.datetime(),
  dueOn: Day,
  answer: z.string().nullable(),
  answeredAt: z.iso.datetime().nullable(),
});
export const PublicDisclosure = PublicDisclosureSummary.extend({ body: z.string(), questions: z.array(PublicQuestion) }).meta({ id: 'PublicDisclosure' });

export const PublicQuestionInput = z
  .strictObject({
    name: RequiredText(40),
    email: Email,
    question: RequiredText(2000).pipe(z.string().min(5)),
  })
  .meta({ id: 'PublicQuestionInput' });
export const PublicQuestionCreated = z.object({ id: Id, dueOn: Day }).meta({ id: 'PublicQuestionCreated' });

/** Dashboard widget: disclosures published, public questions waiting and overdue, and how many were answered in time. */
export interface DisclosuresWidgetData {
  published: number;
  open: number;
  overdue: number;
  answered: number;
  answeredOnTime: number;
}
