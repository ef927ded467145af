import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { createEmailTransport, mayLogEmailLinks } from './create-email-transport.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vm-email-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const link = 'http://127.0.0.1/reset-password?token=single-use-secret-token';

async function logOfOneEmail(options: { databaseUrl?: string; production?: boolean }) {
  const stream = new PassThrough();
  let output = '';
  stream.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const transport = createEmailTransport({
    postmarkServerToken: undefined,
    databaseUrl: options.databaseUrl,
    from: 'no-reply@example.com',
    dataDir,
    logger: createLogger({ level: 'debug', name: 'test', destination: stream }),
    production: options.production ?? false,
  });
  await transport.send({
    to: 'ada@example.com',
    subject: 'Reset',
    text: link,
    html: link,
    tag: 'reset_password',
    link,
  });
  return output;
}

describe('single-use links in the log', () => {
  it('are logged in embedded development with the local outbox', async () => {
    expect(await logOfOneEmail({})).toContain('single-use-secret-token');
  });

  it('are never logged when DATABASE_URL is configured (distributed mode), nor in production', async () => {
    const distributed = await logOfOneEmail({ databaseUrl: 'postgres://db.internal/vm' });
    expect(distributed).toContain('email written to outbox');
    expect(distributed).not.toContain('single-use-secret-token');
    expect(await logOfOneEmail({ production: true })).not.toContain('single-use-secret-token');
  });

  it('are never logged with a real mail transport', () => {
    expect(
      mayLogEmailLinks({
        postmarkServerToken: 'pm-token',
        databaseUrl: undefined,
        production: false,
      }),
    ).toBe(false);
    expect(
      mayLogEmailLinks({
        postmarkServerToken: undefined,
        databaseUrl: undefined,
        production: false,
      }),
    ).toBe(true);
  });
});
