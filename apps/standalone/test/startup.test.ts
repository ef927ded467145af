import { describe, expect, it } from 'vitest';
import { startApp } from './processes.js';

// Each test boots a real process: seconds, or far more on a busy 2-core machine.
describe('start-up failures are one clear line and exit code 1', { timeout: 120_000 }, () => {
  it('an unreachable database', async () => {
    const app = startApp('server', {
      DATABASE_URL: 'postgres://nobody:hunter2@127.0.0.1:1/x',
      PORT: '0',
    });
    expect(await app.exited).toBe(1);
    const output = app.output().trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toMatch(/^vibemonitor-server: .*PostgreSQL.*127\.0\.0\.1:1/);
    expect(output).not.toContain('hunter2');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('a malformed variable is named', async () => {
    const app = startApp('standalone', { DATABASE_URL: 'mysql://localhost/x' });
    expect(await app.exited).toBe(1);
    const output = app.output().trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toContain('configuration error');
    expect(output).toContain('DATABASE_URL');
  });

  it('a bad port is named', async () => {
    const app = startApp('worker', { WORKER_CONCURRENCY: 'lots' });
    expect(await app.exited).toBe(1);
    expect(app.output().trim()).toMatch(
      /^vibemonitor-worker: configuration error: WORKER_CONCURRENCY: /,
    );
  });

  it('production without ENCRYPTION_KEY is refused (no generated key file in production)', async () => {
    const app = startApp('server', { NODE_ENV: 'production', PORT: '0' });
    expect(await app.exited).toBe(1);
    expect(app.output().trim()).toBe(
      'vibemonitor-server: configuration error: ENCRYPTION_KEY: required when NODE_ENV=production (a base64 32-byte key; see .env.example)',
    );
  });
});
