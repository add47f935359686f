import { expect, it } from 'vitest';
import { pendingMigrationSql } from './migration-diff.ts';

// Modules are built side by side, each writing its own migrations: together they must still build
// exactly the schema in prisma/schema/, or the app would start on tables its client does not match.
it('the migrations build exactly the schema in prisma/schema (no change left without a migration)', async () => {
  expect(await pendingMigrationSql()).toBe('');
}, 120_000);
