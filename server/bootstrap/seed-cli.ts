// npm run seed: the demo associations, on an empty database (the same as the first npm start).
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { seedDemo } from './seed.ts';
import { join } from 'node:path';

const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'pglite'), sharedBuffers: config.PGLITE_SHARED_BUFFERS });
try {
  await migrate(db);
  console.log((await seedDemo(db)) ? 'Seeded the demo associations demo and demo2.' : 'The database already has associations; nothing seeded.');
} finally {
  await db.close();
}
