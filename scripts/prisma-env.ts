// Prisma's CLI downloads a native schema engine, which machines without internet access cannot do.
// Our development machines carry a stand-in beside the checkout (../shared/tools/prisma-engine);
// use it when it is there and nothing else is configured. Elsewhere the CLI behaves as usual.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function prismaEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  const standIn = resolve(import.meta.dirname, '../../shared/tools/prisma-engine/schema-engine');
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(standIn)) env.PRISMA_SCHEMA_ENGINE_BINARY = standIn;
  return env;
}
