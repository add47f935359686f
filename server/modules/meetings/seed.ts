import type { Database } from '../../db/database.ts';
import { systemWrite } from '../../db/tenant-scope.ts';
import { newCode } from './service.ts';

/**
 * Demo meetings for the first demo association: one running now (so the dashboard shows live
 * check-ins) and one next week with an agenda, custom fields and a few registrations.
 */
export async function seedMeetingsDemo(db: Database) {
  const tenant = await db.prisma.tenant.findUnique({ where: { slug: 'demo' } });
  if (!tenant) return;
  const users = await db.prisma.user.findMany({ where: { email: { in: ['admin@demo.test', 'member@demo.test', 'expert@demo.test', 'council@demo.test', 'finance@demo.test'] } } });
  const by = (email: string) => users.find((u) => u.email === email)!;
  const hour = 3600_000;
  const now = Date.now();
  await systemWrite(db.prisma, { actorId: null, tenantId: tenant.id }, async (tx) => {
    const live = await tx.meeting.create({
      data: {
        tenantId: tenant.id,
        title: '行业标准化工作交流会',
        description: '交流团体标准制定经验，解读《团体标准管理规定》。',
        format: 'hybrid',
        startsAt: new Date(now - hour),
        endsAt: new Date(now + 2 * hour),
        venueName: '协会报告厅',
        venueAddress: '北京市西城区',
        capacity: 80,
        createdById: by('admin@demo.test').id,
      },
    });
    const next = await tx.meeting.create({
      data: {
        tenantId: tenant.id,
        title: '2027 年会员代表大会',
        description: '审议年度工作报告和财务报告，选举新一届理事会。',
        format: 'hybrid',
        startsAt: new Date(now + 7 * 24 * hour),
        endsAt: new Date(now + 7 * 24 * hour + 4 * hour),
        venueName: '国际会议中心 A 厅',
        venueAddress: '北京市朝阳区',
        capacity: 200,
        requiresApproval: false,
        formFields: [
          { key: 'company', label: '工作单位', type: 'text', required: true },
          { key: 'hotel', label: '需要住宿', type: 'checkbox', required: false },
          { key: 'nights', label: '住宿晚数', type: 'number', required: true, showIf: { field: 'hotel', equals: true } },
        ],
        createdById: by('admin@demo.test').id,
      },
    });
    await tx.meetingAgendaItem.createMany({
      data: [
        { tenantId: tenant.id, meetingId: next.id, position: 0, title: '开幕致辞', speakers: [{ name: '黄志明（理事长）', userId: by('council@demo.test').id, affiliation: null }] },
        { tenantId: tenant.id, meetingId: next.id, position: 1, title: '年度工作报告', speakers: [{ name: '王建国（秘书长）', userId: by('admin@demo.test').id, affiliation: null }] },
        { tenantId: tenant.id, meetingId: next.id, position: 2, title: '选举新一届理事会', speakers: [] },
      ],
    });
    for (const [i, email] of ['member@demo.test', 'expert@demo.test', 'finance@demo.test'].entries()) {
      const u = by(email);
      await tx.meetingRegistration.create({
        data: { tenantId: tenant.id, meetingId: live.id, userId: u.id, name: u.name, email: u.email, status: 'confirmed', code: newCode(), ...(i === 0 ? { checkedInAt: new Date(now - hour / 2), attendedAt: new Date(now - hour / 2) } : {}) },
      });
      await tx.meetingRegistration.create({
        data: { tenantId: tenant.id, meetingId: next.id, userId: u.id, name: u.name, email: u.email, status: 'confirmed', code: newCode(), answers: { company: '示范科技有限公司', hotel: false } },
      });
    }
  });
}
