// Import of an existing member ledger: upload (XLSX or CSV) → column mapping → validation preview
// → import, all rows in one transaction (or only the good ones, when the user chose to exclude the bad).
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { z } from 'zod';
import { translator } from '#schema/i18n/index.ts';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, type ImportCommitInput, type ImportFieldName, type ImportMappingInput } from '#schema/members/targeting.ts';
import { ApiError } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { logger } from '../../logger.ts';
import { write } from '../../db/tenant-scope.ts';
import { dayToDate, todayIn } from './dates.ts';
import { checkRows, readCsv, readXlsx, suggestMapping, type ImportFailure, type Ledger, type LedgerRow } from './ledger.ts';
import { lifecycleStatus } from './lifecycle.ts';
import { fieldError, graceDaysOf, missing } from './service.ts';
import { tagsByName } from './tags.ts';

/** Rows written per statement; progress is reported after each chunk. */
const CHUNK = 200;
/** The import's one transaction may run this long (20,000 rows with their audit rows on a busy machine). */
const IMPORT_TIMEOUT_MS = 180_000;
/** Bad rows listed in the preview (all are counted). */
const LISTED_PROBLEMS = 500;

/** A unique-constraint violation, whether Prisma reports it for a model query (P2002) or a raw one (SQLSTATE 23505). */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } }; message?: string };
  return e?.code === 'P2002' || e?.meta?.code === '23505' || e?.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation' || e?.meta?.driverAdapterError?.cause?.originalCode === '23505' || /23505|unique constraint/i.test(e?.message ?? '');
}

/** A time-ordered UUID (version 7), as Prisma's @default(uuid(7)) makes them, for rows written in bulk. */
function uuidv7(): string {
  const b = randomBytes(16);
  const ms = Date.now();
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Imports running in this process, for the progress endpoint (other instances' progress arrives by socket). */
const running = new Map<string, { done: number; total: number }>();

/** Reads a request's raw body up to `limit` bytes; a larger body is drained and refused with 413. */
export async function readRaw(req: Request, limit: number, ctx: RequestCtx): Promise<Buffer> {
  const tooLarge = () => new ApiError('payload_too_large', { limit: `${Math.round(limit / 1024 / 1024)} MB` }, { reason: translator(ctx.locale)('members.import.errors.tooLarge', { mb: Math.round(limit / 1024 / 1024) }) });
  if (Number(req.get('content-length') ?? 0) > limit) {
    // Discard what the client is still sending, so that it reads our answer instead of a reset connection.
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw tooLarge();
  return Buffer.concat(chunks);
}

type ImportRow = NonNullable<Awaited<ReturnType<RequestCtx['db']['memberImport']['findFirst']>>>;
type Mapping = Partial<Record<ImportFieldName, number>>;
type StoredProblem = { n: number; name: string; creditCode: string; problems: ImportFailure[] };

function view(ctx: RequestCtx, i: ImportRow) {
  const t = translator(ctx.locale);
  const rows = i.rows as unknown as LedgerRow[];
  const problems = (i.problems as unknown as StoredProblem[] | null) ?? null;
  const suggested = !i.mapping;
  const mapping = (i.mapping as Mapping | null) ?? suggestMapping(i.headers as string[]);
  return {
    id: i.id,
    fileName: i.fileName,
    format: i.format as 'xlsx',
    status: i.status as 'uploaded',
    headers: i.headers as string[],
    sample: rows.slice(0, 5).map((r) => r.cells),
    rows: rows.length,
    mapping,
    suggested,
    defaultLevelId: i.defaultLevelId,
    badRows: problems ? problems.length : null,
    goodRows: problems ? rows.length - problems.length : null,
    problems: (problems ?? []).slice(0, LISTED_PROBLEMS).map((p) => ({
      row: p.n,
      name: p.name,
      creditCode: p.creditCode,
      problems: p.problems.map((x) => ({ field: x.field, code: x.code, message: t(`members.import.problems.${x.code}`, { ...x.params, field: t(`members.import.fields.${x.field}`) }) })),
    })),
    importedCount: i.importedCount,
    skippedCount: i.skippedCount,
    importedAt: i.importedAt?.toISOString() ?? null,
    createdAt: i.createdAt.toISOString(),
    progress: running.get(i.id) ?? null,
  };
}

async function findImport(ctx: RequestCtx, id: string) {
  const i = await ctx.db.memberImport.findFirst({ where: { id } });
  if (!i) throw missing(ctx, 'import.entity');
  return i;
}

/** The association's recent imports (without their rows), newest first. */
export async function listImports(ctx: RequestCtx) {
  const rows = await ctx.db.memberImport.findMany({
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: { id: true, fileName: true, status: true, importedCount: true, skippedCount: true, importedAt: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, status: r.status as 'uploaded', importedAt: r.importedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }));
}

export async function getImport(ctx: RequestCtx, id: string) {
  return view(ctx, await findImport(ctx, id));
}

/** Reads an uploaded ledger and keeps its rows for the next steps. */
export async function uploadLedger(ctx: RequestCtx, fileName: string, data: Buffer) {
  const format = fileName.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
  if (!data.length) throw fieldError(ctx, 'body', 'import.errors.empty');
  let ledger: Ledger;
  try {
    ledger = format === 'csv' ? await readCsv(data) : await readXlsx(data);
  } catch (err) {
    logger.info({ err, fileName }, 'unreadable ledger');
    throw fieldError(ctx, 'body', 'import.errors.unreadable', { format: format.toUpperCase() });
  }
  if (!ledger.rows.length) throw fieldError(ctx, 'body', 'import.errors.empty');
  if (ledger.rows.length > IMPORT_MAX_ROWS) throw fieldError(ctx, 'body', 'import.errors.tooManyRows', { max: IMPORT_MAX_ROWS });
  const row = await ctx.write((tx) =>
    tx.memberImport.create({
      data: { tenantId: ctx.auth.tenant.id, fileName, format, headers: ledger.headers, rows: ledger.rows as never, createdById: ctx.auth.user.id },
    }),
  );
  return view(ctx, row);
}

async function checkContext(ctx: RequestCtx, rows: LedgerRow[], mapping: Mapping, defaultLevelId: string | null) {
  const levels = await ctx.db.membershipLevel.findMany({ select: { id: true, name: true, nameEn: true } });
  const codes = mapping.creditCode === undefined ? [] : [...new Set(rows.map((r) => (r.cells[mapping.creditCode!] ?? '').replace(/\s+/g, '').toUpperCase()).filter(Boolean))];
  const existing = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 5000) {
    for (const m of await ctx.db.member.findMany({ where: { creditCode: { in: codes.slice(i, i + 5000) } }, select: { creditCode: true, name: true } })) existing.set(m.creditCode, m.name);
  }
  return { levels, defaultLevelId, existing };
}

/** Sets the column mapping and checks every row; the result is the validation preview. */
export async function mapLedger(ctx: RequestCtx, id: string, input: z.output<typeof ImportMappingInput>) {
  const i = await findImport(ctx, id);
  if (i.status === 'imported') throw new ApiError('conflict', {}, { reason: translator(ctx.locale)('members.import.errors.alreadyImported') });
  const headers = i.headers as string[];
  for (const [field, col] of Object.entries(input.mapping)) {
    if (col >= headers.length) throw fieldError(ctx, `body.mapping.${field}`, 'import.errors.noSuchColumn');
  }
  for (const required of ['name', 'creditCode'] as const) {
    if (input.mapping[required] === undefined) throw fieldError(ctx, `body.mapping.${required}`, 'import.errors.unmapped', { field: translator(ctx.locale)(`members.import.fields.${required}`) });
  }
  if (input.mapping.level === undefined && !input.defaultLevelId) throw fieldError(ctx, 'body.defaultLevelId', 'import.errors.levelNeeded');
  if (input.defaultLevelId && !(await ctx.db.membershipLevel.findFirst({ where: { id: input.defaultLevelId }, select: { id: true } }))) throw fieldError(ctx, 'body.defaultLevelId', 'errors.levelUnknown');
  const rows = i.rows as unknown as LedgerRow[];
  const { bad } = checkRows(rows, input.mapping, await checkContext(ctx, rows, input.mapping, input.defaultLevelId ?? null));
  const row = await ctx.write((tx) =>
    tx.memberImport.update({
      where: { id },
      data: { mapping: input.mapping, defaultLevelId: input.defaultLevelId ?? null, problems: bad as never, status: 'validated' },
    }),
  );
  return view(ctx, row);
}

/**
 * Imports the checked rows in one transaction. With any bad row, nothing is imported unless the
 * user chose to exclude the bad rows; the rows are checked again first, since members may have
 * been added in the meantime.
 */
export async function commitLedger(ctx: RequestCtx, id: string, input: z.output<typeof ImportCommitInput>) {
  const t = translator(ctx.locale);
  const i = await findImport(ctx, id);
  if (i.status === 'imported') throw new ApiError('conflict', {}, { reason: t('members.import.errors.alreadyImported') });
  if (i.status !== 'validated' || !i.mapping) throw new ApiError('conflict', {}, { reason: t('members.import.errors.notValidated') });
  const mapping = i.mapping as Mapping;
  const rows = i.rows as unknown as LedgerRow[];
  const { good, bad } = checkRows(rows, mapping, await checkContext(ctx, rows, mapping, i.defaultLevelId));
  if (bad.length && !input.excludeBadRows) {
    await ctx.write((tx) => tx.memberImport.update({ where: { id }, data: { problems: bad as never } }));
    throw new ApiError('validation_failed', {}, [{ path: 'body.excludeBadRows', code: 'bad_rows', message: t('members.import.errors.badRows', { count: bad.length }) }]);
  }
  if (!good.length) throw new ApiError('conflict', {}, { reason: t('members.import.errors.nothingToImport') });
  const tenantId = ctx.auth.tenant.id;
  const actorId = ctx.auth.user.id;
  const today = todayIn(ctx.auth.tenant.timeZone);
  const graceDays = await graceDaysOf(ctx.db);
  const total = good.length;
  const progress = (done: number, finished = false) => {
    if (finished) running.delete(id);
    else running.set(id, { done, total });
    ctx.services.events.publish('member.import.progress', { tenantId, importId: id, done, total, finished, actorId });
  };
  progress(0);
  try {
    await write(ctx.services.scoped, async (tx) => {
      const tagIds = await tagsByName(tx, tenantId, good.flatMap((g) => g.tags));
      for (let start = 0; start < good.length; start += CHUNK) {
        const chunk = good.slice(start, start + CHUNK);
        // One statement per table and chunk, whatever its size: rows go in as column arrays (unnest).
        const ids = chunk.map(() => uuidv7());
        const col = <K extends keyof (typeof chunk)[number]>(k: K) => chunk.map((g) => g[k] ?? null);
        await tx.$executeRaw`
          INSERT INTO "Member" ("id", "tenantId", "name", "creditCode", "levelId", "status", "industry", "region", "address", "joinedOn", "expiresOn", "updatedAt")
          SELECT u.id, ${tenantId}, u.name, u.code, u.level, u.status, u.industry, u.region, u.address, u.joined::date, u.expires::date, now()
          FROM unnest(${ids}::text[], ${col('name')}::text[], ${col('creditCode')}::text[], ${col('levelId')}::text[], ${chunk.map((g) => lifecycleStatus('active', g.expiresOn, today, graceDays))}::text[],
                      ${col('industry')}::text[], ${col('region')}::text[], ${col('address')}::text[], ${col('joinedOn')}::text[], ${col('expiresOn')}::text[])
            AS u(id, name, code, level, status, industry, region, address, joined, expires)`;
        const withContact = chunk.map((g, i) => ({ g, memberId: ids[i] })).filter((x) => x.g.contact);
        if (withContact.length) {
          await tx.$executeRaw`
            INSERT INTO "MemberContact" ("id", "tenantId", "memberId", "name", "phone", "email", "isPrimary", "updatedAt")
            SELECT u.id, ${tenantId}, u.member, u.name, u.phone, u.email, true, now()
            FROM unnest(${withContact.map(() => uuidv7())}::text[], ${withContact.map((x) => x.memberId)}::text[], ${withContact.map((x) => x.g.contact!.name)}::text[],
                        ${withContact.map((x) => x.g.contact!.phone)}::text[], ${withContact.map((x) => x.g.contact!.email)}::text[])
              AS u(id, member, name, phone, email)`;
        }
        const taggings = chunk.flatMap((g, i) => g.tags.map((name) => ({ memberId: ids[i], tagId: tagIds.get(name)! })));
        if (taggings.length) {
          await tx.$executeRaw`
            INSERT INTO "MemberTagging" ("id", "tenantId", "memberId", "tagId")
            SELECT u.id, ${tenantId}, u.member, u.tag FROM unnest(${taggings.map(() => uuidv7())}::text[], ${taggings.map((x) => x.memberId)}::text[], ${taggings.map((x) => x.tagId)}::text[]) AS u(id, member, tag)
            ON CONFLICT ("memberId", "tagId") DO NOTHING`;
        }
        progress(Math.min(total, start + CHUNK));
      }
      await tx.memberImport.update({ where: { id }, data: { status: 'imported', importedCount: good.length, skippedCount: bad.length, importedAt: new Date(), problems: bad as never } });
    }, { timeout: IMPORT_TIMEOUT_MS });
  } catch (err) {
    progress(0, true);
    if (isUniqueViolation(err)) throw new ApiError('conflict', {}, { reason: t('members.import.errors.raced') });
    throw err;
  }
  progress(total, true);
  return getImport(ctx, id);
}

