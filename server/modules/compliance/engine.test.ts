import { describe, expect, it } from 'vitest';
import { defaultRules } from './defaults.ts';
import type { DomainEvents } from '#schema/events.ts';
import { extractors, matches } from './engine.ts';

const rule = (key: string) => defaultRules.find((r) => r.key === key)!.conditions;
const expense = (o: Partial<DomainEvents['expense.created']>) =>
  extractors['expense.created']({ tenantId: 't', id: 'e1', title: '支出', purpose: '', category: 'office', amountFen: 100_000, perPersonFen: null, collectiveDecisionId: null, actorId: null, ...o }).facts;
const charge = (feeItemApproved: boolean) =>
  extractors['fee.charged']({ tenantId: 't', id: 'c1', feeItemId: 'f1', feeItemKey: 'training', title: '培训费', feeItemApproved, amountFen: 80_000, memberId: null, actorId: null }).facts;
const meeting = (scenicArea: boolean) =>
  extractors['meeting.scheduled']({ tenantId: 't', meetingId: 'm1', title: '年会', format: 'onsite', startsAt: '2027-05-01T01:00:00Z', endsAt: '2027-05-01T09:00:00Z', venue: { name: '黄山风景区酒店', address: null, scenicArea }, actorId: null }).facts;

describe('seed rules', () => {
  it('expense above 50,000 yuan without a collective decision: fires, and not with a decision or below the line', async () => {
    expect(await matches(rule('expense_without_decision'), expense({ amountFen: 6_000_000 }))).toBe(true);
    expect(await matches(rule('expense_without_decision'), expense({ amountFen: 6_000_000, collectiveDecisionId: 'd1' }))).toBe(false);
    expect(await matches(rule('expense_without_decision'), expense({ amountFen: 5_000_000 }))).toBe(false);
  });

  it('meeting in a scenic area: fires only for a venue flagged scenic, not for online meetings', async () => {
    expect(await matches(rule('scenic_venue'), meeting(true))).toBe(true);
    expect(await matches(rule('scenic_venue'), meeting(false))).toBe(false);
    const online = extractors['meeting.scheduled']({ tenantId: 't', meetingId: 'm2', title: '线上会', format: 'online', startsAt: '', endsAt: '', venue: null, actorId: null }).facts;
    expect(await matches(rule('scenic_venue'), online)).toBe(false);
  });

  it('charge against an unapproved fee item: fires, and not for an approved one', async () => {
    expect(await matches(rule('unapproved_fee'), charge(false))).toBe(true);
    expect(await matches(rule('unapproved_fee'), charge(true))).toBe(false);
  });

  it('reception above 150 yuan a head: fires, not at the standard or for other categories', async () => {
    expect(await matches(rule('reception_over_standard'), expense({ category: 'reception', perPersonFen: 22_000 }))).toBe(true);
    expect(await matches(rule('reception_over_standard'), expense({ category: 'reception', perPersonFen: 15_000 }))).toBe(false);
    expect(await matches(rule('reception_over_standard'), expense({ category: 'travel', perPersonFen: 90_000 }))).toBe(false);
  });

  it('council member paid by a member company without a declaration: fires, not once declared or for staff', async () => {
    const f = (o: Pick<DomainEvents['parttime.payment.recorded'], 'role' | 'payerIsMember' | 'declarationFiled'>) =>
      extractors['parttime.payment.recorded']({ tenantId: 't', id: 'p1', title: '兼职取酬', userId: 'u1', payerMemberId: 'm1', amountFen: 500_000, actorId: null, ...o }).facts;
    expect(await matches(rule('council_paid_without_declaration'), f({ role: 'council', payerIsMember: true, declarationFiled: false }))).toBe(true);
    expect(await matches(rule('council_paid_without_declaration'), f({ role: 'council', payerIsMember: true, declarationFiled: true }))).toBe(false);
    expect(await matches(rule('council_paid_without_declaration'), f({ role: 'secretariat', payerIsMember: true, declarationFiled: false }))).toBe(false);
  });

  it('party meeting attendance below 80%: fires at 79%, not at 80%', async () => {
    const f = (attendanceRate: number) => extractors['party.meeting.recorded']({ tenantId: 't', partyMeetingId: 'p', kind: '支部党员大会', title: '支部党员大会', heldOn: '2026-11-20', attendanceRate, actorId: null }).facts;
    expect(await matches(rule('party_attendance_below_80'), f(0.79))).toBe(true);
    expect(await matches(rule('party_attendance_below_80'), f(0.8))).toBe(false);
  });
});
