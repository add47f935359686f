import { creditCodeCheckChar } from '#schema/members/credit-code.ts';
import type { Database } from '../../db/database.ts';
import { systemWrite } from '../../db/tenant-scope.ts';
import { dayToDate, plusDays, termEnd, todayIn } from './dates.ts';

/** A valid code from its first 17 characters. */
export const withCheckChar = (first17: string) => first17 + creditCodeCheckChar(first17);

const levels = [
  { name: '会长单位', nameEn: 'President member', duesFen: 10_000_000, sortOrder: 1 },
  { name: '副会长单位', nameEn: 'Vice-president member', duesFen: 5_000_000, sortOrder: 2 },
  { name: '理事单位', nameEn: 'Council member', duesFen: 2_000_000, sortOrder: 3 },
  { name: '会员单位', nameEn: 'Member company', duesFen: 500_000, sortOrder: 4 },
];

const companies = [
  { name: '华东智能制造股份有限公司', code: '91310000MA1FL0001', level: 0, industry: '制造业', region: '上海', joinedAgo: 300 },
  { name: '江南新材料科技有限公司', code: '91320500MA1XY0002', level: 1, industry: '新材料', region: '苏州', joinedAgo: 200 },
  { name: '西部绿色能源集团有限公司', code: '91510100MA6CD0003', level: 2, industry: '能源', region: '成都', joinedAgo: 330 },
  { name: '北方精密仪器有限公司', code: '91110108MA01A0004', level: 3, industry: '仪器仪表', region: '北京', joinedAgo: 90 },
  { name: '岭南生物医药有限公司', code: '91440101MA5CB0005', level: 3, industry: '生物医药', region: '广州', joinedAgo: 380 },
];

/** Demo levels and member companies in each demo association (called by the demo seed). */
export async function seedMembers(db: Database) {
  const tenants = await db.prisma.tenant.findMany({ where: { slug: { in: ['demo', 'demo2'] } }, orderBy: { slug: 'asc' } });
  for (const [ti, tenant] of tenants.entries()) {
    await systemWrite(db.prisma, { actorId: null, tenantId: tenant.id }, async (tx) => {
      // The demo member login represents the first company.
      const account = await tx.user.findUnique({ where: { email: `member@${ti === 0 ? 'demo.test' : 'demo2.test'}` }, select: { id: true } });
      const created = [];
      for (const l of levels) created.push(await tx.membershipLevel.create({ data: { ...l, tenantId: tenant.id } }));
      const today = todayIn(tenant.timeZone);
      for (const [i, c] of companies.entries()) {
        if (ti === 1 && i > 1) break;
        const joinedOn = plusDays(today, -c.joinedAgo);
        const expiresOn = termEnd(joinedOn, 12);
        const member = await tx.member.create({
          data: {
            tenantId: tenant.id,
            name: ti === 0 ? c.name : `${c.region}学会会员单位${i + 1}`,
            creditCode: withCheckChar(ti === 0 ? c.code : c.code.replace('MA', 'MB')),
            levelId: created[c.level].id,
            status: expiresOn < today ? 'grace' : 'active',
            industry: c.industry,
            region: c.region,
            joinedOn: dayToDate(joinedOn),
            expiresOn: dayToDate(expiresOn),
            accountUserId: i === 0 ? (account?.id ?? null) : null,
          },
        });
        await tx.memberContact.create({ data: { tenantId: tenant.id, memberId: member.id, name: ['张伟', '李娜', '王强', '刘洋', '陈静'][i], title: '会员联络人', phone: `1380000000${i}`, isPrimary: true } });
        await tx.memberCertificate.create({
          data: { tenantId: tenant.id, memberId: member.id, name: '安全生产许可证', number: `（沪）JZ安许证字〔2024〕00${i}`, issuer: '省住房和城乡建设厅', expiresOn: dayToDate(plusDays(today, [25, 55, 200, 6, 400][i])) },
        });
      }
    });
  }
}
