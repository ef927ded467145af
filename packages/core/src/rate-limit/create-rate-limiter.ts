import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppError } from '@vibemonitor/contracts';
import { rateLimitRules, type RateLimitRule } from './limits.js';
import type { RateLimitName, RateLimiter } from './rate-limiter.js';

export interface RateLimiterHandle {
  limiter: RateLimiter;
  close(): Promise<void>;
}

/**
 * Rate limits shared by every process when Redis is configured (counters live
 * in Redis under `prefix`), per process in memory otherwise.
 */
export function createRateLimiter(options: {
  redisUrl?: string;
  prefix: string;
  rules?: Partial<Record<RateLimitName, RateLimitRule>>;
}): RateLimiterHandle {
  const rules = { ...rateLimitRules, ...options.rules };
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: false,
      })
    : undefined;
  // Errors surface through the commands that fail; an unhandled 'error' event would crash the process.
  redis?.on('error', () => undefined);

  const limiters = new Map<RateLimitName, RateLimiterAbstract>();
  const limiterFor = (name: RateLimitName): RateLimiterAbstract => {
    let limiter = limiters.get(name);
    if (!limiter) {
      const rule = rules[name];
      const common = {
        keyPrefix: `${options.prefix}:rl:${name}`,
        points: rule.points,
        duration: rule.durationSeconds,
      };
      limiter = redis
        ? new RateLimiterRedis({ ...common, storeClient: redis })
        : new RateLimiterMemory(common);
      limiters.set(name, limiter);
    }
    return limiter;
  };

  return {
    limiter: {
      async consume(name, subject) {
        try {
          await limiterFor(name).consume(subject);
        } catch (error) {
          if (error instanceof RateLimiterRes) {
            const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
            throw new AppError(
              'TOO_MANY_REQUESTS',
              `Too many ${rules[name].label}. Try again in ${retryAfterSeconds} seconds.`,
              { retryAfterSeconds, limit: name },
            );
          }
          throw new AppError(
            'UNAVAILABLE',
            `Rate limiter store is unavailable: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      },
      async reset(name, subject) {
        await limiterFor(name).delete(subject);
      },
    },
    async close() {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
