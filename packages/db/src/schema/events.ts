import { index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { createdAt, id, timestamptz } from './columns.js';
import { workspaces } from './workspaces.js';

/*
 * Append-only logs. They are not tenant data: workspace_id and user_id are
 * optional and nulled (not cascaded) on deletion, so the dedupe ledger and
 * the audit trail outlive what they mention.
 */

const optionalWorkspaceId = () => uuid('workspace_id').references(() => workspaces.id, { onDelete: 'set null' });
const optionalUserId = () => uuid('user_id').references(() => users.id, { onDelete: 'set null' });

/** Inbound webhooks already handled; insert in the same transaction as the side effect. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    workspaceId: optionalWorkspaceId(),
    /** `stripe`, `slack`, `github`... */
    provider: text('provider').notNull(),
    /** The provider's event or delivery id. */
    eventId: text('event_id').notNull(),
    receivedAt: timestamptz('received_at').notNull().defaultNow(),
    processedAt: timestamptz('processed_at'),
  },
  (t) => [
    unique('webhook_events_provider_event_unique').on(t.provider, t.eventId),
    index('webhook_events_workspace_id_idx').on(t.workspaceId),
  ],
);

/** Security-relevant actions (logins, password resets, role changes...). */
export const securityEvents = pgTable(
  'security_events',
  {
    id: id(),
    workspaceId: optionalWorkspaceId(),
    userId: optionalUserId(),
    kind: text('kind').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    index('security_events_workspace_created_idx').on(t.workspaceId, t.createdAt),
    index('security_events_user_created_idx').on(t.userId, t.createdAt),
  ],
);

/** Product analytics (`signup`, `login`, `workspace_created`, `invitation_accepted`...). */
export const engagementEvents = pgTable(
  'engagement_events',
  {
    id: id(),
    workspaceId: optionalWorkspaceId(),
    userId: optionalUserId(),
    kind: text('kind').notNull(),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('engagement_events_workspace_id_idx').on(t.workspaceId),
    index('engagement_events_user_id_idx').on(t.userId),
    index('engagement_events_kind_created_idx').on(t.kind, t.createdAt),
  ],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type NewWebhookEvent = typeof webhookEvents.$inferInsert;
export type SecurityEvent = typeof securityEvents.$inferSelect;
export type NewSecurityEvent = typeof securityEvents.$inferInsert;
export type EngagementEvent = typeof engagementEvents.$inferSelect;
export type NewEngagementEvent = typeof engagementEvents.$inferInsert;
