import { sql } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { queryRows, type Database } from '@vibemonitor/db';
import { loadEffectivePlan } from '../billing/load-effective-plan.js';
import { nextUtcMidnight, utcDay } from './usage-period.js';

export const INVESTIGATIONS_METRIC = 'investigations';

export interface QuotaConsumed {
  /** Investigations counted today, including this one. */
  used: number;
  limit: number;
  period: string;
}

/**
 * Counts one investigation against the workspace's plan now (plans.daily_investigations
 * per UTC day, see loadEffectivePlan), or refuses with PAYMENT_REQUIRED when today's allowance is
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
  const effective = await loadEffectivePlan({ db, workspaceId, now });
  const plan = { id: effective.id, name: effective.name, limit: effective.dailyInvestigations };
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
        `The allowance resets at midnight UTC.${upgrade}` +
        (effective.notice ? ` ${effective.notice}` : ''),
      { limit: plan.limit, period, resetsAt: nextUtcMidnight(now).toISOString() },
    );
  }
  return { used: Number(counted.count), limit: plan.limit, period };
}
