// npm start's prestart: builds the web app only when client/build is missing or older than its
// sources (client/, schema/, collab/editor.ts), so `npm install && npm start` works on a fresh clone
// and restarts stay fast.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { templateIsCurrent } from '../server/db/pglite-template.ts';
import { buildClient, buildDatabaseTemplate, repoRoot } from './build.ts';

const output = resolve(repoRoot, 'client/build/handler.js');
const sources = ['client/src', 'client/static', 'client/vite.config.ts', 'schema', 'collab/editor.ts', 'package-lock.json'].map((p) => resolve(repoRoot, p));

/** Newest modification time under a file or directory (skipping node_modules and dotfiles). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

/** Why the web app must be (re)built, or null when client/build is up to date. */
export function staleReason(): string | null {
  if (!existsSync(output)) return 'client/build is missing';
  const built = statSync(output).mtimeMs;
  const changed = sources.find((s) => newest(s) > built);
  return changed ? `${changed.slice(repoRoot.length + 1)} changed since the last build` : null;
}

export async function ensureBuild(): Promise<void> {
  const reason = staleReason();
  if (reason) {
    console.log(`${reason}: building`);
    buildClient();
  }
  if (!templateIsCurrent()) await buildDatabaseTemplate();
}

if (resolve(process.argv[1] ?? '') === import.meta.filename) {
  try {
    await ensureBuild();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
