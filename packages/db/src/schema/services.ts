import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { workspaceId } from './workspaces.js';

/**
 * Per-source label matchers, keyed by integration provider (e.g.
 * `{ prometheus: { job: 'api' }, loki: { app: 'api' } }`). Validated by the
 * domain layer; stored as-is.
 */
export type ServiceLabelMatchers = Record<string, Record<string, unknown>>;

export const services = pgTable(
  'services',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    description: text('description'),
    aliases: text('aliases')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    labelMatchers: jsonb('label_matchers').$type<ServiceLabelMatchers>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Leads with workspace_id, so it doubles as the tenant index.
  (t) => [unique('services_workspace_name_unique').on(t.workspaceId, t.name)],
);

export type Service = typeof services.$inferSelect;
export type NewService = typeof services.$inferInsert;
