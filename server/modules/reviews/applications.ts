import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { can } from '#schema/permissions.ts';
import type { Application, ApplicationInput, MaterialFormat, MaterialUpload } from '#schema/reviews/api.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { callStatus, findCall, wallClock } from './calls.ts';
import { expertIdOf } from '../experts/service.ts';

interface FormFieldDef {
  key: string;
  label: string;
  type: string;
  required: boolean;
  options: string[];
}
interface MaterialDef {
  key: string;
  label: string;
  formats: MaterialFormat[];
  required: boolean;
  maxKb: number;
}
type Problem = { key: string; problem: 'missing' | 'format' | 'too_large' | 'empty' | 'unknown' };

/** What a file's first bytes say it is (the extension alone is not trusted). */
export function sniff(content: Uint8Array): MaterialFormat | null {
  const starts = (...b: number[]) => b.every((x, i) => content[i] === x);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf';
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    // Office files are ZIP archives; their first entry names tell them apart well enough.
    const head = Buffer.from(content.subarray(0, Math.min(content.length, 4096))).toString('latin1');
    if (head.includes('word/')) return 'docx';
    if (head.includes('xl/')) return 'xlsx';
    return 'zip';
  }
  return null;
}

const extension = (name: string) => name.split('.').pop()?.toLowerCase() ?? '';

/** The automatic material check: every required material present, in an accepted format, within its size. */
export function checkMaterials(defs: MaterialDef[], files: { key: string; fileName: string; size: number; format: MaterialFormat | null }[]): { ok: boolean; problems: Problem[] } {
  const problems: Problem[] = [];
  for (const def of defs) {
    const f = files.find((x) => x.key === def.key);
    if (!f) {
      if (def.required) problems.push({ key: def.key, problem: 'missing' });
      continue;
    }
    if (f.size === 0) problems.push({ key: def.key, problem: 'empty' });
    else if (f.size > def.maxKb * 1024) problems.push({ key: def.key, problem: 'too_large' });
    else if (!f.format || !def.formats.includes(f.format) || (extension(f.fileName) !== f.format && !(f.format === 'zip' && extension(f.fileName) === 'zip'))) problems.push({ key: def.key, problem: 'format' });
  }
  for (const f of files) if (!defs.some((d) => d.key === f.key)) problems.push({ key: f.key, problem: 'unknown' });
  return { ok: problems.length === 0, problems };
}

const withMaterials = { select: { key: true, fileName: true, mime: true, size: true, sha256: true } } as const;

async function loadApplication(ctx: RequestCtx, id: string) {
  return ctx.db.projectApplication.findFirst({ where: { id } });
}

/** An application the caller may see: their own, or any with application.read. */
export async function findApplication(ctx: RequestCtx, id: string) {
  const a = await loadApplication(ctx, id);
  if (!a || (a.applicantId !== ctx.auth.user.id && !can(ctx.auth.role, 'application.read'))) throw notFound('resource');
  return a;
}

type AppRow = NonNullable<Awaited<ReturnType<typeof loadApplication>>>;

async function materialsOf(ctx: RequestCtx, applicationId: string) {
  const rows = await ctx.db.applicationMaterial.findMany({ where: { applicationId }, orderBy: { key: 'asc' }, select: { ...withMaterials.select, mime: true } });
  return rows.map((m) => ({ key: m.key, fileName: m.fileName, size: m.size, sha256: m.sha256, format: (m.mime as MaterialFormat) || null }));
}

export async function applicationView(ctx: RequestCtx, a: AppRow, call?: { title: string; materials: unknown }, opts: { blind?: boolean } = {}): Promise<z.input<typeof Application>> {
  const c = call ?? (await ctx.db.projectCall.findFirstOrThrow({ where: { id: a.callId } }));
  const files = await materialsOf(ctx, a.id);
  const blind = !!opts.blind;
  return {
    id: a.id,
    callId: a.callId,
    callTitle: c.title,
    applicantId: blind ? null : a.applicantId,
    title: a.title,
    organization: blind ? null : a.organization,
    creditCode: blind ? null : a.creditCode,
    region: a.region,
    contactEmails: blind ? [] : a.contactEmails,
    staffNames: blind ? [] : a.staffNames,
    answers: a.answers as Record<string, string | number>,
    status: a.status as 'draft',
    materials: files.map((f) => ({ key: f.key, fileName: blind ? null : f.fileName, size: f.size, sha256: f.sha256 })),
    materialCheck: checkMaterials(c.materials as unknown as MaterialDef[], files),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    updatedAt: a.updatedAt.toISOString(),
  };
}

function refuseAfterDeadline(ctx: RequestCtx, call: { status: string; deadline: Date }) {
  const status = callStatus(call);
  if (status === 'open') return;
  const when = wallClock(call.deadline, ctx.auth.tenant.timeZone);
  throw new ApiError('conflict', {}, { reason: status === 'closed' ? 'deadline_passed' : 'not_open', deadline: call.deadline.toISOString(), message: ctx.locale === 'en' ? `Applications closed at ${when} (${ctx.auth.tenant.timeZone})` : `申报已于 ${when}（${ctx.auth.tenant.timeZone}）截止` });
}

export async function createApplication(ctx: RequestCtx, callId: string, input: z.output<typeof ApplicationInput>) {
  const call = await findCall(ctx, callId);
  refuseAfterDeadline(ctx, call);
  const a = await ctx.write((tx) =>
    tx.projectApplication.create({
      data: {
        tenantId: ctx.auth.tenant.id,
        callId,
        applicantId: ctx.auth.user.id,
        title: input.title,
        organization: input.organization,
        creditCode: input.creditCode ?? null,
        region: input.region ?? null,
        // The account's own address is always among them.
        contactEmails: [...new Set([ctx.auth.user.email.toLowerCase(), ...input.contactEmails])],
        staffNames: input.staffNames,
        answers: input.answers,
      },
    }),
  );
  ctx.services.events.publish('application.changed', { tenantId: a.tenantId, callId, applicationId: a.id, status: a.status, actorId: ctx.auth.user.id });
  return applicationView(ctx, a, call);
}

function ownDraft(ctx: RequestCtx, a: AppRow) {
  if (a.applicantId !== ctx.auth.user.id) throw notFound('resource');
  if (a.status !== 'draft') throw new ApiError('conflict', {}, { reason: 'already_submitted' });
}

export async function updateApplication(ctx: RequestCtx, id: string, input: z.output<typeof ApplicationInput>) {
  const a0 = await findApplication(ctx, id);
  ownDraft(ctx, a0);
  const call = await findCall(ctx, a0.callId);
  refuseAfterDeadline(ctx, call);
  const a = await ctx.write((tx) =>
    tx.projectApplication.update({
      where: { id },
      data: {
        title: input.title,
        organization: input.organization,
        creditCode: input.creditCode ?? null,
        region: input.region ?? null,
        contactEmails: [...new Set([ctx.auth.user.email.toLowerCase(), ...input.contactEmails])],
        staffNames: input.staffNames,
        answers: input.answers,
      },
    }),
  );
  return applicationView(ctx, a, call);
}

export async function uploadMaterial(ctx: RequestCtx, id: string, input: z.output<typeof MaterialUpload>) {
  const a = await findApplication(ctx, id);
  ownDraft(ctx, a);
  const call = await findCall(ctx, a.callId);
  refuseAfterDeadline(ctx, call);
  const def = (call.materials as unknown as MaterialDef[]).find((m) => m.key === input.key);
  if (!def) throw new ApiError('validation_failed', {}, [{ path: 'body.key', code: 'custom', message: ctx.locale === 'en' ? 'This call asks for no such material' : '本通知不要求该材料' }]);
  const content = Buffer.from(input.content, 'base64');
  const format = sniff(content);
  const data = { fileName: input.fileName, mime: format ?? '', size: content.length, sha256: createHash('sha256').update(content).digest('hex'), content };
  const files = [...(await materialsOf(ctx, id)).filter((f) => f.key !== input.key), { key: input.key, fileName: input.fileName, size: data.size, sha256: data.sha256, format }];
  await ctx.write(async (tx) => {
    await tx.applicationMaterial.deleteMany({ where: { applicationId: id, key: input.key } });
    await tx.applicationMaterial.create({ data: { tenantId: ctx.auth.tenant.id, applicationId: id, key: input.key, ...data } });
    // Written on the application, so its audited row records each change of the material set.
    await tx.projectApplication.update({ where: { id }, data: { materialCheck: checkMaterials(call.materials as unknown as MaterialDef[], files) as never } });
  });
  return applicationView(ctx, (await loadApplication(ctx, id))!, call);
}

/** Submission: before the deadline (to the second), eligible, required fields filled, the material check passed. */
export async function submitApplication(ctx: RequestCtx, id: string) {
  const a = await findApplication(ctx, id);
  ownDraft(ctx, a);
  const call = await findCall(ctx, a.callId);
  refuseAfterDeadline(ctx, call);
  const issues: { path: string; code: string; message: string }[] = [];
  const en = ctx.locale === 'en';
  const elig = call.eligibility as unknown as { regions: string[]; requireCreditCode: boolean };
  if (elig.requireCreditCode && !a.creditCode) issues.push({ path: 'creditCode', code: 'eligibility', message: en ? 'The unified social credit code is required' : '须填写统一社会信用代码' });
  if (elig.regions.length && !elig.regions.includes(a.region ?? '')) issues.push({ path: 'region', code: 'eligibility', message: en ? `Only applicants from ${elig.regions.join(', ')} may apply` : `仅限以下地区申报：${elig.regions.join('、')}` });
  const answers = a.answers as Record<string, string | number>;
  for (const f of call.formFields as unknown as FormFieldDef[]) {
    const v = answers[f.key];
    if (f.required && (v === undefined || v === '')) issues.push({ path: `answers.${f.key}`, code: 'required', message: en ? `${f.label}: required` : `${f.label}：必填` });
    else if (v !== undefined && v !== '' && f.type === 'select' && !f.options.includes(String(v))) issues.push({ path: `answers.${f.key}`, code: 'invalid', message: en ? `${f.label}: not one of the options` : `${f.label}：不在可选项中` });
  }
  const check = checkMaterials(call.materials as unknown as MaterialDef[], await materialsOf(ctx, id));
  const problemText = { missing: en ? 'missing' : '未上传', format: en ? 'not an accepted format' : '格式不符', too_large: en ? 'too large' : '超过大小限制', empty: en ? 'empty file' : '文件为空', unknown: en ? 'not asked for' : '非要求材料' };
  for (const p of check.problems) {
    const label = (call.materials as unknown as MaterialDef[]).find((m) => m.key === p.key)?.label ?? p.key;
    issues.push({ path: `materials.${p.key}`, code: p.problem, message: `${label}：${problemText[p.problem]}` });
  }
  if (issues.length) throw new ApiError('validation_failed', {}, issues);
  const updated = await ctx.write(async (tx) => {
    // Guarded: a second submission racing this one changes nothing.
    const { count } = await tx.projectApplication.updateMany({ where: { id, status: 'draft' }, data: { status: 'submitted', submittedAt: new Date(), materialCheck: check as never } });
    if (count !== 1) throw new ApiError('conflict');
    return tx.projectApplication.findFirstOrThrow({ where: { id } });
  });
  ctx.services.events.publish('application.changed', { tenantId: updated.tenantId, callId: updated.callId, applicationId: id, status: 'submitted', actorId: ctx.auth.user.id });
  return applicationView(ctx, updated, call);
}

export async function myApplications(ctx: RequestCtx) {
  const rows = await ctx.db.projectApplication.findMany({ where: { applicantId: ctx.auth.user.id }, orderBy: { createdAt: 'desc' }, take: 200 });
  return Promise.all(rows.map((a) => applicationView(ctx, a)));
}

export async function callApplications(ctx: RequestCtx, callId: string) {
  const call = await findCall(ctx, callId);
  const rows = await ctx.db.projectApplication.findMany({ where: { callId, status: { not: 'draft' } }, orderBy: { submittedAt: 'asc' }, take: 1000 });
  return Promise.all(rows.map((a) => applicationView(ctx, a, call)));
}

/**
 * One material's file, for its applicant, readers of applications and the application's active
 * reviewers; a blind call's reviewers get it under a neutral name.
 */
export async function materialFile(ctx: RequestCtx, id: string, key: string) {
  const a = await loadApplication(ctx, id);
  if (!a) throw notFound('resource');
  let blind = false;
  if (a.applicantId !== ctx.auth.user.id && !can(ctx.auth.role, 'application.read')) {
    const me = await expertIdOf(ctx.db, ctx.auth.user.id);
    const assigned = me && (await ctx.db.reviewAssignment.count({ where: { applicationId: id, expertId: me, status: { in: ['accepted', 'submitted'] } } }));
    if (!assigned) throw notFound('resource');
    blind = (await ctx.db.projectCall.findFirstOrThrow({ where: { id: a.callId }, select: { blindReview: true } })).blindReview;
  }
  const m = await ctx.db.applicationMaterial.findFirst({ where: { applicationId: id, key } });
  if (!m || !m.mime) throw notFound('resource');
  return { filename: blind ? `${key}.${m.mime}` : m.fileName.replace(/\.[^.]*$/, '') + `.${m.mime}`, body: m.content };
}
