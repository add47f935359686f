// npm run test:e2e: builds the web app when needed, makes sure Debian's Chromium is installed, then
// runs vitest's e2e project (e2e/**/*.e2e.ts), which starts the app on a free port with a fresh
// embedded database and drives Chromium through playwright-core. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './build.ts';
import { ensureBuild } from './ensure-build.ts';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot, env });
  return res.status ?? 1;
}

function ensureChromium(): void {
  if (existsSync(chromium)) return;
  console.log(`${chromium} is missing: installing Debian's chromium with apt-get`);
  const root = process.getuid?.() === 0;
  const sudo = (args: string[]) => (root ? run(args[0], args.slice(1), { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }) : run('sudo', ['-E', ...args], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }));
  if (sudo(['apt-get', 'update', '-q']) !== 0 || sudo(['apt-get', 'install', '-y', '-q', 'chromium']) !== 0 || !existsSync(chromium)) {
    throw new Error(`could not install Chromium; install it with: apt-get update && apt-get install -y chromium`);
  }
}

try {
  await ensureBuild();
  ensureChromium();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const vitest = resolve(repoRoot, 'node_modules/vitest/vitest.mjs');
process.exit(run(process.execPath, [vitest, 'run', '--project', 'e2e', ...process.argv.slice(2)]));
