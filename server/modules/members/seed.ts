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
      const members: { id: string; name: string }[] = [];
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
        members.push(member);
        await tx.memberCertificate.create({
          data: { tenantId: tenant.id, memberId: member.id, name: '安全生产许可证', number: `（沪）JZ安许证字〔2024〕00${i}`, issuer: '省住房和城乡建设厅', expiresOn: dayToDate(plusDays(today, [25, 55, 200, 6, 400][i])) },
        });
      }
      if (ti === 0) await seedTargeting(tx, tenant.id, members);
    });
  }
}

type SeedTx = Parameters<Parameters<typeof systemWrite>[2]>[0];

/** Tags by category, and the demo companies (by seed order) carrying each. */
const demoTags: { name: string; category: string; companies: number[] }[] = [
  { name: '智能制造', category: 'industry', companies: [0, 3] },
  { name: '新材料', category: 'industry', companies: [1] },
  { name: '新能源', category: 'industry', companies: [2] },
  { name: '生物医药', category: 'industry', companies: [4] },
  { name: '华东', category: 'region', companies: [0, 1] },
  { name: '西南', category: 'region', companies: [2] },
  { name: '华北', category: 'region', companies: [3] },
  { name: '华南', category: 'region', companies: [4] },
  { name: '大型企业', category: 'size', companies: [0, 2] },
  { name: '中小企业', category: 'size', companies: [1, 3, 4] },
  { name: '融资需求', category: 'needs', companies: [1, 3] },
  { name: '人才培训', category: 'needs', companies: [0, 1, 4] },
  { name: '标准制定', category: 'needs', companies: [0, 2] },
  { name: '出口合规', category: 'needs', companies: [4] },
];

/**
 * Demo tags on the demo companies, and one targeted push already sent to 人才培训: the first
 * company (the member@demo.test login) has read it, the second (through its contact's account) has
 * it unread, the fifth has no account to deliver to.
 */
async function seedTargeting(tx: SeedTx, tenantId: string, members: { id: string; name: string }[]) {
  const tags = new Map<string, string>();
  for (const t of demoTags) {
    const tag = await tx.memberTag.create({ data: { tenantId, name: t.name, category: t.category } });
    tags.set(t.name, tag.id);
    await tx.memberTagging.createMany({ data: t.companies.filter((i) => members[i]).map((i) => ({ tenantId, memberId: members[i].id, tagId: tag.id })) });
  }
  // The second company's contact has an account of her own (no password: she is reached in the app, not a demo login).
  const email = 'zhaomin@jiangnan-materials.example';
  const contact = (await tx.user.findUnique({ where: { email }, select: { id: true, name: true } })) ?? (await tx.user.create({ data: { email, name: '赵敏（江南新材料）' }, select: { id: true, name: true } }));
  await tx.membership.upsert({ where: { tenantId_userId: { tenantId, userId: contact.id } }, create: { tenantId, userId: contact.id, role: 'member' }, update: {} });
  await tx.memberContact.create({ data: { tenantId, memberId: members[1].id, name: '赵敏', title: '技术总监', email, isPrimary: false } });
  const [sender, account] = await Promise.all(['secretariat@demo.test', 'member@demo.test'].map((e) => tx.user.findUnique({ where: { email: e }, select: { id: true, name: true } })));
  if (!sender || !account) return;
  const sentAt = new Date(Date.now() - 2 * 24 * 3600_000);
  const readAt = new Date(sentAt.getTime() + 3 * 3600_000);
  const push = await tx.memberPush.create({
    data: {
      tenantId,
      title: '2026年度会员企业数字化人才培训班报名通知',
      body: '各会员单位：\n协会定于下月在上海举办数字化人才培训班（两期，每期 3 天），内容包括智能制造标准解读、数据合规与企业数字化转型案例。请有需求的会员单位于本月 25 日前报名，每家单位限 3 人。',
      kind: 'training',
      link: '/meetings',
      query: { mode: 'any', tags: [{ id: tags.get('人才培训')!, name: '人才培训' }] },
      sentById: sender.id,
      sentByName: sender.name,
      sentAt,
    },
  });
  const link = `/members/notices/${push.id}`;
  const recipients = [
    { member: members[0], userIds: [account.id], readAt, readBy: account },
    { member: members[1], userIds: [contact.id], readAt: null, readBy: null },
    { member: members[4], userIds: [], readAt: null, readBy: null },
  ];
  for (const r of recipients) {
    await tx.memberPushRecipient.create({
      data: { tenantId, pushId: push.id, memberId: r.member.id, memberName: r.member.name, userIds: r.userIds, deliveredAt: r.userIds.length ? sentAt : null, readAt: r.readAt, readById: r.readBy?.id ?? null, readByName: r.readBy?.name ?? null },
    });
  }
  await tx.notification.createMany({
    data: recipients.flatMap((r) => r.userIds.map((userId) => ({ tenantId, userId, kind: 'member.push.training', title: `【培训】${push.title}`, body: push.body.slice(0, 200), link, readAt: r.readAt, createdAt: sentAt }))),
  });
}
