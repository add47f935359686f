// Used by the Prisma CLI only (generate, migrate dev/diff/status). The app applies migrations
// itself at start (server/db/migrate.ts) and never runs the CLI.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/xiehui_dev' },
});
