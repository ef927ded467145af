import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@vibemonitor/contracts';
import { emailTokens, users, type Database } from '@vibemonitor/db';
import { createTestDatabase, type TestDatabase } from '@vibemonitor/testing';
import { consumeEmailToken } from './consume-email-token.js';
import { hashToken } from './hash-token.js';
import { issueEmailToken } from './issue-email-token.js';

const HOUR = 60 * 60 * 1000;

describe('single-use email tokens against a real database', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = testDb.db;
  });
  afterAll(() => testDb.drop());

  async function newUser(email: string) {
    const [user] = await db.insert(users).values({ email }).returning({ id: users.id });
    return user!.id;
  }

  it('issues a random token, stores only its hash, and consumes it once', async () => {
    const userId = await newUser('verify@example.com');
    const token = await issueEmailToken({ db, userId, purpose: 'verify_email', ttlMs: HOUR });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [stored] = await db.select().from(emailTokens).where(eq(emailTokens.userId, userId));
    expect(stored!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await consumeEmailToken({ db, token, purpose: 'verify_email' })).toBe(userId);
    await expect(consumeEmailToken({ db, token, purpose: 'verify_email' })).rejects.toThrow(
      'This link has already been used.',
    );
  });

  it('refuses a token used for another purpose, or made up', async () => {
    const userId = await newUser('purpose@example.com');
    const token = await issueEmailToken({ db, userId, purpose: 'verify_email', ttlMs: HOUR });
    await expect(consumeEmailToken({ db, token, purpose: 'reset_password' })).rejects.toThrow(
      /This link is invalid/,
    );
    await expect(
      consumeEmailToken({ db, token: 'made-up', purpose: 'verify_email' }),
    ).rejects.toThrow(/This link is invalid/);
    // The wrong-purpose attempt did not use it up.
    expect(await consumeEmailToken({ db, token, purpose: 'verify_email' })).toBe(userId);
  });

  it('refuses an expired token with a clear BAD_REQUEST', async () => {
    const userId = await newUser('expired@example.com');
    const issuedAt = new Date();
    const token = await issueEmailToken({
      db,
      userId,
      purpose: 'reset_password',
      ttlMs: HOUR,
      now: issuedAt,
    });
    const error = await consumeEmailToken({
      db,
      token,
      purpose: 'reset_password',
      now: new Date(issuedAt.getTime() + HOUR),
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('BAD_REQUEST');
    expect((error as Error).message).toBe('This link has expired. Request a new link.');
    expect(
      await consumeEmailToken({
        db,
        token,
        purpose: 'reset_password',
        now: new Date(issuedAt.getTime() + HOUR - 1),
      }),
    ).toBe(userId);
  });

  it('invalidates earlier unused tokens of the same purpose only', async () => {
    const userId = await newUser('reissue@example.com');
    const first = await issueEmailToken({ db, userId, purpose: 'reset_password', ttlMs: HOUR });
    const verify = await issueEmailToken({ db, userId, purpose: 'verify_email', ttlMs: HOUR });
    const second = await issueEmailToken({ db, userId, purpose: 'reset_password', ttlMs: HOUR });
    await expect(
      consumeEmailToken({ db, token: first, purpose: 'reset_password' }),
    ).rejects.toThrow(/invalid or was replaced by a newer one/);
    expect(await consumeEmailToken({ db, token: second, purpose: 'reset_password' })).toBe(userId);
    expect(await consumeEmailToken({ db, token: verify, purpose: 'verify_email' })).toBe(userId);
  });

  it('lets exactly one of several concurrent consumers win', async () => {
    const userId = await newUser('race@example.com');
    const token = await issueEmailToken({ db, userId, purpose: 'reset_password', ttlMs: HOUR });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => consumeEmailToken({ db, token, purpose: 'reset_password' })),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    expect(fulfilled).toEqual([{ status: 'fulfilled', value: userId }]);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason.message).toBe(
        'This link has already been used.',
      );
    }
  });
});
