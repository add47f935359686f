// postinstall: generate the Prisma client into server/db/generated.
import { execFileSync } from 'node:child_process';
import { prismaEnv } from './prisma-env.ts';

execFileSync('npx', ['--no-install', 'prisma', 'generate'], { stdio: 'inherit', env: prismaEnv() });
