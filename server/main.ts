// npm start: one process serving the web app, /api/v1, Socket.IO and the collab server.
import { loadConfig } from './config.ts';
import { startServer } from './bootstrap/start.ts';
import { logger } from './logger.ts';
import { MigrationError } from './db/migrate.ts';

const config = (() => {
  try {
    return loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
})();

try {
  const server = await startServer(config);
  const base = config.PUBLIC_URL.replace(/:\d+$/, '') === 'http://localhost' ? server.url : config.PUBLIC_URL;
  console.log(`\n  Xiehui 协会协同工作台 is running: ${base}/login`);
  if (config.SEED_DEMO) console.log('  Demo accounts: <role>@demo.test or <role>@demo2.test, password demo12345 (e.g. admin@demo.test)\n');
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: draining connections and storing open documents');
      server.close().then(
        () => process.exit(0),
        (err) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
} catch (err) {
  if (err instanceof MigrationError) console.error(`\nCannot start: ${err.message}\n`);
  else console.error('\nCannot start:', err);
  process.exit(1);
}
