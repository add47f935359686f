import { roles, type Role } from '#schema/roles.ts';
import type { Database } from '../db/database.ts';
import { systemWrite } from '../db/tenant-scope.ts';
import { seedMembers } from '../modules/members/seed.ts';
import { seedFinanceDemo } from '../modules/finance/seed.ts';
import { hashPassword } from '../modules/auth/tokens.ts';
import { seedMeetingsDemo } from '../modules/meetings/seed.ts';
import { seedExpertPool } from '../modules/experts/seed.ts';
import { seedReviewDemo } from '../modules/reviews/seed.ts';
import { seedCreditDemo } from '../modules/credit/seed.ts';
import { seedIntegrityDemo } from '../modules/integrity/seed.ts';

export const DEMO_PASSWORD = 'demo12345';

const demoTenants = [
  {
    slug: 'demo',
    domain: 'demo.test',
    name: '中国示范行业协会',
    nameEn: 'China Demo Industry Association',
    about: {
      'zh-CN': '中国示范行业协会是由本行业企业、事业单位自愿结成的全国性、行业性社会团体，接受业务主管单位的业务指导和监督管理。\n\n协会坚持党的全面领导，围绕行业自律、标准制定、会员服务和国际合作开展工作，现有会员单位三百余家。',
      en: 'China Demo Industry Association is a national, non-profit association formed voluntarily by enterprises and institutions of the industry.\n\nIt works on self-regulation, group standards, member services and international cooperation, and has over three hundred member organisations.',
    },
  },
  {
    slug: 'demo2',
    domain: 'demo2.test',
    name: '华东示范学会',
    nameEn: 'East China Demo Society',
    about: {
      'zh-CN': '华东示范学会是由科技工作者自愿组成的学术性社会团体，致力于学术交流、科学普及和人才举荐。',
      en: 'East China Demo Society is a learned society of scientists and engineers, devoted to scholarly exchange, science outreach and recognising talent.',
    },
  },
];

const demoNames: Record<Role, [string, string]> = {
  admin: ['王建国（秘书长）', '张丽华（秘书长）'],
  secretariat: ['李敏（会员服务部）', '赵静（秘书处）'],
  compliance: ['陈刚（合规管理部）', '周洁（合规）'],
  finance: ['刘芳（财务）', '吴强（财务）'],
  party: ['孙红（党支部书记）', '郑伟（党支部书记）'],
  council: ['黄志明（理事长）', '何平（理事长）'],
  expert: ['林海（专家）', '高远（专家）'],
  member: ['马骏（会员单位联系人）', '罗兰（会员单位联系人）'],
};

/**
 * Two demo associations, one user per role in each (<role>@demo.test, <role>@demo2.test, password
 * demo12345), and one expert who serves both. Runs only on an empty database.
 */
export async function seedDemo(db: Database): Promise<boolean> {
  if ((await db.prisma.tenant.count()) > 0) return false;
  // One hash for every demo account: argon2 is slow by design, and they share a password anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seeded = await systemWrite(db.prisma, { actorId: null, tenantId: null }, async (tx) => {
    // Instances starting together on one empty database: the first seeds, the others find it done.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('xiehui:seed-demo'))::text`;
    if ((await tx.tenant.count()) > 0) return false;
    for (const [i, t] of demoTenants.entries()) {
      const tenant = await tx.tenant.create({ data: { slug: t.slug, name: t.name, nameEn: t.nameEn, about: t.about } });
      let adminId = '';
      for (const role of roles) {
        const user = await tx.user.create({ data: { email: `${role}@${t.domain}`, name: demoNames[role][i], passwordHash } });
        await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role } });
        if (role === 'admin') adminId = user.id;
      }
      await tx.note.create({
        data: { tenantId: tenant.id, title: i === 0 ? '2027 年度工作计划（草稿）' : '学术年会筹备笔记', createdById: adminId },
      });
    }
    const shared = await tx.user.findUniqueOrThrow({ where: { email: 'expert@demo.test' } });
    const second = await tx.tenant.findUniqueOrThrow({ where: { slug: 'demo2' } });
    await tx.membership.create({ data: { tenantId: second.id, userId: shared.id, role: 'expert' } });
    await seedExpertPool(tx);
    await seedReviewDemo(tx);
    return true;
  });
  // The modules' demo data, once the associations and their people exist.
  if (!seeded) return false;
  await seedMembers(db);
  await seedMeetingsDemo(db);
  await seedCreditDemo(db);
  await seedFinanceDemo(db);
  await seedIntegrityDemo(db);
  return true;
}
