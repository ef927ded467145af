import type { PlanId } from '@vibemonitor/contracts';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';

/**
 * Billing plans. The rows are seeded by a migration (0001_seed_plans.sql), so
 * every migrated database has 'free' and 'pro' and `workspaces.plan_id` can
 * reference them.
 */
export const plans = pgTable('plans', {
  id: text('id').$type<PlanId>().primaryKey(),
  name: text('name').notNull(),
  /** Null means unlimited. */
  maxServices: integer('max_services'),
  dailyInvestigations: integer('daily_investigations').notNull(),
  priceCents: integer('price_cents').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type Plan = typeof plans.$inferSelect;
export type NewPlan = typeof plans.$inferInsert;
