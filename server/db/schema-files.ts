import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const schemaDir = resolve(import.meta.dirname, '../../prisma/schema');

/** Models whose doc comment says "Not audited: …" (they get no audit trigger). */
export function notAuditedModels(dir = schemaDir): Set<string> {
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.prisma'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  return new Set([...text.matchAll(/\/\/\/ Not audited[^\n]*\n(?:\/\/\/[^\n]*\n)*model (\w+)/g)].map((m) => m[1]));
}
