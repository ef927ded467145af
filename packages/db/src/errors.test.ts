import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isForeignKeyViolation, isUniqueViolation, postgresErrorInfo } from './errors.js';
import { memberships, users } from './schema/index.js';
import { openScratchDatabase, type ScratchDatabase } from './test-support.js';

let scratch: ScratchDatabase;

beforeAll(async () => {
  scratch = await openScratchDatabase();
});
afterAll(async () => {
  await scratch?.drop();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe('isUniqueViolation on the current driver', () => {
  it('recognises a duplicate key, with or without the constraint name', async () => {
    const { db } = scratch.handle;
    const email = `dup-${randomBytes(4).toString('hex')}@example.com`;
    await db.insert(users).values({ email });
    const error = await failure(db.insert(users).values({ email }));

    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'users_email_unique')).toBe(true);
    expect(isUniqueViolation(error, 'some_other_constraint')).toBe(false);
    expect(isForeignKeyViolation(error)).toBe(false);
  });

  it('does not mistake a foreign-key violation for one', async () => {
    const { db } = scratch.handle;
    const missing = '00000000-0000-4000-8000-000000000000';
    const error = await failure(
      db.insert(memberships).values({ workspaceId: missing, userId: missing, role: 'user' }),
    );

    expect(isUniqueViolation(error)).toBe(false);
    expect(isForeignKeyViolation(error)).toBe(true);
    expect(postgresErrorInfo(error)?.code).toBe('23503');
  });
});

describe('postgresErrorInfo', () => {
  it('ignores values that are not PostgreSQL errors', () => {
    for (const value of [undefined, null, 'boom', 42, new Error('boom'), { code: 'ECONNREFUSED' }]) {
      expect(postgresErrorInfo(value)).toBeUndefined();
      expect(isUniqueViolation(value)).toBe(false);
    }
  });

  it('survives a cause chain that loops', () => {
    const looping: { cause?: unknown } = {};
    looping.cause = looping;
    expect(postgresErrorInfo(looping)).toBeUndefined();
  });
});
