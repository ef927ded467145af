import { eq } from 'drizzle-orm';
import { AppError, type PlanId } from '@vibemonitor/contracts';
import { plans, subscriptions, workspaces, type Database } from '@vibemonitor/db';

/** Stripe statuses in which a subscription gives its plan (past_due only during the grace period). */
const PAYING_STATUSES = new Set(['active', 'trialing']);

export interface EffectivePlan {
  id: PlanId;
  name: string;
  /** Services allowed now: the plan's own plus paid additional ones; null means unlimited. */
  maxServices: number | null;
  /** The plan's own number (plans.max_services); null means unlimited. */
  includedServices: number | null;
  /** Paid additional services counted in maxServices. */
  additionalServices: number;
  dailyInvestigations: number;
  /** `subscription`: a Stripe subscription gives the plan; `workspace`: workspaces.plan_id (default Free, or set by an administrator). */
  source: 'subscription' | 'workspace';
  /** Why the limits are not the subscription's, or when they will stop being (shown in billing.usage and refusals). */
  notice: string | null;
  subscription: {
    planId: PlanId;
    status: string;
    currentPeriodEnd: Date | null;
    cancelAtPeriodEnd: boolean;
    graceEndsAt: Date | null;
    additionalServices: number;
  } | null;
}

/**
 * The plan whose limits apply to a workspace at `now`, read at every check:
 * an active (or trialing) Stripe subscription gives its plan; a past_due one
 * keeps it until its grace period ends, then the workspace behaves as its
 * own plan (Free unless an administrator set another). Pass the `tx` of the
 * write it guards, after locking the workspace, so a change cannot slip in.
 */
export async function loadEffectivePlan({
  db,
  workspaceId,
  now = new Date(),
}: {
  db: Database;
  workspaceId: string;
  now?: Date;
}): Promise<EffectivePlan> {
  const [row] = await db
    .select({
      basePlanId: workspaces.planId,
      subscriptionPlanId: subscriptions.planId,
      status: subscriptions.status,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      graceEndsAt: subscriptions.graceEndsAt,
      additionalServices: subscriptions.additionalServices,
    })
    .from(workspaces)
    .leftJoin(subscriptions, eq(subscriptions.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId));
  if (!row) throw new AppError('NOT_FOUND', 'Workspace not found.');
  const subscription =
    row.subscriptionPlanId && row.status
      ? {
          planId: row.subscriptionPlanId as PlanId,
          status: row.status,
          currentPeriodEnd: row.currentPeriodEnd,
          cancelAtPeriodEnd: row.cancelAtPeriodEnd ?? false,
          graceEndsAt: row.graceEndsAt,
          additionalServices: row.additionalServices ?? 0,
        }
      : null;
  const inGrace =
    subscription?.status === 'past_due' &&
    subscription.graceEndsAt !== null &&
    subscription.graceEndsAt.getTime() > now.getTime();
  const grants = subscription !== null && (PAYING_STATUSES.has(subscription.status) || inGrace);
  const planId = (grants ? subscription.planId : row.basePlanId) as PlanId;
  const [plan] = await db
    .select({
      id: plans.id,
      name: plans.name,
      maxServices: plans.maxServices,
      daily: plans.dailyInvestigations,
    })
    .from(plans)
    .where(eq(plans.id, planId));
  if (!plan) throw new Error(`plan ${planId} is missing from the plans table`);
  const additional = grants ? subscription.additionalServices : 0;

  let notice: string | null = null;
  if (subscription && inGrace) {
    notice = `The last payment failed: ${plan.name} limits hold until ${subscription.graceEndsAt!.toISOString()} (grace period). Pay the open invoice in the billing portal to keep them.`;
  } else if (subscription && !grants && subscription.status === 'past_due') {
    notice = `The last payment failed and the grace period ended on ${subscription.graceEndsAt?.toISOString() ?? 'an earlier date'}: this workspace has ${plan.name} limits until the open invoice is paid.`;
  } else if (subscription && !grants && subscription.planId !== planId) {
    notice = `The subscription is ${subscription.status.replace(/_/g, ' ')}: this workspace has ${plan.name} limits.`;
  } else if (
    subscription &&
    grants &&
    subscription.cancelAtPeriodEnd &&
    subscription.currentPeriodEnd
  ) {
    notice = `The subscription ends on ${subscription.currentPeriodEnd.toISOString()}; after that this workspace has Free limits.`;
  }
  return {
    id: plan.id,
    name: plan.name,
    maxServices: plan.maxServices === null ? null : plan.maxServices + additional,
    includedServices: plan.maxServices,
    additionalServices: additional,
    dailyInvestigations: plan.daily,
    source: grants ? 'subscription' : 'workspace',
    notice,
    subscription,
  };
}
