import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementEvents, users, type Database } from '@vibemonitor/db';
import { createTestDatabase, type TestDatabase } from '@vibemonitor/testing';
import { recordEngagement } from './record-engagement.js';

describe('recordEngagement', () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = testDb.db;
  });
  afterAll(() => testDb?.drop());

  it('stores the kind, the user and the properties', async () => {
    const [user] = await db
      .insert(users)
      .values({ email: 'engaged@example.com' })
      .returning({ id: users.id });
    await recordEngagement({
      db,
      kind: 'login',
      userId: user!.id,
      properties: { method: 'password' },
    });
    const rows = await db
      .select()
      .from(engagementEvents)
      .where(eq(engagementEvents.userId, user!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'login',
      workspaceId: null,
      properties: { method: 'password' },
    });
  });

  it('is rolled back with the transaction it was recorded in', async () => {
    const failed = await db
      .transaction(async (tx) => {
        await recordEngagement({ db: tx, kind: 'signup', properties: { marker: 'rolled-back' } });
        throw new Error('abort');
      })
      .catch((e: unknown) => e);
    expect((failed as Error).message).toBe('abort');
    const rows = await db
      .select()
      .from(engagementEvents)
      .where(eq(engagementEvents.kind, 'signup'));
    expect(rows).toEqual([]);
  });
});
