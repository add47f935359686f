import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let finance: ApiClient;
let officer: ApiClient;
let secretariat: ApiClient;
const seen: { [K in 'fee.charged' | 'dues.paid' | 'expense.created' | 'expense.approved']: DomainEvents[K][] } = { 'fee.charged': [], 'dues.paid': [], 'expense.created': [], 'expense.approved': [] };

async function until<T>(fn: () => Promise<T | undefined | null | false>, what: string, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alerts = async (rule: string) => ((await officer.get('/api/v1/compliance/alerts')).body.items as { ruleKey: string; summary: string; facts: Record<string, unknown> }[]).filter((a) => a.ruleKey === rule);
const fees = async () => (await finance.get('/api/v1/finance/fee-items')).body.items as { id: string; key: string; status: string; approval: unknown }[];
const members = async () => (await finance.get('/api/v1/members?limit=100')).body.items as { id: string; name: string; status: string; expiresOn: string }[];

beforeAll(async () => {
  server = await startTestServer();
  finance = await loginAs(server, 'finance@demo.test', { language: 'zh-CN' });
  officer = await loginAs(server, 'compliance@demo.test', { language: 'zh-CN' });
  secretariat = await loginAs(server, 'secretariat@demo.test', { language: 'zh-CN' });
  for (const name of Object.keys(seen) as (keyof typeof seen)[]) server.services.events.on(name, (d) => void (seen[name] as unknown[]).push(d));
});
afterAll(() => server?.stop());

describe('fee items: only approved standards can be charged', () => {
  it('charging an unapproved item is refused, names the item, and raises the unapproved-fee alert', async () => {
    const item = (await fees()).find((f) => f.key === 'ranking_service')!;
    expect(item.status).toBe('draft');
    const member = (await members())[0];
    const res = await finance.post('/api/v1/finance/invoices', { memberId: member.id, feeItemId: item.id, dueOn: '2030-06-30' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toContain('行业排名评比服务费');
    expect(res.body.error.details.reason).toContain('未经批准');
    // Nothing was charged…
    expect((await finance.get(`/api/v1/finance/invoices?memberId=${member.id}`)).body.items.some((i: { feeItemId: string }) => i.feeItemId === item.id)).toBe(false);
    // …and compliance hears of it.
    expect(seen['fee.charged'].at(-1)).toMatchObject({ feeItemId: item.id, feeItemApproved: false, memberId: member.id });
    const [alert] = await until(async () => (await alerts('unapproved_fee')).length > 0 && alerts('unapproved_fee'), 'the unapproved_fee alert');
    expect(alert.summary).toContain(member.name);
    expect(alert.facts).toMatchObject({ feeItemKey: 'ranking_service', feeItemApproved: false });
    // The alert points to the refused charge, which finance can open.
    const refusal = (await finance.get(`/api/v1/finance/refused-charges/${seen['fee.charged'].at(-1)!.id}`)).body;
    expect(refusal).toMatchObject({ feeItemName: '行业排名评比服务费', memberName: member.name, amountFen: 2_000_000, by: expect.stringContaining('财务') });
    expect((alert as unknown as { link: string }).link).toBe(`/finance/invoices/${refusal.id}`);
  });

  it('once its approval is recorded (who, when, decision), the same charge goes through and raises nothing', async () => {
    const item = (await fees()).find((f) => f.key === 'ranking_service')!;
    // Only finance, the secretariat and the secretary-general record approvals.
    expect((await officer.post(`/api/v1/finance/fee-items/${item.id}/approval`, { decisionRef: 'x' })).status).toBe(403);
    const approved = await secretariat.post(`/api/v1/finance/fee-items/${item.id}/approval`, { decisionRef: '三届六次理事会决议〔2026〕5号' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approval: { decisionRef: '三届六次理事会决议〔2026〕5号', by: (await secretariat.get('/api/v1/auth/session')).body.user.name } });
    const member = (await members())[1];
    const before = (await alerts('unapproved_fee')).length;
    const res = await finance.post('/api/v1/finance/invoices', { memberId: member.id, feeItemId: item.id, dueOn: '2030-06-30' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'unpaid', amountFen: 2_000_000, memberName: member.name, kind: 'other' });
    expect(seen['fee.charged'].at(-1)).toMatchObject({ id: res.body.id, feeItemApproved: true });
    await new Promise((r) => setTimeout(r, 500));
    expect((await alerts('unapproved_fee')).length).toBe(before);

    // Changing an approved standard withdraws the approval: it must be approved again.
    const changed = await finance.request('PUT', `/api/v1/finance/fee-items/${item.id}`, { key: 'ranking_service', name: '行业排名评比服务费', kind: 'service', amountFen: 3_000_000, unit: '元/家', basisDocument: '调价方案' });
    expect(changed.body).toMatchObject({ status: 'draft', approval: null });
  });
});

describe('dues for a period', () => {
  it('are generated for every member on the roll in one transaction: all of them, or none', async () => {
    const preview = (await finance.post('/api/v1/finance/dues-runs/preview', { period: '2031' })).body;
    expect(preview.feeItem.status).toBe('approved');
    const roll = (await members()).filter((m) => m.status === 'active' || m.status === 'grace');
    expect(preview.members.map((m: { memberId: string }) => m.memberId).sort()).toEqual(roll.map((m) => m.id).sort());
    expect(preview.members.length).toBeGreaterThan(2);
    const last = preview.members.at(-1);

    // Meanwhile a colleague invoices one of them.
    expect((await finance.post('/api/v1/finance/dues-runs', { period: '2031', dueOn: '2031-03-31', memberIds: [last.memberId] })).body.created).toBe(1);

    // The run from the stale preview reaches that member last, fails, and leaves nothing behind.
    const stale = await finance.post('/api/v1/finance/dues-runs', { period: '2031', dueOn: '2031-03-31', memberIds: preview.members.map((m: { memberId: string }) => m.memberId) });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.reason).toContain(last.name);
    const afterFailure = (await finance.get('/api/v1/finance/invoices?period=2031')).body.items;
    expect(afterFailure.map((i: { memberId: string }) => i.memberId)).toEqual([last.memberId]);

    // A fresh preview leaves that member out; the run invoices the rest, each at its level's dues.
    const again = (await finance.post('/api/v1/finance/dues-runs/preview', { period: '2031' })).body;
    expect(again.alreadyInvoiced).toBe(1);
    expect(again.members).toHaveLength(preview.members.length - 1);
    const run = await finance.post('/api/v1/finance/dues-runs', { period: '2031', dueOn: '2031-03-31' });
    expect(run.status).toBe(201);
    expect(run.body).toEqual({ period: '2031', created: preview.members.length - 1, totalFen: again.totalFen });
    const all = (await finance.get('/api/v1/finance/invoices?period=2031')).body.items as { memberId: string; amountFen: number; number: string; status: string }[];
    expect(all).toHaveLength(preview.members.length);
    expect(new Set(all.map((i) => i.number)).size).toBe(all.length);
    for (const m of preview.members) expect(all.find((i) => i.memberId === m.memberId)?.amountFen).toBe(m.amountFen);

    // Nothing left to invoice for the period.
    const empty = await finance.post('/api/v1/finance/dues-runs', { period: '2031', dueOn: '2031-03-31' });
    expect([empty.status, empty.body.error.details.reason]).toEqual([409, '本期没有需要开具会费账单的会员单位。']);
  });
});

describe('payments', () => {
  it('partial payments add up: unpaid → partially paid → paid (已缴), dues.paid once, and the membership is renewed', async () => {
    const invoice = (await finance.get('/api/v1/finance/invoices?period=2031')).body.items[0];
    const member = (await members()).find((m) => m.id === invoice.memberId)!;
    const half = Math.floor(invoice.amountFen / 2);

    const over = await finance.post(`/api/v1/finance/invoices/${invoice.id}/payments`, { amountFen: invoice.amountFen + 1, method: 'bank_transfer', reference: 'X', paidOn: '2031-02-01' });
    expect(over.status).toBe(422);

    const first = await finance.post(`/api/v1/finance/invoices/${invoice.id}/payments`, { amountFen: half, method: 'bank_transfer', reference: 'ICBC-0001', paidOn: '2031-02-01' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'partially_paid', paidFen: half, outstandingFen: invoice.amountFen - half, paidOn: null });
    expect(seen['dues.paid'].filter((e) => e.invoiceId === invoice.id)).toHaveLength(0);

    // Two clerks record the rest at the same moment: one of them counts.
    const rest = { amountFen: invoice.amountFen - half, method: 'cash', reference: 'RCPT-02', paidOn: '2031-04-02' };
    const both = await Promise.all([finance.post(`/api/v1/finance/invoices/${invoice.id}/payments`, rest), finance.post(`/api/v1/finance/invoices/${invoice.id}/payments`, rest)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const paid = (await finance.get(`/api/v1/finance/invoices/${invoice.id}`)).body;
    expect(paid).toMatchObject({ status: 'paid', paidFen: invoice.amountFen, outstandingFen: 0, paidOn: '2031-04-02' });
    expect(paid.payments.map((p: { method: string; reference: string; recordedBy: string }) => [p.method, p.reference, p.recordedBy])).toEqual([
      ['bank_transfer', 'ICBC-0001', expect.any(String)],
      ['cash', 'RCPT-02', expect.any(String)],
    ]);

    const more = await finance.post(`/api/v1/finance/invoices/${invoice.id}/payments`, { amountFen: 1, method: 'cash', reference: 'late', paidOn: '2031-04-03' });
    expect(more.status).toBe(409);
    expect(more.body.error.details.reason).toContain('已缴');

    const events = seen['dues.paid'].filter((e) => e.invoiceId === invoice.id);
    expect(events).toEqual([expect.objectContaining({ memberId: invoice.memberId, amountFen: invoice.amountFen, dueOn: '2031-03-31', paidOn: '2031-04-02', onTime: false })]);
    // The member's term runs on by one term (members' own renewal rules).
    const renewed = await until(async () => {
      const m = (await members()).find((x) => x.id === member.id)!;
      return m.expiresOn !== member.expiresOn && m;
    }, 'the renewal');
    expect(renewed.expiresOn > member.expiresOn).toBe(true);
  });

  it('a void invoice takes no payments; an invoice with payments cannot be voided', async () => {
    const [a, b] = (await finance.get('/api/v1/finance/invoices?period=2031&status=unpaid')).body.items;
    await finance.post(`/api/v1/finance/invoices/${a.id}/payments`, { amountFen: 100, method: 'cash', reference: 'R', paidOn: '2031-01-10' });
    expect((await finance.post(`/api/v1/finance/invoices/${a.id}/void`, { reason: '重复' })).status).toBe(409);
    const voided = await finance.post(`/api/v1/finance/invoices/${b.id}/void`, { reason: '会员已退会' });
    expect(voided.body).toMatchObject({ status: 'void', voidReason: '会员已退会', outstandingFen: 0 });
    expect((await finance.post(`/api/v1/finance/invoices/${b.id}/payments`, { amountFen: 100, method: 'cash', reference: 'R', paidOn: '2031-01-10' })).status).toBe(409);
  });

  it('without WeChat Pay configured, online payment says so and offline recording still works', async () => {
    expect((await finance.get('/api/v1/finance/payment-provider')).body).toEqual({ wechatPay: false });
    const [open] = (await finance.get('/api/v1/finance/invoices?status=open')).body.items;
    const res = await finance.post(`/api/v1/finance/invoices/${open.id}/online-order`);
    expect([res.status, res.body.error.details.reason]).toEqual([409, '未配置在线支付。']);
    const notify = await finance.request('POST', '/api/v1/finance/payments/wechat-pay/notify', { id: 'x' });
    expect(notify.status).toBe(404);
  });
});

describe('expenses', () => {
  const body = (over: Record<string, unknown> = {}) => ({ title: '专题调研', category: 'project', amountFen: 6_000_000, purpose: '行业专题调研', spentOn: '2030-05-01', ...over });

  it('above the threshold, approval needs a collective decision of the council; the rule engine flags the expense without one', async () => {
    expect((await finance.get('/api/v1/finance/settings')).body).toEqual({ expenseThresholdFen: 5_000_000 });
    const big = await finance.post('/api/v1/finance/expenses', body());
    expect(big.status).toBe(201);
    expect(big.body).toMatchObject({ status: 'pending', needsDecision: true, collectiveDecision: null });
    expect(seen['expense.created'].at(-1)).toMatchObject({ id: big.body.id, amountFen: 6_000_000, collectiveDecisionId: null });
    await until(async () => (await alerts('expense_without_decision')).some((a) => a.summary === '行业专题调研'), 'the expense_without_decision alert');

    // Finance itself cannot approve it without the decision…
    const refused = await secretariat.post(`/api/v1/finance/expenses/${big.body.id}/decision`, { decision: 'approve' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.reason).toBe('该支出 60,000.00 元超过集体决策标准 50,000.00 元，须先关联理事会集体决策记录。');
    expect((await finance.get(`/api/v1/finance/expenses/${big.body.id}`)).body.status).toBe('pending');
    expect(seen['expense.approved'].some((e) => e.id === big.body.id)).toBe(false);

    // …nor with a council matter that was not decided.
    const undecided = await secretariat.post(`/api/v1/finance/expenses/${big.body.id}/decision`, { decision: 'approve', collectiveDecisionId: '0190a000-0000-7000-8000-000000000001' });
    expect(undecided.status).toBe(422);

    // With the council's decision linked, it is approved, and expense.approved carries the link.
    const [decision] = (await finance.get('/api/v1/finance/council-decisions')).body.items;
    expect(decision.title).toContain('经费');
    const ok = await secretariat.post(`/api/v1/finance/expenses/${big.body.id}/decision`, { decision: 'approve', collectiveDecisionId: decision.id, comment: '按理事会决议执行' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', collectiveDecision: { id: decision.id }, decisionComment: '按理事会决议执行' });
    expect(seen['expense.approved'].filter((e) => e.id === big.body.id)).toEqual([expect.objectContaining({ collectiveDecisionId: decision.id, amountFen: 6_000_000 })]);
    expect((await secretariat.post(`/api/v1/finance/expenses/${big.body.id}/decision`, { decision: 'reject' })).status).toBe(409);
  });

  it('at or below the threshold no decision is needed; the threshold is a setting of the association', async () => {
    const small = (await finance.post('/api/v1/finance/expenses', body({ amountFen: 5_000_000, title: '恰好五万' }))).body;
    expect(small.needsDecision).toBe(false);
    expect((await secretariat.post(`/api/v1/finance/expenses/${small.id}/decision`, { decision: 'approve' })).body.status).toBe('approved');

    expect((await finance.request('PUT', '/api/v1/finance/settings', { expenseThresholdFen: 100_000 })).body).toEqual({ expenseThresholdFen: 100_000 });
    const now = (await finance.post('/api/v1/finance/expenses', body({ amountFen: 200_000, title: '两千元' }))).body;
    expect(now.needsDecision).toBe(true);
    expect((await secretariat.post(`/api/v1/finance/expenses/${now.id}/decision`, { decision: 'approve' })).status).toBe(409);
    expect((await secretariat.post(`/api/v1/finance/expenses/${now.id}/decision`, { decision: 'reject', comment: '请补充理事会决议' })).body.status).toBe('rejected');
    await finance.request('PUT', '/api/v1/finance/settings', { expenseThresholdFen: 5_000_000 });
  });

  it('a reception records guests and the amount per person, and above the standard the reception rule fires', async () => {
    expect((await finance.post('/api/v1/finance/expenses', body({ category: 'reception', amountFen: 100_000 }))).status).toBe(422);
    const dinner = (await finance.post('/api/v1/finance/expenses', body({ category: 'reception', amountFen: 300_000, headCount: 10, purpose: '接待考察团工作餐' }))).body;
    expect(dinner).toMatchObject({ headCount: 10, perPersonFen: 30_000 });
    await until(async () => (await alerts('reception_over_standard')).some((a) => a.summary === '接待考察团工作餐'), 'the reception alert');
  });
});

describe('member self-service', () => {
  it("a member company sees its own invoices only, and cannot pay another's", async () => {
    const member = await loginAs(server, 'member@demo.test', { language: 'zh-CN' });
    const mine = (await member.get('/api/v1/finance/my-invoices')).body;
    expect(mine.member.name).toBe('华东智能制造股份有限公司');
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i: { memberId: string }) => i.memberId === mine.member.id)).toBe(true);
    expect(mine.online).toBe(false);
    // The finance list is not theirs to read.
    expect((await member.get('/api/v1/finance/invoices')).status).toBe(403);
    const others = ((await finance.get('/api/v1/finance/invoices?status=open')).body.items as { id: string; memberId: string }[]).find((i) => i.memberId !== mine.member.id)!;
    expect((await member.post(`/api/v1/finance/my-invoices/${others.id}/online-order`)).status).toBe(404);
    const own = mine.items.find((i: { status: string }) => i.status === 'unpaid' || i.status === 'partially_paid');
    if (own) expect((await member.post(`/api/v1/finance/my-invoices/${own.id}/online-order`)).status).toBe(409);
  });
});
