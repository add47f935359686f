import type { Database } from '../../db/database.ts';
import { runInTenant, scopeToTenant } from '../../db/tenant-scope.ts';
import { EventBus } from '../../events.ts';
import type { Services } from '../../http/routes.ts';
import { memberPage } from '../members/lookup.ts';
import { award } from '../points/service.ts';
import { recordEntry, type NewEntry } from './service.ts';

const DAY = 86_400_000;

/**
 * Demo credit archives and points in the first demo association, written through the module's own
 * service functions (so scores, grades and their history are computed as in use). Runs after the
 * members seed; the member@demo.test login is the first company's.
 */
export async function seedCreditDemo(db: Database) {
  const tenant = await db.prisma.tenant.findUnique({ where: { slug: 'demo' } });
  if (!tenant) return;
  const users = await db.prisma.user.findMany({ where: { email: { in: ['member@demo.test', 'expert@demo.test', 'secretariat@demo.test', 'council@demo.test'] } }, select: { id: true, email: true } });
  const user = (email: string) => users.find((u) => u.email === email)?.id ?? null;
  const s = { scoped: scopeToTenant(db.prisma), events: new EventBus(), push: () => {}, notify: async () => {}, db } as unknown as Services;
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  await runInTenant({ tenantId: tenant.id, actorId: null, requestId: 'seed:credit' }, async () => {
    const companies = (await memberPage(s.scoped, null, 10)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    const byName = (part: string) => companies.find((c) => c.name.includes(part));
    const entries: [string, Omit<NewEntry, 'memberId' | 'sourceId'> & { points?: number | null }][] = [
      ['华东智能', { kind: 'meeting_attended', title: '2026 年春季标准宣贯会', occurredAt: ago(200), sourceEvent: 'meeting.attended', userId: user('member@demo.test') }],
      ['华东智能', { kind: 'meeting_attended', title: '智能制造专委会年会', occurredAt: ago(120), sourceEvent: 'meeting.attended', userId: user('member@demo.test') }],
      ['华东智能', { kind: 'standard_contribution', title: '《智能工厂数据接口规范》（起草人）', occurredAt: ago(90), sourceEvent: 'standard.contribution', userId: user('member@demo.test') }],
      ['华东智能', { kind: 'dues_on_time', title: '会费 100000.00 元（按时缴纳）', occurredAt: ago(60), sourceEvent: 'dues.paid' }],
      ['华东智能', { kind: 'award', title: '年度优秀会员单位', occurredAt: ago(30), sourceEvent: 'integrity.entry.recorded' }],
      ['江南新材料', { kind: 'meeting_attended', title: '2026 年春季标准宣贯会', occurredAt: ago(200), sourceEvent: 'meeting.attended' }],
      ['江南新材料', { kind: 'dues_on_time', title: '会费 50000.00 元（按时缴纳）', occurredAt: ago(150), sourceEvent: 'dues.paid' }],
      ['西部绿色', { kind: 'dues_late', title: '会费 20000.00 元（逾期 45 天）', occurredAt: ago(100), sourceEvent: 'dues.paid' }],
      ['西部绿色', { kind: 'complaint', severity: 'medium', title: '用户投诉：售后服务承诺未兑现', occurredAt: ago(40), sourceEvent: 'integrity.entry.recorded' }],
      ['北方精密', { kind: 'violation', severity: 'high', title: '违规使用协会名义开展评比', occurredAt: ago(50), sourceEvent: 'integrity.entry.recorded' }],
      ['北方精密', { kind: 'compliance_finding', severity: 'medium', title: '行业自律检查：未公示收费标准', occurredAt: ago(20), sourceEvent: 'manual', evidence: '2026 年行业自律检查记录表第 12 项，现场检查人：陈刚', createdById: null }],
    ];
    for (const [i, [name, e]] of entries.entries()) {
      const member = byName(name);
      if (member) await recordEntry(s, tenant.id, { ...e, memberId: member.id, sourceId: `seed-${i}` });
    }
    const points: [string | null, string | null, Parameters<typeof award>[2]['kind'], number, string, number][] = [
      ['member@demo.test', '华东智能', 'meeting_attended', 10, '2026 年春季标准宣贯会', 200],
      ['member@demo.test', '华东智能', 'meeting_attended', 10, '智能制造专委会年会', 120],
      ['member@demo.test', '华东智能', 'standard_contribution', 20, '《智能工厂数据接口规范》', 90],
      [null, '华东智能', 'dues_on_time', 20, '会费 100000.00 元', 60],
      [null, '江南新材料', 'meeting_attended', 10, '2026 年春季标准宣贯会', 200],
      [null, '江南新材料', 'dues_on_time', 20, '会费 50000.00 元', 150],
      ['expert@demo.test', null, 'expert_service', 24, '评审 3 小时', 80],
      ['expert@demo.test', null, 'expert_service', 16, '咨询 2 小时', 10],
      ['secretariat@demo.test', null, 'meeting_attended', 10, '智能制造专委会年会', 120],
      ['council@demo.test', null, 'standard_contribution', 30, '《智能工厂数据接口规范》', 90],
    ];
    for (const [i, [email, name, kind, n, title, days]] of points.entries()) {
      await award(s, tenant.id, { userId: email ? user(email) : null, memberId: name ? (byName(name)?.id ?? null) : null, kind, points: n, title, sourceEvent: 'seed', sourceId: `seed-${i}`, occurredAt: ago(days) });
    }
  });
}
