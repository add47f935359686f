import type { Database } from '../../db/database.ts';
import { systemWrite } from '../../db/tenant-scope.ts';
import { dayToDate, todayIn } from './common.ts';

/**
 * Demo finance data in each demo association: fee items (one still awaiting approval), this year's
 * dues invoices with some paid, and a few expenses — one above the threshold, covered by a council
 * decision (the demo has no council minutes otherwise, so one decided matter is seeded with it).
 */
export async function seedFinanceDemo(db: Database) {
  const tenants = await db.prisma.tenant.findMany({ where: { slug: { in: ['demo', 'demo2'] } }, orderBy: { slug: 'asc' } });
  for (const tenant of tenants) {
    await systemWrite(db.prisma, { actorId: null, tenantId: tenant.id }, async (tx) => {
      const tenantId = tenant.id;
      const finance = await tx.membership.findFirst({ where: { tenantId, role: 'finance' }, include: { user: true } });
      const admin = await tx.membership.findFirst({ where: { tenantId, role: 'admin' }, include: { user: true } });
      const today = todayIn(tenant.timeZone);
      const year = today.slice(0, 4);
      const early = (md: string) => (`${year}-${md}` <= today ? `${year}-${md}` : today);
      const approved = (ref: string) => ({ status: 'approved', approvedAt: new Date(`${year}-01-03T02:00:00Z`), approvedById: admin?.userId ?? null, approvedByName: admin?.user.name ?? null, decisionRef: ref });
      const dues = await tx.feeItem.create({
        data: { tenantId, key: 'membership_dues', name: '会费', kind: 'dues', amountFen: 500_000, unit: '元/年（按会员等级）', basisDocument: '《会费标准》（会员代表大会表决通过，按会员等级收取）', ...approved('第三届会员代表大会第二次会议决议〔2024〕1号') },
      });
      const training = await tx.feeItem.create({
        data: { tenantId, key: 'training', name: '继续教育培训费', kind: 'training', amountFen: 80_000, unit: '元/人·次', basisDocument: '《培训收费标准》（理事会审议通过并公示）', ...approved('三届五次理事会决议〔2025〕3号') },
      });
      await tx.feeItem.create({
        data: { tenantId, key: 'ranking_service', name: '行业排名评比服务费', kind: 'service', amountFen: 2_000_000, unit: '元/家', basisDocument: '秘书处拟定，尚未提交理事会审议' },
      });
      const members = await tx.member.findMany({ where: { tenantId, status: { in: ['active', 'grace'] } }, include: { level: true }, orderBy: { name: 'asc' } });
      let n = 0;
      const number = () => `${year}-${String(++n).padStart(4, '0')}`;
      for (const [i, m] of members.entries()) {
        // Paid in full, partly paid, and unpaid, in turn.
        const paid = i % 3 === 0 ? m.level.duesFen : i % 3 === 1 ? Math.round(m.level.duesFen / 2) : 0;
        const full = paid === m.level.duesFen;
        const inv = await tx.invoice.create({
          data: {
            tenantId,
            number: number(),
            memberId: m.id,
            memberName: m.name,
            kind: 'dues',
            feeItemId: dues.id,
            period: year,
            title: `${year} 年度会费（${m.level.name}）`,
            amountFen: m.level.duesFen,
            paidFen: paid,
            status: full ? 'paid' : paid ? 'partially_paid' : 'unpaid',
            issuedOn: dayToDate(early('01-05')),
            dueOn: dayToDate(`${year}-03-31`),
            paidOn: full ? dayToDate(early('02-20')) : null,
            createdById: finance?.userId ?? null,
          },
        });
        if (paid) {
          await tx.payment.create({ data: { tenantId, invoiceId: inv.id, amountFen: paid, method: 'bank_transfer', reference: `ICBC${year}0220${String(i).padStart(4, '0')}`, paidOn: dayToDate(early(full ? '02-20' : '03-15')), recordedById: finance?.userId ?? null } });
        }
      }
      if (members[0]) {
        await tx.invoice.create({
          data: { tenantId, number: number(), memberId: members[0].id, memberName: members[0].name, kind: 'other', feeItemId: training.id, title: '继续教育培训费 × 3', amountFen: 240_000, issuedOn: dayToDate(early('04-10')), dueOn: dayToDate(early('05-10')), createdById: finance?.userId ?? null },
        });
      }
      await tx.financeSequence.create({ data: { tenantId, name: `invoice:${year}`, value: n } });

      // The council's decision that covers the large expense below.
      const meeting = await tx.councilMeeting.create({ data: { tenantId, title: `${year} 年第一次理事会`, heldOn: new Date(`${early('01-20')}T02:00:00Z`), createdById: admin!.userId } });
      const matter = await tx.councilMatter.create({
        data: { tenantId, councilMeetingId: meeting.id, title: '关于年度行业发展报告编制经费的议题', majorCategory: 'spending', preReviewedAt: new Date(`${early('01-15')}T02:00:00Z`), preReviewOpinion: '同意提交理事会审议', decision: 'approved', decidedAt: new Date(`${early('01-20')}T04:00:00Z`), votesFor: 9 },
      });
      const expense = (e: { title: string; category: string; amountFen: number; purpose: string; spentOn: string; headCount?: number; decision?: string; status?: string }) =>
        tx.expense.create({
          data: {
            tenantId,
            title: e.title,
            category: e.category,
            amountFen: e.amountFen,
            purpose: e.purpose,
            headCount: e.headCount ?? null,
            perPersonFen: e.headCount ? Math.round(e.amountFen / e.headCount) : null,
            spentOn: dayToDate(e.spentOn),
            collectiveDecisionId: e.decision ?? null,
            status: e.status ?? 'pending',
            decidedById: e.status ? (admin?.userId ?? null) : null,
            decidedAt: e.status ? new Date() : null,
            createdById: finance?.userId ?? null,
          },
        });
      await expense({ title: '年度行业发展报告编制', category: 'project', amountFen: 12_000_000, purpose: '委托研究机构编制年度行业发展报告', spentOn: early('02-28'), decision: matter.id, status: 'approved' });
      await expense({ title: '办公用品采购', category: 'office', amountFen: 356_000, purpose: '秘书处日常办公用品', spentOn: early('03-05'), status: 'approved' });
      await expense({ title: '接待兄弟协会调研', category: 'reception', amountFen: 96_000, purpose: '接待省外兄弟协会来访调研工作餐', headCount: 8, spentOn: early('04-12') });
    });
  }
}
