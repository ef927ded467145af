// Test fixture (lives under test/ so it may use @vibemonitor/testing).
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { chatSessions, chatTurns, users, workspaces, type Database } from '@vibemonitor/db';
import { createJobsRuntime, type JobsRuntime } from '@vibemonitor/jobs';
import {
  createTestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
  type TestDatabase,
} from '@vibemonitor/testing';

/** A fresh database and bus (Redis when REDIS_URL is set) for chat domain tests. */
export async function openChatFixture(): Promise<{
  database: TestDatabase;
  jobs: JobsRuntime;
  close(): Promise<void>;
}> {
  const database = await createTestDatabase();
  const jobs = await createJobsRuntime({
    redisUrl: testRedisUrl(),
    prefix: uniqueRedisPrefix('chat'),
    logger: pino({ level: 'silent' }),
  });
  return {
    database,
    jobs,
    async close() {
      await jobs.close();
      await database.drop();
    },
  };
}

/** A user, a team workspace on `planId` and one queued turn in a new session. */
export async function seedTurn(db: Database, options: { planId?: 'free' | 'pro' } = {}) {
  const [user] = await db
    .insert(users)
    .values({ email: `chat-${randomBytes(5).toString('hex')}@example.com`, name: 'Chat Tester' })
    .returning({ id: users.id });
  const [workspace] = await db
    .insert(workspaces)
    .values({
      name: 'Chat tests',
      type: 'team',
      ownerUserId: user!.id,
      planId: options.planId ?? 'free',
    })
    .returning({ id: workspaces.id });
  const workspaceId = workspace!.id;
  const [session] = await db
    .insert(chatSessions)
    .values({ workspaceId, userId: user!.id, title: 'Test' })
    .returning({ id: chatSessions.id });
  const [turn] = await db
    .insert(chatTurns)
    .values({ workspaceId, sessionId: session!.id, userId: user!.id, message: 'Why?' })
    .returning({ id: chatTurns.id });
  return { userId: user!.id, workspaceId, sessionId: session!.id, turnId: turn!.id };
}
