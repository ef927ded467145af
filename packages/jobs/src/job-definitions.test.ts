import { isAppError } from '@vibemonitor/contracts';
import { describe, expect, it } from 'vitest';
import { jobNames, parseEnqueueOptions, parseJobPayload } from './job-definitions.js';
import { retryDelayMs } from './retry-backoff.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('job definitions', () => {
  it('lists every job name', () => {
    expect(jobNames).toEqual([
      'system.ping',
      'rca.run',
      'email.send',
      'account.password-reset-email',
      'integration.health-check',
      'github.webhook',
      'slack.event',
      'slack.command',
      'slack.progress',
      'alert.notify',
      'webhook.deliver',
    ]);
  });

  it('applies defaults and keeps optional fields', () => {
    expect(parseJobPayload('email.send', { to: 'a@example.com', template: 'invite' })).toEqual({
      to: 'a@example.com',
      template: 'invite',
      variables: {},
    });
    expect(parseJobPayload('rca.run', { turnId: 't', workspaceId: 'w', attempt: 2 })).toEqual({
      turnId: 't',
      workspaceId: 'w',
      attempt: 2,
    });
  });

  it('accepts its own output, since processors parse stored payloads again', () => {
    const once = parseJobPayload('email.send', { to: 'a@example.com', template: 'invite' });
    expect(parseJobPayload('email.send', JSON.parse(JSON.stringify(once)))).toEqual(once);
  });

  it('explains every invalid field in one VALIDATION_FAILED error', () => {
    const error = thrown(() => parseJobPayload('rca.run', { turnId: '', attempt: 0 }));
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    expect((error as Error).message).toMatch(
      /^Invalid payload for job "rca\.run": turnId: .+; workspaceId: .+; attempt: .+$/,
    );
  });

  it('validates enqueue options', () => {
    expect(parseEnqueueOptions('system.ping', undefined)).toEqual({});
    expect(
      parseEnqueueOptions('system.ping', { jobId: 'slack-Ev1', delayMs: 0, attempts: 3 }),
    ).toEqual({
      jobId: 'slack-Ev1',
      delayMs: 0,
      attempts: 3,
    });
    for (const options of [
      { jobId: '' },
      { jobId: 'a:b' },
      { jobId: '007' },
      { delayMs: -1 },
      { attempts: 1.5 },
    ]) {
      const error = thrown(() => parseEnqueueOptions('system.ping', options));
      expect(isAppError(error) && error.code, JSON.stringify(options)).toBe('VALIDATION_FAILED');
    }
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base delay, like BullMQ exponential backoff', () => {
    expect([1, 2, 3, 4].map((failed) => retryDelayMs(100, failed))).toEqual([100, 200, 400, 800]);
  });
});
