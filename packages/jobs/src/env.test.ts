import { describe, expect, it } from 'vitest';
import { loadJobsEnv, stallSettingsFromEnv } from './env.js';

describe('loadJobsEnv', () => {
  it('runs in-process with the default prefix when nothing is set', () => {
    expect(loadJobsEnv({})).toEqual({ QUEUE_PREFIX: 'vm' });
    expect(loadJobsEnv({ REDIS_URL: '' })).toEqual({ QUEUE_PREFIX: 'vm' });
  });

  it('accepts redis:// and rediss:// URLs and a custom prefix', () => {
    expect(
      loadJobsEnv({ REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: 'vm-staging' }),
    ).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'vm-staging',
    });
    expect(loadJobsEnv({ REDIS_URL: 'rediss://user:pw@cache.example.com:6380/2' }).REDIS_URL).toBe(
      'rediss://user:pw@cache.example.com:6380/2',
    );
  });

  it('names the variable when REDIS_URL is not a Redis URL, without echoing it', () => {
    const attempt = () => loadJobsEnv({ REDIS_URL: 'http://user:hunter2@example.com' });
    expect(attempt).toThrow(
      /^Invalid jobs configuration: REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(attempt).not.toThrow(/hunter2/);
    expect(() => loadJobsEnv({ REDIS_URL: '127.0.0.1:6379' })).toThrow(/REDIS_URL/);
  });

  it('rejects a prefix that would break key names', () => {
    expect(() => loadJobsEnv({ QUEUE_PREFIX: 'vm:prod' })).toThrow(/QUEUE_PREFIX must be/);
  });
});

describe('queue stall settings', () => {
  it('reads lock duration and stall interval, leaving unset ones to the defaults', () => {
    expect(stallSettingsFromEnv(loadJobsEnv({}))).toEqual({});
    expect(
      stallSettingsFromEnv(
        loadJobsEnv({ QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000' }),
      ),
    ).toEqual({ lockDurationMs: 2000, stalledIntervalMs: 1000 });
  });

  it('refuses values that would make every job look stalled or never be checked', () => {
    expect(() => loadJobsEnv({ QUEUE_LOCK_DURATION_MS: '100' })).toThrow(
      /QUEUE_LOCK_DURATION_MS must be at least 500/,
    );
    expect(() => loadJobsEnv({ QUEUE_STALLED_INTERVAL_MS: 'soon' })).toThrow(
      /QUEUE_STALLED_INTERVAL_MS must be a number/,
    );
  });
});
