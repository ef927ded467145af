import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { createdAt, enumCheck, id, timestamptz, updatedAt } from './columns.js';
import { workspaceId } from './workspaces.js';

export const webhookEventTypes = [
  'investigation.completed',
  'investigation.failed',
  'integration.health_changed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** A workspace's outgoing webhook: where events go, signed with its (encrypted) secret. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    workspaceId: workspaceId(),
    url: text('url').notNull(),
    description: text('description'),
    /** The event types sent to it (a subset of webhookEventTypes). */
    events: jsonb('events').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    secretCiphertext: text('secret_ciphertext').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_workspace_id_idx').on(t.workspaceId)],
);

/**
 * One event for one endpoint (the Standard Webhooks `webhook-id`, kept across
 * retries and redeliveries), with its last outcome. Attempts are logged in
 * webhook_delivery_attempts.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    workspaceId: workspaceId(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventType: text('event_type', { enum: webhookEventTypes }).notNull(),
    /** The exact JSON body sent (signatures cover these bytes). */
    payload: text('payload').notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attemptCount: integer('attempt_count').notNull().default(0),
    lastResponseStatus: integer('last_response_status'),
    lastError: text('last_error'),
    nextAttemptAt: timestamptz('next_attempt_at'),
    deliveredAt: timestamptz('delivered_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt.desc()),
    index('webhook_deliveries_workspace_id_idx').on(t.workspaceId),
    enumCheck('webhook_deliveries_event_type_check', t.eventType, webhookEventTypes),
    enumCheck('webhook_deliveries_status_check', t.status, webhookDeliveryStatuses),
  ],
);

/** Each HTTP attempt of a delivery: when, the response code (or the error), how long it took. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: id(),
    workspaceId: workspaceId(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    /** True for an attempt an owner asked for (redelivery). */
    manual: boolean('manual').notNull().default(false),
    responseStatus: integer('response_status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_delivery_attempts_delivery_idx').on(t.deliveryId, t.createdAt),
    index('webhook_delivery_attempts_workspace_id_idx').on(t.workspaceId),
  ],
);
