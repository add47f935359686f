// npm run db:migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that brings the existing
// migrations up to the schema in prisma/schema/ (scripts/migration-diff.ts).
// New tables with a tenantId column get the audit trigger attached automatically.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsDir } from '../server/db/migrate.ts';
import { notAuditedModels } from '../server/db/schema-files.ts';
import { pendingMigrationSql } from './migration-diff.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name_in_snake_case>');
  process.exit(2);
}

const body = await pendingMigrationSql();
if (!body) {
  console.log('prisma/schema matches the migrations; nothing to write.');
} else {
  const notAudited = notAuditedModels();
  const tenantTables = [...body.matchAll(/CREATE TABLE "([A-Za-z0-9_]+)" \(([\s\S]*?)\n\);/g)]
    .filter((m) => /"tenantId" TEXT/.test(m[2]) && !notAudited.has(m[1]) && m[1] !== 'AuditLog')
    .map((m) => m[1]);
  const audit = tenantTables.map((t) => `SELECT xh_audit_attach('${t}');`).join('\n');
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), `${body}\n${audit ? `\n-- Audit every change to the new tenant tables\n${audit}\n` : ''}`);
  console.log(`wrote ${join(dir, 'migration.sql')}${tenantTables.length ? ` (audit attached to ${tenantTables.join(', ')})` : ''}`);
}
