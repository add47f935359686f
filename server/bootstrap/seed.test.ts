import { afterEach, expect, it } from 'vitest';
import { migrate } from '../db/migrate.ts';
import { createTestDatabase } from '../testing/harness.ts';
import { seedDemo } from './seed.ts';

let drop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await drop?.();
  drop = undefined;
});

it('seeds the demo associations once when two instances start together on an empty database', async () => {
  const test = await createTestDatabase();
  drop = test.drop;
  await migrate(test.db);
  const results = await Promise.all([seedDemo(test.db), seedDemo(test.db)]);
  expect(results.sort()).toEqual([false, true]);
  const tenants = await test.db.prisma.tenant.findMany({ select: { slug: true }, orderBy: { slug: 'asc' } });
  expect(tenants.map((t) => t.slug)).toEqual(['demo', 'demo2']);
  expect(await seedDemo(test.db)).toBe(false);
});
