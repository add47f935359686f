import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ApiError } from '../../http/errors.ts';

export interface LoginLimits {
  perAccount: number;
  perIp: number;
  windowSeconds: number;
}

/**
 * Login throttling, per account (failed attempts) and per IP (all attempts). Counters live in
 * Redis when there is one, so every instance sees the same counts; otherwise in memory.
 */
export class LoginLimiter {
  private readonly account: RateLimiterAbstract;
  private readonly ip: RateLimiterAbstract;
  private readonly limits: LoginLimits;

  constructor(limits: LoginLimits, redis?: Redis, prefix = 'xh') {
    this.limits = limits;
    const make = (keyPrefix: string, points: number) =>
      redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: limits.windowSeconds })
        : new RateLimiterMemory({ keyPrefix, points, duration: limits.windowSeconds });
    this.account = make(`${prefix}:login:acct`, limits.perAccount);
    this.ip = make(`${prefix}:login:ip`, limits.perIp);
  }

  /** Counts the attempt against the IP and refuses when the IP or the account is over its limit. */
  async before(account: string, ip: string): Promise<void> {
    try {
      await this.ip.consume(ip);
    } catch (err) {
      throw this.refusal(err);
    }
    const acct = await this.account.get(account);
    if (acct && acct.consumedPoints >= this.limits.perAccount) throw this.refusal(acct);
  }

  async failed(account: string): Promise<void> {
    await this.account.consume(account).catch((err) => {
      if (!(err instanceof RateLimiterRes)) throw err;
    });
  }

  async succeeded(account: string): Promise<void> {
    await this.account.delete(account);
  }

  private refusal(err: unknown): ApiError {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    return new ApiError('rate_limited', { seconds }, undefined, { 'Retry-After': String(seconds) });
  }
}
