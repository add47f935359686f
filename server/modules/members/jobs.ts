import type { Job, JobContext } from '../../jobs/scheduler.ts';
import { dateToDay, dayToDate, daysBetween, plusDays, todayIn } from './dates.ts';
import { lifecycleStatus, reminderDue, type MemberStatus } from './lifecycle.ts';
import { graceDaysOf } from './service.ts';

async function secretariatIds(ctx: JobContext) {
  return (await ctx.services.scoped.membership.findMany({ where: { role: 'secretariat' }, select: { userId: true } })).map((m) => m.userId);
}

/** Moves members along the calendar (active → grace → expired) in the association's time zone and tells them and the secretariat. */
async function advanceLifecycle(ctx: JobContext, today: string) {
  const { scoped, events } = ctx.services;
  const grace = await graceDaysOf(scoped);
  const members = await scoped.member.findMany({ where: { status: { in: ['active', 'grace', 'expired'] }, expiresOn: { not: null } }, select: { id: true, name: true, status: true, expiresOn: true, accountUserId: true } });
  const changes = members
    .map((m) => ({ m, next: lifecycleStatus(m.status as MemberStatus, dateToDay(m.expiresOn!), today, grace) }))
    .filter((c) => c.next !== c.m.status);
  if (!changes.length) return;
  await ctx.write(async (tx) => {
    for (const c of changes) await tx.member.update({ where: { id: c.m.id }, data: { status: c.next } });
  });
  const staff = await secretariatIds(ctx);
  for (const { m, next } of changes) {
    events.publish('member.changed', { tenantId: ctx.tenant.id, memberId: m.id, name: m.name, status: next, actorId: null });
    if (next === 'active') continue;
    const title = next === 'grace' ? `会籍已到期，进入宽限期：${m.name}` : `会籍已过期：${m.name}`;
    const body = next === 'grace' ? `${m.name} 的会籍已于 ${dateToDay(m.expiresOn!)} 到期，宽限期 ${grace} 天，请及时缴纳会费续期。` : `${m.name} 的会籍宽限期已结束，会籍已过期。`;
    await ctx.services.notify({ tenantId: ctx.tenant.id, userIds: staff, kind: `member.${next}`, title, body, link: `/members/${m.id}` });
    if (m.accountUserId) await ctx.services.notify({ tenantId: ctx.tenant.id, userIds: [m.accountUserId], kind: `member.${next}`, title, body, email: true });
  }
}

/** Qualification-expiry reminders 60, 30 and 7 days ahead, each once per certificate and expiry date. */
async function remindCertificates(ctx: JobContext, today: string) {
  const { scoped } = ctx.services;
  const certs = await scoped.memberCertificate.findMany({
    where: { expiresOn: { gte: dayToDate(today), lte: dayToDate(plusDays(today, 60)) }, member: { status: { notIn: ['withdrawn'] } } },
    include: { member: { select: { id: true, name: true, accountUserId: true } } },
  });
  if (!certs.length) return;
  const sent = await scoped.certificateAlert.findMany({ where: { certificateId: { in: certs.map((c) => c.id) } } });
  const staff = await secretariatIds(ctx);
  for (const c of certs) {
    const expiresOn = dateToDay(c.expiresOn);
    const daysLeft = daysBetween(today, expiresOn);
    const due = reminderDue(
      daysLeft,
      sent.filter((s) => s.certificateId === c.id && dateToDay(s.expiresOn) === expiresOn).map((s) => s.threshold),
    );
    if (due === null) continue;
    // The unique key (certificate, expiry, threshold) makes each reminder go once, whatever runs it.
    const claimed = await ctx.write((tx) => tx.certificateAlert.createMany({ data: [{ tenantId: ctx.tenant.id, certificateId: c.id, expiresOn: c.expiresOn, threshold: due }], skipDuplicates: true }));
    if (claimed.count !== 1) continue;
    const title = `资质证书 ${daysLeft} 天后到期：${c.member.name}`;
    const body = `${c.member.name} 的“${c.name}”${c.number ? `（${c.number}）` : ''}有效期至 ${expiresOn}，请及时办理换证并上传新证书。`;
    await ctx.services.notify({ tenantId: ctx.tenant.id, userIds: staff, kind: 'member.certificate.expiring', title, body, link: `/members/${c.member.id}` });
    if (c.member.accountUserId) await ctx.services.notify({ tenantId: ctx.tenant.id, userIds: [c.member.accountUserId], kind: 'member.certificate.expiring', title, body, email: true });
  }
}

/** Once a day, shortly after midnight in each association's time zone. */
export const membersDailyJob: Job = {
  name: 'members-daily',
  schedule: { dailyAt: '00:15' },
  async run(ctx) {
    const today = todayIn(ctx.tenant.timeZone, ctx.now);
    await advanceLifecycle(ctx, today);
    await remindCertificates(ctx, today);
  },
};
