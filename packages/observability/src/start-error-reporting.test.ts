import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { assertSentryDsn, startErrorReporting } from './start-error-reporting.js';

describe('assertSentryDsn', () => {
  it('accepts the DSN shapes Sentry hands out', () => {
    expect(() =>
      assertSentryDsn('https://abc123@o1.ingest.sentry.io/4500000000000001'),
    ).not.toThrow();
    expect(() => assertSentryDsn('http://publickey@127.0.0.1:9000/1')).not.toThrow();
    expect(() => assertSentryDsn('https://key@sentry.example.com/prefix/42')).not.toThrow();
  });

  it('rejects a DSN without a key or project id, with a message naming the variable', () => {
    for (const bad of [
      'https://o1.ingest.sentry.io/42',
      'https://key@o1.ingest.sentry.io/',
      'key@host/1',
      'ftp://key@host/1',
    ]) {
      expect(() => assertSentryDsn(bad), bad).toThrow(/SENTRY_DSN must look like/);
    }
  });
});

describe('startErrorReporting', () => {
  it('is off without a DSN', async () => {
    expect(
      await startErrorReporting({
        dsn: undefined,
        environment: 'test',
        logger: pino({ level: 'silent' }),
      }),
    ).toBeUndefined();
  });
});
