import type { Request } from 'express';
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../../http/errors.ts';
import type { Services } from '../../http/routes.ts';

/** Public questions per client address: 5 an hour. */
export const QUESTIONS_PER_HOUR = 5;

// Counted in the database (rate-limiter-flexible's Prisma store), so every instance sees the same counts.
export const newQuestionLimiter = (prisma: Services['db']['prisma']) =>
  new RateLimiterPrisma({ storeClient: prisma, tableName: 'disclosureQuestionLimit', keyPrefix: 'q', points: QUESTIONS_PER_HOUR, duration: 3600 });
const limiters = new WeakMap<object, RateLimiterPrisma>();
function limiterOf(s: Services) {
  let l = limiters.get(s.db.prisma);
  if (!l) limiters.set(s.db.prisma, (l = newQuestionLimiter(s.db.prisma)));
  return l;
}

/** Counts one public question against the caller's address; 429 with Retry-After when over the limit. */
export async function limitQuestions(s: Services, req: Request, tenantId: string): Promise<void> {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  try {
    await limiterOf(s).consume(`${tenantId}:${ip}`);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new ApiError('rate_limited', { seconds }, undefined, { 'Retry-After': String(seconds) });
  }
}
