import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns.js';
import { workspaceId, workspaces } from './workspaces.js';

/**
 * The Stripe customer of a workspace: created once (with the workspace id in
 * its metadata) at the first checkout and reused for every later one.
 */
export const billingCustomers = pgTable('billing_customers', {
  workspaceId: workspaceId().primaryKey(),
  stripeCustomerId: text('stripe_customer_id')
    .notNull()
    .unique('billing_customers_stripe_customer_id_unique'),
  createdAt: createdAt(),
});

/**
 * Stripe webhook events already applied, by Stripe's event id. A row is
 * inserted in the same transaction as the event's effect, so an event is
 * applied exactly once however often Stripe delivers it. Kept when the
 * workspace goes (the ledger outlives it; the reference is nulled).
 */
export const stripeEvents = pgTable(
  'stripe_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    /** Stripe's `created` of the event. */
    stripeCreatedAt: timestamptz('stripe_created_at').notNull(),
    workspaceId: uuid('workspace_id').references(() => workspaces.id, { onDelete: 'set null' }),
    /** What the event did: `applied`, `stale` (older than the stored state), `ignored` (unknown type or no workspace). */
    outcome: text('outcome').notNull(),
    processedAt: timestamptz('processed_at').notNull().defaultNow(),
  },
  (t) => [index('stripe_events_workspace_id_idx').on(t.workspaceId)],
);

export type BillingCustomer = typeof billingCustomers.$inferSelect;
export type StripeEvent = typeof stripeEvents.$inferSelect;
