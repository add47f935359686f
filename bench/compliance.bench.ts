// Rule evaluation cost per business event with 50 active rules watching it: the pure condition
// matching (json-rules-engine) and the whole evaluation as the engine runs it on each event (facts
// stored, every rule's claim and the alerts it raises in one transaction, owners notified), on
// PostgreSQL when it is reachable (else the embedded PGlite). Events are evaluated one after another.
import type { DomainEvents } from '../schema/events.ts';
import { emit, info, percentile, round } from './lib.ts';

process.env.LOG_LEVEL = 'silent';
process.env.TEST_DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres';
const { runInTenant } = await import('../server/db/tenant-scope.ts');
const { extractors, matches } = await import('../server/modules/compliance/engine.ts');
const { evaluateEvent } = await import('../server/modules/compliance/service.ts');
const { loginAs, startTestServer } = await import('../server/testing/harness.ts');

const RULES = 50;
const EVENTS = Number(process.env.BENCH_COMPLIANCE_EVENTS ?? 300);
const categories = ['office', 'travel', 'reception', 'training', 'meeting'];

/** 50 rules over expense facts: thresholds, categories and head-count standards; a few fire on a typical expense. */
function rule(i: number) {
  const threshold = 1_000_000 * (i + 1);
  const conditions =
    i % 3 === 0
      ? { all: [{ fact: 'amountFen', operator: 'greaterThan' as const, value: threshold }, { fact: 'collectiveDecisionId', operator: 'equal' as const, value: null }] }
      : i % 3 === 1
        ? { all: [{ fact: 'category', operator: 'equal' as const, value: categories[i % categories.length] }, { fact: 'perPersonFen', operator: 'greaterThan' as const, value: 10_000 + i * 500 }] }
        : { any: [{ fact: 'category', operator: 'in' as const, value: ['gift', 'entertainment'] }, { all: [{ fact: 'amountFen', operator: 'greaterThanInclusive' as const, value: threshold }, { fact: 'category', operator: 'notEqual' as const, value: 'office' }] }] };
  return { key: `bench_rule_${i}`, name: `压测规则 ${i}`, event: 'expense.created' as const, conditions, severity: 'low' as const, slaHours: 72 };
}

const expense = (i: number): DomainEvents['expense.created'] => ({
  tenantId: '',
  id: `bench-expense-${i}`,
  title: `支出 ${i}`,
  purpose: '压测',
  category: categories[i % categories.length],
  amountFen: 200_000 + ((i * 7919) % 60) * 100_000,
  perPersonFen: i % categories.length === 2 ? 12_000 + (i % 10) * 1_000 : null,
  collectiveDecisionId: i % 4 === 0 ? 'decision' : null,
  actorId: null,
});

const server = await startTestServer({ LOGIN_MAX_PER_IP: '100000' });
try {
  const compliance = await loginAs(server, 'compliance@demo.test');
  for (let i = 0; i < RULES; i++) {
    const res = await compliance.post('/api/v1/compliance/rules', rule(i));
    if (res.status !== 201) throw new Error(`rule ${i}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const tenantId = (await server.services.db.prisma.tenant.findUniqueOrThrow({ where: { slug: 'demo' } })).id;
  const active = await runInTenant({ tenantId, actorId: null }, () => server.services.scoped.complianceRule.count({ where: { event: 'expense.created', active: true } }));
  const rules = await runInTenant({ tenantId, actorId: null }, () => server.services.scoped.complianceRule.findMany({ where: { event: 'expense.created', active: true } }));

  const pure: number[] = [];
  let fired = 0;
  for (let i = 0; i < EVENTS; i++) {
    const facts = extractors['expense.created']({ ...expense(i), tenantId }).facts;
    const t = performance.now();
    const verdicts = await Promise.all(rules.map((r) => matches(r.conditions, facts)));
    pure.push(performance.now() - t);
    fired += verdicts.filter(Boolean).length;
  }

  const whole: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const t = performance.now();
    await evaluateEvent(server.services, 'expense.created', { ...expense(i), tenantId });
    whole.push(performance.now() - t);
  }
  const alerts = await runInTenant({ tenantId, actorId: null }, () => server.services.scoped.complianceAlert.count({ where: { event: 'expense.created' } }));
  info(`${active} active rules on expense.created; ${round(fired / EVENTS)} fire per event on average; ${alerts} alerts raised`);
  const counted = whole.slice(20);
  const db = server.services.db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL 15';
  const note = `${active} active rules watching expense.created, ${round(fired / EVENTS)} firing per event on average, ${EVENTS} events one after another`;
  emit({ name: 'compliance.rules.match p50', value: round(percentile(pure, 0.5)), unit: 'ms', note: `${note}; json-rules-engine only` });
  emit({ name: 'compliance.rules.match p99', value: round(percentile(pure, 0.99)), unit: 'ms' });
  emit({ name: 'compliance.evaluate p50', value: round(percentile(counted, 0.5)), unit: 'ms', note: `${note}; facts, claims and alerts in one transaction on ${db}, owners notified; first 20 as warm-up` });
  emit({ name: 'compliance.evaluate p99', value: round(percentile(counted, 0.99)), unit: 'ms' });
} finally {
  await server.stop();
}
