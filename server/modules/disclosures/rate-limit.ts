import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../../http/errors.ts';

/** Public questions per client address: 5 an hour. */
export const QUESTIONS_PER_HOUR = 5;
const limiter = new RateLimiterMemory({ keyPrefix: 'disclosure-question', points: QUESTIONS_PER_HOUR, duration: 3600 });

/** Counts one public question against the caller's address; 429 with Retry-After when over the limit. */
export async function limitQuestions(req: Request, tenantId: string): Promise<void> {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  try {
    await limiter.consume(`${tenantId}:${ip}`);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new ApiError('rate_limited', { seconds }, undefined, { 'Retry-After': String(seconds) });
  }
}
