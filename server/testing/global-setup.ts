// Once per test run: the embedded-database template that every test database is copied from
// (npm run build makes it too; a fresh clone running npm test first has none).
import { buildTemplate, templateIsCurrent } from '../db/pglite-template.ts';

export default async function setup() {
  if (!process.env.TEST_DATABASE_URL && !templateIsCurrent()) await buildTemplate();
}
