import { boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamptz, updatedAt } from './columns.js';
import { plans } from './plans.js';
import { workspaceId } from './workspaces.js';

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: id(),
    workspaceId: workspaceId().unique('subscriptions_workspace_id_unique'),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    /** Stripe's subscription status, copied verbatim (Stripe adds values over time, so no CHECK). */
    status: text('status').notNull(),
    stripeCustomerId: text('stripe_customer_id'),
    stripeSubscriptionId: text('stripe_subscription_id').unique(
      'subscriptions_stripe_subscription_id_unique',
    ),
    currentPeriodEnd: timestamptz('current_period_end'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    /** Quantity of the additional-service item (services beyond the plan's included ones). */
    additionalServices: integer('additional_services').notNull().default(0),
    /** Stripe's id of that subscription item, when the subscription has one. */
    additionalServiceItemId: text('additional_service_item_id'),
    /** While `past_due`, the plan's limits hold until this instant; then the workspace behaves as Free. */
    graceEndsAt: timestamptz('grace_ends_at'),
    /**
     * When the Stripe state stored here was read from Stripe. A write carrying
     * an older read is ignored, so late or reordered webhooks never overwrite
     * newer state.
     */
    syncedAt: timestamptz('synced_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('subscriptions_stripe_customer_id_idx').on(t.stripeCustomerId)],
);

/**
 * Metered usage per workspace, metric and period (e.g. `investigations` /
 * `2026-11-29`). Increment with an upsert on the primary key so concurrent
 * requests cannot lose counts.
 */
export const usageCounters = pgTable(
  'usage_counters',
  {
    workspaceId: workspaceId(),
    metric: text('metric').notNull(),
    period: text('period').notNull(),
    count: integer('count').notNull().default(0),
    updatedAt: updatedAt(),
  },
  // Leads with workspace_id, so it doubles as the tenant index.
  (t) => [primaryKey({ name: 'usage_counters_pk', columns: [t.workspaceId, t.metric, t.period] })],
);

export type Subscription = typeof subscriptions.$inferSelect;
export type NewSubscription = typeof subscriptions.$inferInsert;
export type UsageCounter = typeof usageCounters.$inferSelect;
export type NewUsageCounter = typeof usageCounters.$inferInsert;
