import { describe, expect, it } from 'vitest';
import { Prisma } from '../db/generated/client.ts';
import { toApiError } from './errors.ts';

const prismaError = (code: string) => new Prisma.PrismaClientKnownRequestError('test', { code, clientVersion: Prisma.prismaVersion.client });

describe('database failures as API errors', () => {
  it('tells the caller to try again (503) when a transaction got no connection or lock in time, or hit a serialization conflict', () => {
    for (const code of ['P2028', 'P2034']) expect(toApiError(prismaError(code)).status).toBe(503);
  });

  it('reports a unique-key clash as a conflict and a missing row as not found', () => {
    expect(toApiError(prismaError('P2002')).code).toBe('conflict');
    expect(toApiError(prismaError('P2025')).code).toBe('not_found');
  });
});
