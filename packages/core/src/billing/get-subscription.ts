import type { PlanId } from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import type { BillingSettings } from './billing-settings.js';
import { loadEffectivePlan } from './load-effective-plan.js';

export interface SubscriptionView {
  /** False when Stripe is not configured on this server (the plans table alone decides limits). */
  billingConfigured: boolean;
  /** The plan whose limits apply now, and where it comes from. */
  plan: { id: PlanId; name: string; source: 'subscription' | 'workspace' };
  subscription: {
    planId: PlanId;
    status: string;
    currentPeriodEnd: Date | null;
    cancelAtPeriodEnd: boolean;
    additionalServices: number;
    graceEndsAt: Date | null;
  } | null;
  notice: string | null;
}

/** The workspace's plan and Stripe subscription as stored from Stripe (members). */
export async function getSubscription({
  db,
  billing,
  workspaceId,
  now,
}: {
  db: Database;
  billing: BillingSettings | undefined;
  workspaceId: string;
  now?: Date;
}): Promise<SubscriptionView> {
  const plan = await loadEffectivePlan({ db, workspaceId, ...(now ? { now } : {}) });
  return {
    billingConfigured: billing !== undefined,
    plan: { id: plan.id, name: plan.name, source: plan.source },
    subscription: plan.subscription,
    notice: plan.notice,
  };
}
