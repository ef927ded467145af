import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, enumCheck, id, timestamptz, updatedAt } from './columns.js';
import { integrationHealthStatuses, integrationProviders } from './enums.js';
import { workspaceId, workspaces } from './workspaces.js';

/*
 * An integration row holds what is safe to show (config, health); secrets sit
 * in one credentials table per provider family, 1:1 with the integration
 * (integration_id is their primary key) and deleted with it. Columns ending
 * in `_enc` hold ciphertext produced by the application, never plaintext.
 */

export const integrations = pgTable(
  'integrations',
  {
    id: id(),
    workspaceId: workspaceId(),
    provider: text('provider', { enum: integrationProviders }).notNull(),
    name: text('name').notNull(),
    /** Non-secret settings (URLs, default labels, regions...). */
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    healthStatus: text('health_status', { enum: integrationHealthStatuses }).notNull().default('unknown'),
    lastError: text('last_error'),
    lastCheckedAt: timestamptz('last_checked_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('integrations_workspace_provider_idx').on(t.workspaceId, t.provider),
    enumCheck('integrations_provider_check', t.provider, integrationProviders),
    enumCheck('integrations_health_status_check', t.healthStatus, integrationHealthStatuses),
  ],
);

/** Primary key of a credentials table: the integration it belongs to. */
const integrationId = () =>
  uuid('integration_id')
    .primaryKey()
    .references(() => integrations.id, { onDelete: 'cascade' });

export const grafanaCredentials = pgTable(
  'grafana_credentials',
  {
    integrationId: integrationId(),
    workspaceId: workspaceId(),
    url: text('url').notNull(),
    tokenEnc: text('token_enc').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('grafana_credentials_workspace_id_idx').on(t.workspaceId)],
);

/** Prometheus and Loki speak plain HTTP with optional basic or bearer auth. */
function httpDatasourceColumns() {
  return {
    integrationId: integrationId(),
    workspaceId: workspaceId(),
    url: text('url').notNull(),
    username: text('username'),
    passwordEnc: text('password_enc'),
    bearerTokenEnc: text('bearer_token_enc'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  };
}

export const prometheusCredentials = pgTable('prometheus_credentials', httpDatasourceColumns(), (t) => [
  index('prometheus_credentials_workspace_id_idx').on(t.workspaceId),
]);

export const lokiCredentials = pgTable('loki_credentials', httpDatasourceColumns(), (t) => [
  index('loki_credentials_workspace_id_idx').on(t.workspaceId),
]);

/** CloudWatch: static keys, or a role to assume (then the keys may be null). */
export const awsCredentials = pgTable(
  'aws_credentials',
  {
    integrationId: integrationId(),
    workspaceId: workspaceId(),
    region: text('region').notNull(),
    accessKeyIdEnc: text('access_key_id_enc'),
    secretAccessKeyEnc: text('secret_access_key_enc'),
    roleArn: text('role_arn'),
    externalId: text('external_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('aws_credentials_workspace_id_idx').on(t.workspaceId)],
);

/**
 * The external id a workspace's AWS roles must require in their trust policy
 * (`sts:ExternalId`): generated once per workspace, never chosen by a user,
 * so no other workspace can make VibeMonitor assume that account's role.
 */
export const awsExternalIds = pgTable('aws_external_ids', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  externalId: text('external_id').notNull().unique(),
  createdAt: createdAt(),
});

export const datadogCredentials = pgTable(
  'datadog_credentials',
  {
    integrationId: integrationId(),
    workspaceId: workspaceId(),
    /** e.g. `datadoghq.com`, `datadoghq.eu`. */
    site: text('site').notNull(),
    apiKeyEnc: text('api_key_enc').notNull(),
    appKeyEnc: text('app_key_enc').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('datadog_credentials_workspace_id_idx').on(t.workspaceId)],
);

export const newrelicCredentials = pgTable(
  'newrelic_credentials',
  {
    integrationId: integrationId(),
    workspaceId: workspaceId(),
    accountId: text('account_id').notNull(),
    /** `US` or `EU`. */
    region: text('region').notNull(),
    apiKeyEnc: text('api_key_enc').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('newrelic_credentials_workspace_id_idx').on(t.workspaceId)],
);

export type Integration = typeof integrations.$inferSelect;
export type NewIntegration = typeof integrations.$inferInsert;
export type GrafanaCredentials = typeof grafanaCredentials.$inferSelect;
export type NewGrafanaCredentials = typeof grafanaCredentials.$inferInsert;
export type PrometheusCredentials = typeof prometheusCredentials.$inferSelect;
export type NewPrometheusCredentials = typeof prometheusCredentials.$inferInsert;
export type LokiCredentials = typeof lokiCredentials.$inferSelect;
export type NewLokiCredentials = typeof lokiCredentials.$inferInsert;
export type AwsCredentials = typeof awsCredentials.$inferSelect;
export type NewAwsCredentials = typeof awsCredentials.$inferInsert;
export type AwsExternalId = typeof awsExternalIds.$inferSelect;
export type DatadogCredentials = typeof datadogCredentials.$inferSelect;
export type NewDatadogCredentials = typeof datadogCredentials.$inferInsert;
export type NewrelicCredentials = typeof newrelicCredentials.$inferSelect;
export type NewNewrelicCredentials = typeof newrelicCredentials.$inferInsert;
