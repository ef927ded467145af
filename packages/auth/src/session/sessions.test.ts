import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, users, type Database } from '@vibemonitor/db';
import { createTestDatabase, type TestDatabase } from '@vibemonitor/testing';
import { hashToken } from '../email-token/hash-token.js';
import { createSession } from './create-session.js';
import { invalidateAllUserSessions, invalidateSession } from './invalidate-session.js';
import { rotateSession } from './rotate-session.js';
import { SESSION_TTL_MS } from './session-expiry.js';
import { generateSessionToken, parseSessionToken } from './session-token.js';
import { validateSessionToken } from './validate-session-token.js';

const DAY = 24 * 60 * 60 * 1000;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

describe('sessions against a real database', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = testDb.db;
  });
  afterAll(() => testDb.drop());

  async function newUser(email: string) {
    const [user] = await db
      .insert(users)
      .values({ email, name: 'Grace', passwordHash: '$argon2id$not-a-real-hash' })
      .returning({ id: users.id });
    return user!.id;
  }

  it('creates a session storing only the SHA-256 of the secret, and validates it', async () => {
    const userId = await newUser('grace@example.com');
    const { token, session } = await createSession({
      db,
      userId,
      userAgent: 'Firefox',
      ip: '203.0.113.9',
    });
    const { id, secret } = parseSessionToken(token)!;
    expect(session).toMatchObject({ id, userId, userAgent: 'Firefox', ip: '203.0.113.9' });
    expect(session).not.toHaveProperty('secretHash');
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(SESSION_TTL_MS);

    const [stored] = await db.select().from(sessions).where(eq(sessions.id, id));
    expect(stored!.secretHash).toBe(hashToken(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);

    const validated = await validateSessionToken({ db, token });
    expect(validated?.session.id).toBe(id);
    expect(validated?.user).toMatchObject({
      id: userId,
      email: 'grace@example.com',
      name: 'Grace',
    });
    expect(validated?.user).not.toHaveProperty('passwordHash');
    expect(validated?.refreshed).toBe(false);
  });

  it('accepts a pre-generated token', async () => {
    const userId = await newUser('pregen@example.com');
    const token = generateSessionToken();
    const created = await createSession({ db, userId, token });
    expect(created.token).toBe(token);
    expect((await validateSessionToken({ db, token }))?.user.id).toBe(userId);
  });

  it('rejects a wrong secret for an existing id without deleting the session', async () => {
    const userId = await newUser('wrong-secret@example.com');
    const { token } = await createSession({ db, userId });
    const { id, secret } = parseSessionToken(token)!;
    const lastChar = secret.at(-1) === 'a' ? 'b' : 'a';
    const forged = `${id}.${secret.slice(0, -1)}${lastChar}`;
    expect(await validateSessionToken({ db, token: forged })).toBeNull();
    expect(
      await validateSessionToken({
        db,
        token: `${id}.${parseSessionToken(generateSessionToken())!.secret}`,
      }),
    ).toBeNull();
    expect(await validateSessionToken({ db, token })).not.toBeNull();
  });

  it('rejects malformed and unknown tokens', async () => {
    for (const token of [
      '',
      'abc',
      'a.b',
      `${generateSessionToken()}x`,
      generateSessionToken().toUpperCase(),
    ]) {
      expect(await validateSessionToken({ db, token })).toBeNull();
    }
    expect(await validateSessionToken({ db, token: generateSessionToken() })).toBeNull();
  });

  it('expires after 30 days and deletes the expired row', async () => {
    const userId = await newUser('expiry@example.com');
    const start = new Date();
    const { token, session } = await createSession({ db, userId, now: start });
    expect(
      await validateSessionToken({ db, token, now: later(start, 30 * DAY + 1000) }),
    ).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([]);
    expect(await validateSessionToken({ db, token, now: start })).toBeNull();
  });

  it('slides the expiry once less than 15 days remain, and only then', async () => {
    const userId = await newUser('sliding@example.com');
    const start = new Date();
    const { token, session } = await createSession({ db, userId, now: start });

    const day10 = later(start, 10 * DAY);
    const early = await validateSessionToken({ db, token, now: day10 });
    expect(early?.refreshed).toBe(false);
    expect(early?.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());
    expect(early?.session.lastUsedAt.getTime()).toBe(day10.getTime());

    const day16 = later(start, 16 * DAY);
    const slid = await validateSessionToken({ db, token, now: day16 });
    expect(slid?.refreshed).toBe(true);
    expect(slid?.session.expiresAt.getTime()).toBe(day16.getTime() + SESSION_TTL_MS);
    const [stored] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(stored!.expiresAt.getTime()).toBe(day16.getTime() + SESSION_TTL_MS);

    // Past the original 30 days, the slid session is still good.
    expect(await validateSessionToken({ db, token, now: later(start, 40 * DAY) })).not.toBeNull();
  });

  it("invalidates one session, or all of a user's sessions except the current one", async () => {
    const userId = await newUser('signout@example.com');
    const a = await createSession({ db, userId });
    const b = await createSession({ db, userId });
    const c = await createSession({ db, userId });
    const otherUser = await createSession({ db, userId: await newUser('bystander@example.com') });

    await invalidateSession({ db, sessionId: a.session.id });
    expect(await validateSessionToken({ db, token: a.token })).toBeNull();
    expect(await validateSessionToken({ db, token: b.token })).not.toBeNull();

    expect(await invalidateAllUserSessions({ db, userId, exceptSessionId: c.session.id })).toBe(1);
    expect(await validateSessionToken({ db, token: b.token })).toBeNull();
    expect(await validateSessionToken({ db, token: c.token })).not.toBeNull();

    expect(await invalidateAllUserSessions({ db, userId })).toBe(1);
    expect(await validateSessionToken({ db, token: c.token })).toBeNull();
    expect(await validateSessionToken({ db, token: otherUser.token })).not.toBeNull();
  });

  it('rotates: the old token dies, the new one works and keeps the device details', async () => {
    const userId = await newUser('rotate@example.com');
    const old = await createSession({ db, userId, userAgent: 'Safari', ip: '198.51.100.1' });
    const rotated = await rotateSession({ db, token: old.token, ip: '198.51.100.2' });
    expect(rotated).not.toBeNull();
    expect(rotated!.token).not.toBe(old.token);
    expect(rotated!.user.id).toBe(userId);
    expect(rotated!.session).toMatchObject({ userAgent: 'Safari', ip: '198.51.100.2' });
    expect(await validateSessionToken({ db, token: old.token })).toBeNull();
    expect((await validateSessionToken({ db, token: rotated!.token }))?.user.id).toBe(userId);
    expect(await rotateSession({ db, token: old.token })).toBeNull();
  });

  it('lets only one of several concurrent rotations win', async () => {
    const userId = await newUser('rotate-race@example.com');
    const { token } = await createSession({ db, userId });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => rotateSession({ db, token })),
    );
    const winners = results.filter((result) => result !== null);
    expect(winners).toHaveLength(1);
    const remaining = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.userId, userId));
    expect(remaining.map((row) => row.id)).toEqual([winners[0]!.session.id]);
  });
});
