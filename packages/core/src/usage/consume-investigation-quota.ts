import { eq, sql } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { plans, queryRows, workspaces, type Database } from '@vibemonitor/db';
import { nextUtcMidnight, utcDay } from './usage-period.js';

export const INVESTIGATIONS_METRIC = 'investigations';

export interface QuotaConsumed {
  /** Investigations counted today, including this one. */
  used: number;
  limit: number;
  period: string;
}

/**
 * Counts one investigation against the workspace's plan (plans.daily_investigations
 * per UTC day), or refuses with PAYMENT_REQUIRED when today's allowance is
 * spent. Pass the `tx` of the write it guards, so a rolled-back request gives
 * its count back.
 *
 * The check and the increment are one statement: the upsert only bumps a
 * counter that is still below the limit, and PostgreSQL serialises concurrent
 * upserts of the same row, so parallel requests cannot overshoot.
 */
export async function consumeInvestigationQuota({
  db,
  workspaceId,
  now = new Date(),
}: {
  db: Database;
  workspaceId: string;
  now?: Date;
}): Promise<QuotaConsumed> {
  const [plan] = await db
    .select({ name: plans.name, id: plans.id, limit: plans.dailyInvestigations })
    .from(workspaces)
    .innerJoin(plans, eq(plans.id, workspaces.planId))
    .where(eq(workspaces.id, workspaceId));
  if (!plan) throw new AppError('NOT_FOUND', 'Workspace not found.');
  const period = utcDay(now);
  const rows =
    plan.limit > 0
      ? await queryRows<{ count: number }>(
          db,
          sql`insert into usage_counters as c (workspace_id, metric, period, count, updated_at)
              values (${workspaceId}::uuid, ${INVESTIGATIONS_METRIC}, ${period}, 1, now())
              on conflict (workspace_id, metric, period)
              do update set count = c.count + 1, updated_at = now()
              where c.count < ${plan.limit}
              returning c.count`,
        )
      : [];
  const counted = rows[0];
  if (!counted) {
    const upgrade = plan.id === 'free' ? ' Upgrade to Pro for a higher allowance.' : '';
    throw new AppError(
      'PAYMENT_REQUIRED',
      `The ${plan.name} plan allows ${plan.limit} investigations a day, and this workspace has used them all today. ` +
        `The allowance resets at midnight UTC.${upgrade}`,
      { limit: plan.limit, period, resetsAt: nextUtcMidnight(now).toISOString() },
    );
  }
  return { used: Number(counted.count), limit: plan.limit, period };
}
