import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@vibemonitor/db';
import { createTestDatabase, type TestDatabase } from '@vibemonitor/testing';
import { createLogger } from './create-logger.js';
import { serializeError } from './serialize-error.js';

/** A logger at debug level whose output the test reads. */
function capturedLogger() {
  const stream = new PassThrough();
  let output = '';
  stream.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const logger = createLogger({ level: 'debug', name: 'test', destination: stream });
  return { logger, output: () => output };
}

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0c2FsdA$bm90YXJlYWxoYXNoYnV0bG9uZ2Vub3VnaA';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await database?.drop();
});

describe('error logging', () => {
  it('a real database error (NUL in a bound value) is logged without its parameters, on this driver', async () => {
    const error = await database.db
      .insert(users)
      .values({ email: 'nul@example.com', name: 'Eve\u0000', passwordHash: HASH })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error, 'PostgreSQL refuses NUL in text').toBeInstanceOf(Error);
    // The raw error does carry the hash (this is what used to reach the log).
    expect(
      JSON.stringify({ m: (error as Error).message, p: (error as { params?: unknown }).params }),
    ).toContain(HASH);

    const { logger, output } = capturedLogger();
    logger.error({ err: error }, 'procedure failed unexpectedly');
    logger.child({ requestId: 'r1' }).error({ error }, 'again under the other key');
    const logged = output();
    expect(logged).toContain('procedure failed unexpectedly');
    expect(logged).toContain('Failed query');
    expect(logged).not.toContain(HASH);
    expect(logged).not.toContain('argon2id');
    expect(logged).not.toContain('nul@example.com');
  });

  it('drops parameters, statements, details and bodies at every level of the cause chain', () => {
    const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      parameters: ['a@example.com', HASH],
      args: [HASH],
      query: 'insert into users ...',
      detail: `Key (password_hash)=(${HASH}) already exists.`,
    });
    const wrapped = Object.assign(
      new Error(`Failed query: insert into "users" values ($1, $2)\nparams: a@example.com,${HASH}`),
      {
        query: 'insert into "users" values ($1, $2)',
        params: ['a@example.com', HASH],
        body: { password: 'hunter2hunter2' },
        cause,
      },
    );
    const outer = new Error('procedure failed', { cause: wrapped });
    const serialized = JSON.stringify(serializeError(outer));
    expect(serialized).not.toContain(HASH);
    expect(serialized).not.toContain('a@example.com');
    expect(serialized).not.toContain('hunter2');
    expect(serialized).toContain('22021');
    expect(serialized).toContain(
      'Failed query: insert into \\"users\\" values ($1, $2) (parameters not logged)',
    );
  });

  it('also scrubs an error another serializer already turned into a plain object (pino-http)', () => {
    const plain = {
      type: 'DrizzleQueryError',
      message: `Failed query: select 1\nparams: ${HASH}`,
      stack: `Error: Failed query: select 1\nparams: ${HASH}\n    at x (y.js:1:1)`,
      params: [HASH],
    };
    const serialized = JSON.stringify(serializeError(plain));
    expect(serialized).not.toContain(HASH);
    expect(serialized).toContain('at x (y.js:1:1)');
  });

  it('keeps ordinary values untouched', () => {
    expect(serializeError('just a string')).toBe('just a string');
    expect(serializeError({ code: 7 })).toEqual({ code: 7 });
  });
});
