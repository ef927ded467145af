import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@vibemonitor/db';
import { startTestStack, type TestStack } from './harness.js';
import { failure, uniqueEmail } from './users.js';

/*
 * The attack from issue 17: an anonymous sign-up with a NUL in the name made
 * PostgreSQL refuse the INSERT, and the logged database error carried the
 * bound parameters, the new account's argon2id hash among them. Now the NUL
 * is refused at validation and, should any database error still be logged,
 * its parameters are not. The whole server log is read at debug level.
 */

let stack: TestStack;
let log = '';

beforeAll(async () => {
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  stack = await startTestStack({ worker: false, logDestination: destination });
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

describe('secrets in the log', () => {
  it('an anonymous sign-up with a NUL in the name cannot make a hash (or the password) appear in the log', async () => {
    const password = 'correct horse battery staple 42';
    const email = uniqueEmail('nul');
    const hostile = ['Eve\u0000', '\u0000', 'Eve\uD800', 'a\u0000b'.repeat(20)];
    for (const name of hostile) {
      const error = await failure(stack.client().auth.register.mutate({ email, password, name }));
      expect(error.httpStatus).toBe(400);
      expect(error.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
    // A NUL in the email or the password too.
    for (const input of [
      { email: `${email}\u0000`, password, name: 'Eve' },
      { email, password: `${password}\u0000`, name: 'Eve' },
    ]) {
      expect((await failure(stack.client().auth.register.mutate(input))).httpStatus).toBe(400);
    }
    // A legitimate sign-up then stores a hash: it must not be in the log either, nor
    // after a second sign-up with the taken address (the owner is mailed a reset link).
    const taken = uniqueEmail('ok');
    await stack.client().auth.register.mutate({ email: taken, password, name: 'Ada' });
    await stack.client().auth.register.mutate({ email: taken, password, name: 'Eve' });

    const hashes = (await stack.runtime.database.db.select({ h: users.passwordHash }).from(users))
      .map((row) => row.h)
      .filter((h): h is string => h !== null);
    expect(hashes.length).toBeGreaterThan(0);
    expect(log.length, 'the log was captured').toBeGreaterThan(0);
    expect(log).not.toContain('$argon2');
    for (const hash of hashes) expect(log).not.toContain(hash.slice(-20));
    expect(log).not.toContain(password);
  });
});
