// Tags on member companies, targeted push (精准推送) and the import of existing member ledgers.
import { z } from 'zod';
import { Id, RequiredText, Text } from '../api/common.ts';

export const tagCategories = ['industry', 'region', 'size', 'needs', 'custom'] as const;
export const TagCategory = z.enum(tagCategories);

export const MemberTag = z
  .object({ id: Id, name: z.string(), category: TagCategory, members: z.number().int() })
  .meta({ id: 'MemberTag' });

export const MemberTagInput = z.strictObject({ name: RequiredText(30), category: TagCategory.default('custom') }).meta({ id: 'MemberTagInput' });

/** Members matching a tag query: carrying every tag (all) or at least one of them (any). */
export const TagQuery = z
  .strictObject({
    mode: z.enum(['all', 'any']).default('any'),
    tagIds: z.array(Id).min(1).max(20),
  })
  .meta({ id: 'MemberTagQuery' });

/** Add or remove tags on many member companies at once (one transaction). */
export const TagAssignInput = z
  .strictObject({
    memberIds: z.array(Id).min(1).max(1000),
    tagIds: z.array(Id).min(1).max(20),
    action: z.enum(['add', 'remove']),
  })
  .meta({ id: 'MemberTagAssignInput' });
export const TagAssignResult = z.object({ changed: z.number().int() }).meta({ id: 'MemberTagAssignResult' });

// ---- targeted push ----

export const pushKinds = ['policy', 'training', 'notice'] as const;
export const PushKind = z.enum(pushKinds);

/** A link inside the app (/meetings/…) or a web address. */
const Link = Text(500)
  .optional()
  .transform((s) => (s ? s : undefined))
  .pipe(z.union([z.string().regex(/^\/[^/\\]/), z.url({ protocol: /^https?$/ }), z.undefined()]));

export const PushInput = z
  .strictObject({
    title: RequiredText(100),
    body: RequiredText(5000),
    kind: PushKind,
    link: Link,
    query: TagQuery,
  })
  .meta({ id: 'MemberPushInput' });

export const PushPreview = z
  .object({
    /** Member companies matching the query (active or in grace). */
    members: z.number().int(),
    /** Of those, how many have at least one user to deliver to. */
    reachable: z.number().int(),
    /** Users who will get the notice. */
    users: z.number().int(),
    sample: z.array(z.object({ id: Id, name: z.string(), users: z.number().int() })),
  })
  .meta({ id: 'MemberPushPreview' });

const PushQueryView = z.object({ mode: z.enum(['all', 'any']), tags: z.array(z.object({ id: Id, name: z.string() })) });

export const PushSummary = z
  .object({
    id: Id,
    title: z.string(),
    kind: PushKind,
    query: PushQueryView,
    sentBy: z.string(),
    sentAt: z.iso.datetime(),
    recipients: z.number().int(),
    delivered: z.number().int(),
    read: z.number().int(),
  })
  .meta({ id: 'MemberPushSummary' });

export const PushRecipient = z.object({
  memberId: Id,
  memberName: z.string(),
  users: z.number().int(),
  deliveredAt: z.iso.datetime().nullable(),
  readAt: z.iso.datetime().nullable(),
  readBy: z.string().nullable(),
});

export const Push = PushSummary.extend({ body: z.string(), link: z.string().nullable(), recipientList: z.array(PushRecipient) }).meta({ id: 'MemberPush' });

/** What a member company's user sees when opening a push. */
export const PushNotice = z
  .object({ id: Id, title: z.string(), body: z.string(), kind: PushKind, link: z.string().nullable(), sentAt: z.iso.datetime(), memberName: z.string(), readAt: z.iso.datetime() })
  .meta({ id: 'MemberPushNotice' });

// ---- import ----

/** The member fields an imported column can fill. */
export const importFields = ['name', 'creditCode', 'level', 'contactName', 'contactPhone', 'contactEmail', 'region', 'industry', 'address', 'joinedOn', 'expiresOn', 'tags'] as const;
export const ImportField = z.enum(importFields);
export type ImportFieldName = (typeof importFields)[number];

/** Largest ledger accepted for import. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;

export const ImportProblem = z.object({ field: z.string(), code: z.string(), message: z.string() });
export const ImportRowProblems = z.object({
  /** The row's number in the sheet (as Excel shows it). */
  row: z.number().int(),
  name: z.string(),
  creditCode: z.string(),
  problems: z.array(ImportProblem),
});

export const MemberImport = z
  .object({
    id: Id,
    fileName: z.string(),
    format: z.enum(['xlsx', 'csv']),
    status: z.enum(['uploaded', 'validated', 'imported']),
    headers: z.array(z.string()),
    /** The first rows as read, for the mapping step. */
    sample: z.array(z.array(z.string())),
    rows: z.number().int(),
    /** field → column index (suggested from the headers until the user maps). */
    mapping: z.partialRecord(ImportField, z.number().int()),
    suggested: z.boolean(),
    defaultLevelId: Id.nullable(),
    /** After validation: rows with problems (at most 500 listed), and how many are good. */
    badRows: z.number().int().nullable(),
    goodRows: z.number().int().nullable(),
    problems: z.array(ImportRowProblems),
    importedCount: z.number().int(),
    skippedCount: z.number().int(),
    importedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    /** While the import runs on the instance answering: rows written so far. */
    progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  })
  .meta({ id: 'MemberImport' });

export const ImportUploadQuery = z.strictObject({ name: Text(200).pipe(z.string().regex(/\.(xlsx|csv)$/i)) });

export const ImportMappingInput = z
  .strictObject({
    mapping: z.partialRecord(ImportField, z.number().int().min(0).max(200)),
    /** Level for rows whose level cell is empty. */
    defaultLevelId: Id.optional(),
  })
  .meta({ id: 'MemberImportMappingInput' });

export const ImportCommitInput = z
  .strictObject({
    /** Import only the good rows, leaving out those with problems. Without it, any bad row stops the whole import. */
    excludeBadRows: z.boolean().default(false),
  })
  .meta({ id: 'MemberImportCommitInput' });

export const MemberImportSummary = z
  .object({
    id: Id,
    fileName: z.string(),
    status: z.enum(['uploaded', 'validated', 'imported']),
    importedCount: z.number().int(),
    skippedCount: z.number().int(),
    importedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'MemberImportSummary' });

/** A push as one of its recipients lists it: what it says, and whether their company has read it. */
export const MyPush = z
  .object({ id: Id, title: z.string(), kind: PushKind, sentAt: z.iso.datetime(), memberName: z.string(), readAt: z.iso.datetime().nullable() })
  .meta({ id: 'MemberMyPush' });
