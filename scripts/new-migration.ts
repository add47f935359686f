// npm run db:migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that brings the existing
// migrations up to the schema in prisma/schema/. It needs no database of yours: it applies the existing
// migrations to a throw-away PGlite served over TCP and asks Prisma's CLI for the difference.
// New tables with a tenantId column get the audit trigger attached automatically.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { openDatabase } from '../server/db/database.ts';
import { migrate, migrationsDir } from '../server/db/migrate.ts';
import { notAuditedModels } from '../server/db/schema-files.ts';
import { prismaEnv } from './prisma-env.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name_in_snake_case>');
  process.exit(2);
}

const db = await openDatabase({ dataDir: 'memory://' });
await migrate(db);
const server = new PGLiteSocketServer({ db: db.pglite!, port: 0, host: '127.0.0.1' });
await server.start();
const port = Number(server.getServerConn().split(':').pop());
try {
  // Asynchronous on purpose: the PGlite server answering the CLI runs in this very process.
  const { stdout: sql } = await promisify(execFile)(
    'npx',
    ['--no-install', 'prisma', 'migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema', '--script'],
    { env: { ...prismaEnv(), DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable` }, encoding: 'utf8' },
  );
  const body = sql.replace(/^-- This is an empty migration\.\s*$/m, '').trim();
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
} finally {
  await server.stop();
  await db.close();
}
