import type { RawTx } from '../../db/tenant-scope.ts';
import { zonedInstant } from './calls.ts';

/** One open call in the first demo association, so that members can apply right away. */
export async function seedReviewDemo(tx: RawTx) {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const admin = await tx.user.findUniqueOrThrow({ where: { email: 'admin@demo.test' } });
  const year = new Date().getUTCFullYear() + 1;
  await tx.projectCall.create({
    data: {
      tenantId: tenant.id,
      title: `${year} 年度行业科技创新项目申报`,
      description: '面向会员单位征集新能源与智能制造领域的科技创新项目，经形式审查和专家评审后择优立项。',
      commissioner: 'government',
      fieldTags: ['新能源', '智能制造'],
      formFields: [
        { key: 'f1', label: '项目预算（万元）', type: 'number', required: true, options: [] },
        { key: 'f2', label: '项目简介', type: 'textarea', required: true, options: [] },
      ],
      materials: [{ key: 'm1', label: '项目申报书', formats: ['pdf'], required: true, maxKb: 700 }],
      eligibility: { regions: [], requireCreditCode: true },
      deadline: zonedInstant(`${year}-12-31T17:00:00`, tenant.timeZone),
      status: 'open',
      rubric: [
        { key: 'r1', label: '创新性', weight: 30, min: 0, max: 10 },
        { key: 'r2', label: '可行性', weight: 40, min: 0, max: 10 },
        { key: 'r3', label: '预期效益', weight: 30, min: 0, max: 10 },
      ],
      aggregation: 'mean',
      avoidance: { sameRegion: false, onePerEmployer: true, employers: [] },
      createdById: admin.id,
    },
  });
}
