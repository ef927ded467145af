import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageCounters } from '@vibemonitor/db';
import { openChatFixture, seedTurn } from '../chat/test/chat-fixture.js';
import { consumeInvestigationQuota } from './consume-investigation-quota.js';

let fixture: Awaited<ReturnType<typeof openChatFixture>>;
beforeAll(async () => {
  fixture = await openChatFixture();
});
afterAll(async () => {
  await fixture?.close();
});

describe('consumeInvestigationQuota', () => {
  it('never lets concurrent requests exceed the Free allowance of 10 a day', async () => {
    const db = fixture.database.db;
    const { workspaceId } = await seedTurn(db, { planId: 'free' });
    const now = new Date('2026-03-01T23:59:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: 14 }, () => consumeInvestigationQuota({ db, workspaceId, now })),
    );
    const used = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.used] : []));
    expect(used.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(refused).toHaveLength(4);
    expect(refused[0]).toMatchObject({
      code: 'PAYMENT_REQUIRED',
      details: { limit: 10, period: '2026-03-01', resetsAt: '2026-03-02T00:00:00.000Z' },
    });
    expect(refused[0].message).toMatch(/^The Free plan allows 10 investigations a day/);

    const [row] = await db
      .select()
      .from(usageCounters)
      .where(
        and(eq(usageCounters.workspaceId, workspaceId), eq(usageCounters.period, '2026-03-01')),
      );
    expect(row!.count).toBe(10);
    // A new UTC day starts a new count.
    await expect(
      consumeInvestigationQuota({ db, workspaceId, now: new Date('2026-03-02T00:00:01Z') }),
    ).resolves.toMatchObject({
      used: 1,
      period: '2026-03-02',
    });
  });

  it('reads the limit from the plan (Pro: 100)', async () => {
    const db = fixture.database.db;
    const { workspaceId } = await seedTurn(db, { planId: 'pro' });
    const now = new Date('2026-03-01T12:00:00Z');
    for (let i = 0; i < 11; i++) await consumeInvestigationQuota({ db, workspaceId, now });
    await expect(consumeInvestigationQuota({ db, workspaceId, now })).resolves.toMatchObject({
      used: 12,
      limit: 100,
    });
  });
});
