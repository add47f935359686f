import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ApiError } from './errors.ts';

export interface LimitOptions {
  /** Names the counter; the Redis prefix is added in front of it. */
  keyPrefix: string;
  /** Actions allowed per window. */
  points: number;
  /** The window, in seconds. */
  duration: number;
}

/**
 * Rate limiters for modules. With Redis the counters live there (one atomic Lua increment per
 * action, rate-limiter-flexible's RateLimiterRedis), so every instance of the app counts against
 * the same limit; without Redis (one instance) they live in memory.
 */
export function rateLimiters(redis?: Redis, prefix = 'xh') {
  const made = new Map<string, RateLimiterAbstract>();
  return (o: LimitOptions): RateLimiterAbstract => {
    const key = `${o.keyPrefix}:${o.points}:${o.duration}`;
    let limiter = made.get(key);
    if (!limiter) {
      const keyPrefix = `${prefix}:rl:${o.keyPrefix}`;
      limiter = redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points: o.points, duration: o.duration })
        : new RateLimiterMemory({ keyPrefix, points: o.points, duration: o.duration });
      made.set(key, limiter);
    }
    return limiter;
  };
}

/** Counts one action for `key`; over the limit, a 429 with Retry-After. */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string, points = 1): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new ApiError('rate_limited', { seconds }, undefined, { 'Retry-After': String(seconds) });
  }
}
