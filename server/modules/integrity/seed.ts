import type { Database } from '../../db/database.ts';
import { systemWrite } from '../../db/tenant-scope.ts';
import { defaultCalendars } from '../disclosures/calendar-defaults.ts';
import { addWorkingDays, calendarOf, REPLY_WORKING_DAYS } from '../disclosures/working-days.ts';
import { todayIn } from '../members/dates.ts';

/** A one-page PDF (ASCII text only: the demo needs no embedded font). */
function tinyPdf(text: string) {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * The first demo association's 信息公开 and 廉政 data: a published 2025 annual report with one
 * answered and one open public question, a few risk points, and one approved and one pending
 * part-time declaration.
 */
export async function seedIntegrityDemo(db: Database) {
  const tenant = await db.prisma.tenant.findUnique({ where: { slug: 'demo' } });
  if (!tenant) return;
  const users = await db.prisma.user.findMany({ where: { email: { in: ['secretariat@demo.test', 'council@demo.test', 'party@demo.test'] } } });
  const by = (email: string) => users.find((u) => u.email === email)!.id;
  const day = 24 * 3600_000;
  const now = Date.now();
  const cal = calendarOf(Object.values(defaultCalendars).flatMap((c) => c.days));
  const due = (askedAt: Date) => {
    const dueOn = addWorkingDays(todayIn(tenant.timeZone, askedAt), REPLY_WORKING_DAYS, cal);
    // The end of that day in Shanghai (UTC+8).
    return { dueOn: new Date(`${dueOn}T00:00:00.000Z`), dueAt: new Date(new Date(`${dueOn}T23:59:59.999+08:00`).getTime()) };
  };
  await systemWrite(db.prisma, { actorId: null, tenantId: tenant.id }, async (tx) => {
    const members = await tx.member.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: 'asc' }, take: 2, select: { id: true, name: true } });
    const content = tinyPdf('China Demo Industry Association - Annual Report 2025');
    const file = await tx.disclosureFile.create({ data: { tenantId: tenant.id, name: '2025年度工作报告.pdf', contentType: 'application/pdf', size: content.length, content, uploadedById: by('secretariat@demo.test') } });
    const report = await tx.disclosure.create({
      data: {
        tenantId: tenant.id,
        kind: 'annual_report',
        title: '中国示范行业协会 2025 年度工作报告',
        year: 2025,
        body: '一、基本情况\n2025 年，本会坚持党建引领，围绕行业自律、标准制定和会员服务开展工作，新发展会员单位 28 家。\n\n二、财务收支\n全年会费收入 486.2 万元，项目收入 132.5 万元；支出 571.3 万元，其中公益支出 45.0 万元。财务报告已经第三方会计师事务所审计。\n\n三、廉政建设\n建立廉政风险台账，开展兼职申报备案，未发现违规收费、景区办会和超标接待问题。',
        status: 'published',
        fileId: file.id,
        publishedAt: new Date(now - 20 * day),
        createdById: by('secretariat@demo.test'),
      },
    });
    const firstAsked = new Date(now - 15 * day);
    await tx.disclosureQuestion.create({
      data: { tenantId: tenant.id, disclosureId: report.id, name: '张明', email: 'zhangming@example.test', question: '会费收入较上年增长的主要原因是什么？', askedAt: firstAsked, ...due(firstAsked), answer: '主要原因是新发展会员单位 28 家，会费标准未作调整。', answeredAt: new Date(now - 12 * day), answeredById: by('secretariat@demo.test') },
    });
    const secondAsked = new Date(now - 2 * day);
    await tx.disclosureQuestion.create({ data: { tenantId: tenant.id, disclosureId: report.id, name: '李华', email: 'lihua@example.test', question: '公益支出 45 万元具体用于哪些项目？能否公开明细？', askedAt: secondAsked, ...due(secondAsked) } });
    await tx.disclosure.create({ data: { tenantId: tenant.id, kind: 'audit_report', title: '2025 年度财务审计报告', year: 2025, body: '（审计报告正文待会计师事务所出具后上传。）', createdById: by('secretariat@demo.test') } });

    const review = (months: number) => new Date(`${todayIn(tenant.timeZone, new Date(now + months * 30 * day))}T00:00:00.000Z`);
    await tx.integrityRiskPoint.createMany({
      data: [
        { tenantId: tenant.id, department: '财务部', post: '会计、出纳', title: '大额资金支付', level: 'high', description: '单笔支出超过 5 万元未经集体决策即付款。', measures: '超过 5 万元须经理事会集体决策；付款双人复核；每月对账。', owner: '刘芳', reviewOn: review(3) },
        { tenantId: tenant.id, department: '会员服务部', post: '入会审核', title: '入会审核把关不严', level: 'medium', description: '为关系单位降低入会标准，或收取审核以外的费用。', measures: '三级审批线上留痕；收费仅限已公示的收费标准。', owner: '李敏', reviewOn: review(6) },
        { tenantId: tenant.id, department: '秘书处', post: '会议活动', title: '景区办会与超标接待', level: 'high', description: '在风景名胜区举办会议，或接待超过人均 150 元标准。', measures: '会议选址由合规部事前审核；接待费按标准报销。', owner: '王建国', reviewOn: review(-1) },
        { tenantId: tenant.id, department: '标准化工作部', post: '标准项目', title: '标准立项中的利益输送', level: 'low', description: '起草单位与评审专家存在利害关系。', measures: '专家回避制度；评审意见公开。', owner: '林海', reviewOn: review(12) },
      ],
    });
    if (members[0]) {
      await tx.partTimeDeclaration.create({
        data: { tenantId: tenant.id, userId: by('council@demo.test'), role: 'council', organisation: members[0].name, position: '独立董事', payerMemberId: members[0].id, paid: true, amountFen: 6_000_000, startOn: new Date('2026-01-01T00:00:00.000Z'), status: 'approved', reviewComment: '同意，报酬须如实申报', reviewedById: by('party@demo.test'), reviewedAt: new Date(now - 30 * day) },
      });
    }
    await tx.partTimeDeclaration.create({
      data: { tenantId: tenant.id, userId: by('secretariat@demo.test'), role: 'secretariat', organisation: members[1]?.name ?? '某科技有限公司', position: '技术顾问', payerMemberId: members[1]?.id ?? null, paid: false, startOn: new Date('2026-12-01T00:00:00.000Z') },
    });
  });
}
