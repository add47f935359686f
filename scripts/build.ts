// npm run build: builds the SvelteKit web app (client/) into client/build with adapter-node, and the
// empty embedded-database cluster that a first start copies (server/db/pglite-template.ts). The API
// server mounts client/build/handler.js; `npm start` builds first when either is missing or stale.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildTemplate } from '../server/db/pglite-template.ts';

export const repoRoot = resolve(import.meta.dirname, '..');
export const clientConfig = resolve(repoRoot, 'client/vite.config.ts');

/** Runs `vite build` for the client from the repository root (adapter-node reads the root package.json). */
export function buildClient(): void {
  const vite = resolve(repoRoot, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) throw new Error('vite is not installed: run `npm install` first');
  const started = performance.now();
  console.log('Building the web app (client/ → client/build)…');
  const res = spawnSync(process.execPath, [vite, 'build', '--config', clientConfig, '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (res.status !== 0) throw new Error(`vite build failed (exit ${res.status ?? res.signal})`);
  console.log(`Built the web app in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function buildDatabaseTemplate(): Promise<void> {
  const started = performance.now();
  await buildTemplate();
  console.log(`Prepared the embedded database template in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (resolve(process.argv[1] ?? '') === import.meta.filename) {
  try {
    buildClient();
    await buildDatabaseTemplate();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
