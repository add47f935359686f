import type { z } from 'zod';
import { rooms } from '#schema/events.ts';
import { translator } from '#schema/i18n/index.ts';
import type { ApplicationInput, ApplicationListQuery, DecisionInput, WorkflowInput, WorkflowStep } from '#schema/members/api.ts';
import { isValidCreditCode } from '#schema/members/credit-code.ts';
import { can } from '#schema/permissions.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { ApiError } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { dayToDate, daysBetween, todayIn } from './dates.ts';
import { fieldError, missing } from './service.ts';

type Step = z.output<typeof WorkflowStep>;
type Status = 'draft' | 'in_review' | 'returned' | 'rejected' | 'approved';
type AppRow = Prisma.MembershipApplicationGetPayload<{ include: { signatures: true } }>;
interface CertIn {
  name: string;
  number?: string | null;
  issuer?: string | null;
  expiresOn?: string | null;
  fileId?: string | null;
}

/** 会员服务部初审 → 合规审核 → 秘书长审批, unless the association configured its own steps. */
export const defaultSteps: Step[] = [
  { key: 'secretariat_review', name: '会员服务部初审', nameEn: 'Member services review', role: 'secretariat' },
  { key: 'compliance_review', name: '合规审核', nameEn: 'Compliance review', role: 'compliance' },
  { key: 'secretary_general', name: '秘书长审批', nameEn: 'Secretary-general approval', role: 'admin' },
];

export async function workflowSteps(ctx: Pick<RequestCtx<any>, 'db'>): Promise<Step[]> {
  const w = await ctx.db.membershipWorkflow.findFirst({});
  return w ? (w.steps as unknown as Step[]) : defaultSteps;
}

export async function setWorkflow(ctx: RequestCtx, input: z.output<typeof WorkflowInput>) {
  const tenantId = ctx.auth.tenant.id;
  await ctx.write(async (tx) => {
    const existing = await tx.membershipWorkflow.findFirst({});
    const steps = input.steps as unknown as Prisma.InputJsonValue;
    if (existing) await tx.membershipWorkflow.update({ where: { id: existing.id }, data: { steps } });
    else await tx.membershipWorkflow.create({ data: { tenantId, steps } });
  });
  return { steps: await workflowSteps(ctx) };
}

const isReviewer = (ctx: RequestCtx) => can(ctx.auth.role, 'member.review');

/** Exactly what is missing or wrong before the application can be submitted, in the caller's language. */
export async function completeness(ctx: RequestCtx, a: { companyName: string; creditCode: string; levelId: string | null; contactName: string | null; contactPhone: string | null; contactEmail: string | null; licenceFileId: string | null; certificates: unknown }) {
  const t = translator(ctx.locale);
  const out: { field: string; message: string }[] = [];
  const need = (field: string, ok: unknown, key = field, params: Record<string, unknown> = {}) => {
    if (!ok) out.push({ field, message: t(`members.missing.${key}`, params) });
  };
  need('companyName', a.companyName.trim());
  if (!a.creditCode) need('creditCode', false);
  else need('creditCode', isValidCreditCode(a.creditCode), 'creditCodeInvalid');
  need('levelId', a.levelId && (await ctx.db.membershipLevel.findFirst({ where: { id: a.levelId }, select: { id: true } })));
  need('contactName', a.contactName);
  need('contactPhone', a.contactPhone);
  need('contactEmail', a.contactEmail);
  need('licenceFileId', a.licenceFileId);
  const certs = (a.certificates ?? []) as CertIn[];
  need('certificates', certs.length > 0);
  const today = todayIn(ctx.auth.tenant.timeZone);
  certs.forEach((c, i) => {
    const n = i + 1;
    need(`certificates.${i}.name`, c.name?.trim(), 'certName', { n });
    need(`certificates.${i}.expiresOn`, c.expiresOn, 'certExpires', { n });
    if (c.expiresOn) need(`certificates.${i}.expiresOn`, daysBetween(today, c.expiresOn) >= 0, 'certExpired', { n });
    need(`certificates.${i}.fileId`, c.fileId, 'certFile', { n });
  });
  return out;
}

/** Members, and other applications in review, with the same credit code. */
async function duplicatesOf(ctx: RequestCtx, a: { id: string; creditCode: string }) {
  if (!a.creditCode) return [];
  const [members, apps] = await Promise.all([
    ctx.db.member.findMany({ where: { creditCode: a.creditCode }, select: { id: true, name: true } }),
    ctx.db.membershipApplication.findMany({ where: { creditCode: a.creditCode, status: 'in_review', id: { not: a.id } }, select: { id: true, companyName: true } }),
  ]);
  return [...members.map((m) => ({ kind: 'member' as const, id: m.id, name: m.name })), ...apps.map((x) => ({ kind: 'application' as const, id: x.id, name: x.companyName }))];
}

async function filesById(ctx: RequestCtx, ids: (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  const rows = wanted.length ? await ctx.db.memberFile.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, contentType: true, size: true } }) : [];
  return new Map(rows.map((r) => [r.id, r]));
}

function pendingStepOf(a: { status: string; currentStep: number; steps: unknown }): Step | null {
  return a.status === 'in_review' ? ((a.steps as Step[])[a.currentStep] ?? null) : null;
}

async function view(ctx: RequestCtx, a: AppRow) {
  const certs = a.certificates as unknown as CertIn[];
  const files = await filesById(ctx, [a.licenceFileId, ...certs.map((c) => c.fileId)]);
  const level = a.levelId ? await ctx.db.membershipLevel.findFirst({ where: { id: a.levelId }, select: { name: true } }) : null;
  const pending = pendingStepOf(a);
  const own = a.applicantUserId === ctx.auth.user.id;
  const editable = own && (a.status === 'draft' || a.status === 'returned');
  return {
    id: a.id,
    companyName: a.companyName,
    creditCode: a.creditCode,
    levelId: a.levelId,
    levelName: level?.name ?? null,
    industry: a.industry,
    region: a.region,
    address: a.address,
    contactName: a.contactName,
    contactPhone: a.contactPhone,
    contactEmail: a.contactEmail,
    licenceFile: (a.licenceFileId && files.get(a.licenceFileId)) || null,
    certificates: certs.map((c) => ({ name: c.name, number: c.number ?? null, issuer: c.issuer ?? null, expiresOn: c.expiresOn ?? null, file: (c.fileId && files.get(c.fileId)) || null })),
    status: a.status as Status,
    steps: a.steps as unknown as Step[],
    currentStep: a.currentStep,
    pendingStep: pending,
    canSign: !!pending && pending.role === ctx.auth.role,
    canEdit: editable,
    reason: a.reason,
    missing: editable || a.status === 'draft' ? await completeness(ctx, a) : [],
    duplicates: await duplicatesOf(ctx, a),
    signatures: a.signatures
      .sort((x, y) => x.signedAt.getTime() - y.signedAt.getTime())
      .map((s) => ({
        step: s.step,
        stepKey: s.stepKey,
        stepName: s.stepName,
        decision: s.decision as 'approve',
        comment: s.comment,
        signedBy: s.signedByName,
        enteredAt: s.enteredAt.toISOString(),
        signedAt: s.signedAt.toISOString(),
        durationMs: Number(s.durationMs),
      })),
    memberId: a.memberId,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    stepStartedAt: a.stepStartedAt?.toISOString() ?? null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** The application if the caller may see it: its applicant, or a reviewer. Others get 404. */
async function findVisible(ctx: RequestCtx, id: string) {
  const a = await ctx.db.membershipApplication.findFirst({ where: { id, ...(isReviewer(ctx) ? {} : { applicantUserId: ctx.auth.user.id }) }, include: { signatures: true } });
  if (!a) throw missing(ctx, 'applicationEntity');
  return a;
}

export async function getApplication(ctx: RequestCtx, id: string) {
  return view(ctx, await findVisible(ctx, id));
}

function summaryOf(a: { id: string; companyName: string; creditCode: string; status: string; currentStep: number; steps: unknown; submittedAt: Date | null; stepStartedAt: Date | null; updatedAt: Date }) {
  return {
    id: a.id,
    companyName: a.companyName,
    creditCode: a.creditCode,
    status: a.status as Status,
    pendingStep: pendingStepOf(a),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    stepStartedAt: a.stepStartedAt?.toISOString() ?? null,
    updatedAt: a.updatedAt.toISOString(),
  };
}

export async function listApplications(ctx: RequestCtx, q: z.output<typeof ApplicationListQuery>, mine: boolean) {
  const rows = await ctx.db.membershipApplication.findMany({
    where: { ...(mine ? { applicantUserId: ctx.auth.user.id } : { status: { not: 'draft' } }), ...(q.status ? { status: q.status } : {}) },
    orderBy: [{ updatedAt: 'desc' }],
    take: 500,
  });
  const items = rows.map(summaryOf).filter((a) => !q.step || a.pendingStep?.key === q.step);
  return { items };
}

function fieldsOf(input: z.output<typeof ApplicationInput>) {
  return {
    companyName: input.companyName,
    creditCode: input.creditCode,
    levelId: input.levelId ?? null,
    industry: input.industry ?? null,
    region: input.region ?? null,
    address: input.address ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    contactEmail: input.contactEmail ?? null,
    licenceFileId: input.licenceFileId ?? null,
    certificates: input.certificates.map((c) => ({ name: c.name, number: c.number ?? null, issuer: c.issuer ?? null, expiresOn: c.expiresOn ?? null, fileId: c.fileId ?? null })),
  };
}

/** Files named by an application must be in this association (the scoped lookup says so). */
async function checkFiles(ctx: RequestCtx, input: z.output<typeof ApplicationInput>) {
  const ids = [input.licenceFileId, ...input.certificates.map((c) => c.fileId)].filter((x): x is string => !!x);
  const found = await filesById(ctx, ids);
  const unknown = ids.find((id) => !found.has(id));
  if (unknown) throw fieldError(ctx, 'body', 'errors.fileUnknown');
}

function announce(ctx: RequestCtx, a: { id: string; tenantId: string; companyName: string; status: string; currentStep: number; steps: unknown; applicantUserId: string | null }) {
  const data = {
    tenantId: a.tenantId,
    applicationId: a.id,
    companyName: a.companyName,
    status: a.status as Status,
    stepKey: pendingStepOf(a)?.key ?? null,
    actorId: ctx.auth.user.id,
  };
  ctx.services.events.publish('member.application.changed', data);
  // The applicant follows their application live, whatever their role.
  if (a.applicantUserId) ctx.services.push(rooms.member(a.tenantId, a.applicantUserId), 'domain:event', { name: 'member.application.changed', data, at: new Date().toISOString() });
}

export async function createApplication(ctx: RequestCtx, input: z.output<typeof ApplicationInput>) {
  await checkFiles(ctx, input);
  const a = await ctx.write((tx) => tx.membershipApplication.create({ data: { ...fieldsOf(input), tenantId: ctx.auth.tenant.id, applicantUserId: ctx.auth.user.id, status: 'draft' }, include: { signatures: true } }));
  return view(ctx, a);
}

export async function updateApplication(ctx: RequestCtx, id: string, input: z.output<typeof ApplicationInput>) {
  const a = await findVisible(ctx, id);
  if (a.applicantUserId !== ctx.auth.user.id || !['draft', 'returned'].includes(a.status)) throw new ApiError('conflict', {}, { reason: translator(ctx.locale)('members.errors.notEditable') });
  await checkFiles(ctx, input);
  const updated = await ctx.write((tx) => tx.membershipApplication.update({ where: { id }, data: fieldsOf(input), include: { signatures: true } }));
  return view(ctx, updated);
}

/** Submits (or resubmits after a return): complete, and no duplicate, or refused with the list. */
export async function submitApplication(ctx: RequestCtx, id: string) {
  const a = await findVisible(ctx, id);
  const t = translator(ctx.locale);
  if (a.applicantUserId !== ctx.auth.user.id || !['draft', 'returned'].includes(a.status)) throw new ApiError('conflict', {}, { reason: t('members.errors.notEditable') });
  const gaps = await completeness(ctx, a);
  if (gaps.length) throw new ApiError('validation_failed', {}, gaps.map((g) => ({ path: `application.${g.field}`, code: 'missing', message: g.message })));
  const dup = (await duplicatesOf(ctx, a))[0];
  if (dup) throw fieldError(ctx, 'application.creditCode', 'errors.duplicate', { name: dup.name }, 'duplicate');
  const now = new Date();
  // A first submission takes the association's current steps; a resubmission goes back to the step that returned it.
  const first = a.status === 'draft';
  const steps = first ? await workflowSteps(ctx) : (a.steps as unknown as Step[]);
  const updated = await ctx.write((tx) =>
    tx.membershipApplication.update({
      where: { id },
      data: { status: 'in_review', steps: steps as unknown as Prisma.InputJsonValue, currentStep: first ? 0 : a.currentStep, submittedAt: a.submittedAt ?? now, stepStartedAt: now, reason: null },
      include: { signatures: true },
    }),
  );
  announce(ctx, updated);
  const step = steps[updated.currentStep];
  await notifyStep(ctx, updated, step);
  return view(ctx, updated);
}

async function notifyStep(ctx: RequestCtx, a: { id: string; tenantId: string; companyName: string }, step: Step | undefined) {
  if (!step) return;
  const signers = await ctx.db.membership.findMany({ where: { role: step.role }, select: { userId: true } });
  await ctx.services.notify({
    tenantId: a.tenantId,
    userIds: signers.map((s) => s.userId),
    kind: 'member.application.step',
    title: `入会申请待${step.name}：${a.companyName}`,
    body: `${a.companyName} 的入会申请等待${step.name}。`,
    link: `/members/applications/${a.id}`,
  });
}

/** Signs the pending step: approve moves on (the last approval makes the company a member), return or reject stops with the comment as reason. */
export async function decide(ctx: RequestCtx, id: string, input: z.output<typeof DecisionInput>) {
  const t = translator(ctx.locale);
  const a = await findVisible(ctx, id);
  const steps = a.steps as unknown as Step[];
  const step = pendingStepOf(a);
  if (!step) throw new ApiError('conflict', {}, { reason: t('members.errors.notInReview') });
  if (step.role !== ctx.auth.role) {
    throw new ApiError('forbidden', { action: `member.review (${ctx.locale === 'en' ? step.nameEn : step.name})` }, { reason: t('members.errors.notYourStep', { step: ctx.locale === 'en' ? step.nameEn : step.name, role: t(`roles.${step.role}`) }) });
  }
  const now = new Date();
  const entered = a.stepStartedAt ?? a.submittedAt ?? now;
  const last = a.currentStep >= steps.length - 1;
  if (input.decision === 'approve' && last) {
    const dup = (await duplicatesOf(ctx, a)).find((d) => d.kind === 'member');
    if (dup) throw fieldError(ctx, 'application.creditCode', 'errors.duplicate', { name: dup.name }, 'duplicate');
  }
  const tenantId = ctx.auth.tenant.id;
  const updated = await ctx.write(async (tx) => {
    // Only the state read above may be changed: a concurrent signature makes this match nothing.
    const claimed = await tx.membershipApplication.updateMany({ where: { id, status: 'in_review', currentStep: a.currentStep }, data: { updatedAt: now } });
    if (claimed.count !== 1) throw new ApiError('conflict');
    await tx.applicationSignature.create({
      data: {
        tenantId,
        applicationId: id,
        step: a.currentStep,
        stepKey: step.key,
        stepName: step.name,
        decision: input.decision,
        comment: input.comment,
        signedById: ctx.auth.user.id,
        signedByName: ctx.auth.user.name,
        enteredAt: entered,
        signedAt: now,
        durationMs: BigInt(Math.max(0, now.getTime() - entered.getTime())),
      },
    });
    if (input.decision === 'return') return tx.membershipApplication.update({ where: { id }, data: { status: 'returned', reason: input.comment, stepStartedAt: null }, include: { signatures: true } });
    if (input.decision === 'reject') return tx.membershipApplication.update({ where: { id }, data: { status: 'rejected', reason: input.comment, decidedAt: now, stepStartedAt: null }, include: { signatures: true } });
    if (!last) return tx.membershipApplication.update({ where: { id }, data: { currentStep: a.currentStep + 1, stepStartedAt: now }, include: { signatures: true } });
    // Approved: the company becomes a member, pending until its first dues are paid.
    const member = await tx.member.create({
      data: {
        tenantId,
        name: a.companyName,
        creditCode: a.creditCode,
        levelId: a.levelId!,
        status: 'pending',
        industry: a.industry,
        region: a.region,
        address: a.address,
        applicationId: a.id,
        accountUserId: a.applicantUserId,
      },
    });
    if (a.contactName) await tx.memberContact.create({ data: { tenantId, memberId: member.id, name: a.contactName, phone: a.contactPhone, email: a.contactEmail, isPrimary: true } });
    const certs = (a.certificates as unknown as CertIn[]).filter((c) => c.expiresOn);
    if (certs.length) {
      await tx.memberCertificate.createMany({
        data: certs.map((c) => ({ tenantId, memberId: member.id, name: c.name, number: c.number ?? null, issuer: c.issuer ?? null, expiresOn: dayToDate(c.expiresOn!), fileId: c.fileId ?? null })),
      });
    }
    return tx.membershipApplication.update({ where: { id }, data: { status: 'approved', decidedAt: now, stepStartedAt: null, memberId: member.id }, include: { signatures: true } });
  });
  announce(ctx, updated);
  if (updated.status === 'approved' && updated.memberId) {
    ctx.services.events.publish('member.changed', { tenantId, memberId: updated.memberId, name: updated.companyName, status: 'pending', actorId: ctx.auth.user.id });
  }
  if (updated.status === 'in_review') await notifyStep(ctx, updated, steps[updated.currentStep]);
  if (updated.applicantUserId && updated.status !== 'in_review') {
    await ctx.services.notify({
      tenantId,
      userIds: [updated.applicantUserId],
      kind: 'member.application.decided',
      title: `入会申请${({ returned: '已退回修改', rejected: '未通过', approved: '已通过' } as Record<string, string>)[updated.status]}：${updated.companyName}`,
      body: input.comment,
      link: `/members/apply/${updated.id}`,
    });
  }
  return view(ctx, updated);
}

/** Time spent at each step of the current workflow: signatures so far (average and slowest), and how many wait there now. */
export async function stepTimes(ctx: RequestCtx) {
  const steps = await workflowSteps(ctx);
  const [sigs, waiting] = await Promise.all([
    ctx.db.applicationSignature.groupBy({ by: ['stepKey'], _avg: { durationMs: true }, _max: { durationMs: true }, _count: { _all: true } }),
    ctx.db.membershipApplication.findMany({ where: { status: 'in_review' }, select: { currentStep: true, steps: true } }),
  ]);
  return {
    steps: steps.map((s) => {
      const g = sigs.find((x) => x.stepKey === s.key);
      return {
        key: s.key,
        name: s.name,
        nameEn: s.nameEn,
        signed: g?._count._all ?? 0,
        averageMs: g?._avg.durationMs != null ? Math.round(Number(g._avg.durationMs)) : null,
        slowestMs: g?._max.durationMs != null ? Number(g._max.durationMs) : null,
        waiting: waiting.filter((w) => pendingStepOf({ status: 'in_review', ...w })?.key === s.key).length,
      };
    }),
  };
}

