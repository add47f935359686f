import type { z } from 'zod';
import type { RuleInput } from '#schema/compliance/api.ts';

/**
 * The seed's cases as rules (the "三严禁" library): each association starts with these and its
 * compliance officers change them as data.
 */
export const defaultRules: z.input<typeof RuleInput>[] = [
  {
    key: 'expense_without_decision',
    name: '大额支出未经集体决策',
    nameEn: 'Large expense without a collective decision',
    description: '单笔支出超过 5 万元且未关联理事会集体决策记录。',
    event: 'expense.created',
    conditions: { all: [{ fact: 'amountFen', operator: 'greaterThan', value: 5_000_000 }, { fact: 'collectiveDecisionId', operator: 'equal', value: null }] },
    severity: 'high',
    ownerRole: 'compliance',
    slaHours: 48,
  },
  {
    key: 'scenic_venue',
    name: '风景名胜区办会',
    nameEn: 'Meeting in a scenic area',
    description: '会议地点位于风景名胜区（景区办会）。',
    event: 'meeting.scheduled',
    conditions: { all: [{ fact: 'scenicArea', operator: 'equal', value: true }] },
    severity: 'high',
    ownerRole: 'compliance',
    slaHours: 72,
  },
  {
    key: 'unapproved_fee',
    name: '违规收费（收费项目未经批准）',
    nameEn: 'Charge against an unapproved fee item',
    description: '收取的费用不在已批准、已公示的收费标准之内。',
    event: 'fee.charged',
    conditions: { all: [{ fact: 'feeItemApproved', operator: 'equal', value: false }] },
    severity: 'critical',
    ownerRole: 'compliance',
    slaHours: 24,
  },
  {
    key: 'reception_over_standard',
    name: '超标接待',
    nameEn: 'Reception above standard',
    description: '接待费人均超过 150 元标准。',
    event: 'expense.created',
    conditions: { all: [{ fact: 'category', operator: 'equal', value: 'reception' }, { fact: 'perPersonFen', operator: 'greaterThan', value: 15_000 }] },
    severity: 'medium',
    ownerRole: 'compliance',
    slaHours: 72,
  },
  {
    key: 'council_paid_without_declaration',
    name: '理事在会员单位兼职取酬未申报',
    nameEn: 'Council member paid by a member company without a declaration',
    description: '理事会成员从会员单位领取报酬，但未提交兼职申报备案。',
    event: 'parttime.payment.recorded',
    conditions: { all: [{ fact: 'role', operator: 'equal', value: 'council' }, { fact: 'payerIsMember', operator: 'equal', value: true }, { fact: 'declarationFiled', operator: 'equal', value: false }] },
    severity: 'high',
    ownerRole: 'compliance',
    slaHours: 72,
  },
  {
    key: 'party_attendance_below_80',
    name: '党员参会率低于 80%',
    nameEn: 'Party meeting attendance below 80%',
    description: '三会一课参会率低于民政部要求的 80%。',
    event: 'party.meeting.recorded',
    conditions: { all: [{ fact: 'attendanceRate', operator: 'lessThan', value: 0.8 }] },
    severity: 'medium',
    ownerRole: 'party',
    slaHours: 168,
  },
];
