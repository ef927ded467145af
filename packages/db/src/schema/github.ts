import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { createdAt, enumCheck, id, timestamptz } from './columns.js';
import { workspaceId } from './workspaces.js';

/**
 * Pending GitHub App installs: the state handed to GitHub, bound to the user
 * and workspace that asked. Only a SHA-256 of the state's nonce is stored;
 * a row is deleted when used, so a state works once.
 */
export const githubInstallStates = pgTable(
  'github_install_states',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    nonceHash: text('nonce_hash').notNull().unique('github_install_states_nonce_hash_unique'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('github_install_states_workspace_id_idx').on(t.workspaceId)],
);

/**
 * Every verified webhook delivery, keyed by GitHub's `X-GitHub-Delivery` id
 * (GitHub redelivers with the same id, so the key dedupes). The payload waits
 * here for the queue; `processedAt` is set once it has been handled.
 */
export const githubWebhookDeliveries = pgTable(
  'github_webhook_deliveries',
  {
    deliveryId: text('delivery_id').primaryKey(),
    event: text('event').notNull(),
    action: text('action'),
    installationId: bigint('installation_id', { mode: 'number' }),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamptz('processed_at'),
    /** What processing did (`stored change event`, `ignored: ...`), for operators. */
    outcome: text('outcome'),
  },
  (t) => [index('github_webhook_deliveries_received_at_idx').on(t.receivedAt)],
);

export const githubChangeKinds = [
  'push',
  'deployment',
  'deployment_status',
  'release',
  'pull_request',
] as const;
export type GithubChangeKind = (typeof githubChangeKinds)[number];

/** A change GitHub told us about: a push to a default branch, a deployment (and its statuses), a release, a merged pull request. */
export const githubChangeEvents = pgTable(
  'github_change_events',
  {
    id: id(),
    workspaceId: workspaceId(),
    installationId: bigint('installation_id', { mode: 'number' }).notNull(),
    /** One change per delivery: re-processing a delivery changes nothing. */
    deliveryId: text('delivery_id').notNull().unique('github_change_events_delivery_id_unique'),
    kind: text('kind').$type<GithubChangeKind>().notNull(),
    /** `owner/name`. */
    repositoryFullName: text('repository_full_name').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    sha: text('sha'),
    /** Tag, ref or deployment ref. */
    version: text('version'),
    /** Deployment environment (production, staging...), when GitHub names one. */
    environment: text('environment'),
    /** Deployment status state (success, failure...). */
    state: text('state'),
    author: text('author'),
    title: text('title').notNull(),
    prNumber: integer('pr_number'),
    url: text('url'),
    createdAt: createdAt(),
  },
  (t) => [
    index('github_change_events_workspace_time_idx').on(t.workspaceId, t.occurredAt),
    enumCheck('github_change_events_kind_check', t.kind, githubChangeKinds),
  ],
);

export type GithubInstallState = typeof githubInstallStates.$inferSelect;
export type GithubWebhookDelivery = typeof githubWebhookDeliveries.$inferSelect;
export type GithubChangeEvent = typeof githubChangeEvents.$inferSelect;
export type NewGithubChangeEvent = typeof githubChangeEvents.$inferInsert;
