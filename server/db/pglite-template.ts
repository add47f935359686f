import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';

/**
 * A freshly initialised PGlite cluster, made by `npm run build`. Creating a cluster (initdb in
 * WebAssembly) takes seconds and leaves the process hundreds of megabytes larger; copying this
 * closed one into an empty data directory takes a fraction of a second. Without it, PGlite runs
 * initdb as usual.
 */
export const templateDir = resolve(import.meta.dirname, '../../build/pglite-template');
const stampFile = `${templateDir}.version`;

/** PostgreSQL settings for the embedded engine: a small buffer pool keeps the process lean. */
export const pgliteSettings = (sharedBuffers: string) => [`shared_buffers=${sharedBuffers}`];

function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function templateIsCurrent(): boolean {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === pgliteVersion();
}

export async function buildTemplate(): Promise<void> {
  rmSync(templateDir, { recursive: true, force: true });
  rmSync(stampFile, { force: true });
  mkdirSync(dirname(templateDir), { recursive: true });
  const db = await PGlite.create(templateDir);
  await db.close();
  writeFileSync(stampFile, `${pgliteVersion()}\n`);
}

/** Fills an empty data directory from the template; false when there is no current template. */
export function seedDataDir(dataDir: string): boolean {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  if (!templateIsCurrent()) return false;
  cpSync(templateDir, dataDir, { recursive: true });
  return true;
}
