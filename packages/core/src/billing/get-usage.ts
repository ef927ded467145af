import { and, count, eq } from 'drizzle-orm';
import type { PlanId } from '@vibemonitor/contracts';
import { llmConfigs, services, usageCounters, type Database } from '@vibemonitor/db';
import { INVESTIGATIONS_METRIC } from '../usage/consume-investigation-quota.js';
import { nextUtcMidnight, utcDay } from '../usage/usage-period.js';
import type { BillingSettings } from './billing-settings.js';
import { loadEffectivePlan } from './load-effective-plan.js';

export interface UsageView {
  billingConfigured: boolean;
  plan: { id: PlanId; name: string; source: 'subscription' | 'workspace' };
  /** Stripe's subscription status; null without a subscription. */
  status: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  graceEndsAt: Date | null;
  services: {
    used: number;
    /** Null means unlimited. */
    limit: number | null;
    included: number | null;
    additional: number;
    /** How many services investigations cover (the first `limit` by creation date). */
    investigated: number;
  };
  investigations: { today: number; limit: number; resetsAt: Date };
  /** Whether investigations use the workspace's own LLM key (llmConfig) rather than the server's. */
  ownLlmKey: boolean;
  /** Why limits are lower than the subscription's, or what is about to change; null when nothing to say. */
  notice: string | null;
}

/** Plan, status, period, services and investigations against their limits (members). */
export async function getUsage({
  db,
  billing,
  workspaceId,
  now = new Date(),
}: {
  db: Database;
  billing: BillingSettings | undefined;
  workspaceId: string;
  now?: Date;
}): Promise<UsageView> {
  const plan = await loadEffectivePlan({ db, workspaceId, now });
  const [serviceCount] = await db
    .select({ n: count() })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  const [today] = await db
    .select({ count: usageCounters.count })
    .from(usageCounters)
    .where(
      and(
        eq(usageCounters.workspaceId, workspaceId),
        eq(usageCounters.metric, INVESTIGATIONS_METRIC),
        eq(usageCounters.period, utcDay(now)),
      ),
    );
  const [llm] = await db
    .select({ id: llmConfigs.id })
    .from(llmConfigs)
    .where(eq(llmConfigs.workspaceId, workspaceId));
  const used = serviceCount?.n ?? 0;
  const investigated = plan.maxServices === null ? used : Math.min(used, plan.maxServices);
  let notice = plan.notice;
  if (investigated < used) {
    const over = `This workspace has ${used} services, more than the ${plan.name} plan's ${plan.maxServices}: they all stay readable, but investigations cover only the first ${investigated} (by creation date).`;
    notice = notice ? `${over} ${notice}` : over;
  }
  return {
    billingConfigured: billing !== undefined,
    plan: { id: plan.id, name: plan.name, source: plan.source },
    status: plan.subscription?.status ?? null,
    currentPeriodEnd: plan.subscription?.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: plan.subscription?.cancelAtPeriodEnd ?? false,
    graceEndsAt: plan.subscription?.graceEndsAt ?? null,
    services: {
      used,
      limit: plan.maxServices,
      included: plan.includedServices,
      additional: plan.additionalServices,
      investigated,
    },
    investigations: {
      today: today?.count ?? 0,
      limit: plan.dailyInvestigations,
      resetsAt: nextUtcMidnight(now),
    },
    ownLlmKey: llm !== undefined,
    notice,
  };
}
