import type { IntegrationConfigInput } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';

export const integrationIdField = z.uuid({ message: 'integrationId must be a UUID' });

const urlField = text()
  .trim()
  .min(1, 'Enter the URL.')
  .max(2000, 'URLs are at most 2000 characters.');
const secretField = (what: string) =>
  text().min(1, `Enter the ${what}.`).max(8192, `The ${what} is too long.`);
const usernameField = text()
  .trim()
  .min(1, 'Enter the username.')
  .max(200, 'Usernames are at most 200 characters.');
const nameField = text()
  .trim()
  .min(1, 'Enter a name.')
  .max(100, 'Integration names are at most 100 characters.');

export const httpAuthInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer'), token: secretField('bearer token') }),
  z.object({
    type: z.literal('basic'),
    username: usernameField,
    password: secretField('password'),
  }),
]);

const grafanaFields = {
  provider: z.literal('grafana'),
  url: urlField,
  token: secretField('service account token'),
};
const httpFields = { url: urlField, auth: httpAuthInput.default({ type: 'none' }) };
const regionField = text()
  .trim()
  .min(1, 'Enter the AWS region.')
  .max(40, 'AWS region names are at most 40 characters.');
const roleArnField = text()
  .trim()
  .min(1, 'Enter the role ARN.')
  .max(2048, 'Role ARNs are at most 2048 characters.');
/** CloudWatch: the role to assume; the external id is the workspace's own, not an input. */
const cloudwatchFields = {
  provider: z.literal('cloudwatch'),
  region: regionField,
  roleArn: roleArnField,
};
const datadogRegionField = z.enum(['us1', 'us3', 'us5', 'eu1', 'ap1', 'us1-fed'], {
  message: 'region must be one of us1, us3, us5, eu1, ap1, us1-fed',
});
const datadogFields = {
  provider: z.literal('datadog'),
  region: datadogRegionField,
  apiKey: secretField('API key'),
  appKey: secretField('application key'),
};
const newrelicRegionField = z.enum(['US', 'EU'], { message: 'region must be US or EU' });
const newrelicAccountField = text()
  .trim()
  .regex(/^[0-9]{1,12}$/, 'The account id is a number, e.g. 1234567.');
const newrelicFields = {
  provider: z.literal('newrelic'),
  region: newrelicRegionField,
  accountId: newrelicAccountField,
  apiKey: secretField('User API key'),
};

/** A configuration to test: the provider and what it needs. */
export const integrationConfigInput = z.discriminatedUnion('provider', [
  z.object(grafanaFields),
  z.object({ provider: z.literal('prometheus'), ...httpFields }),
  z.object({ provider: z.literal('loki'), ...httpFields }),
  z.object(cloudwatchFields),
  z.object(datadogFields),
  z.object(newrelicFields),
]);

/** A configuration to connect, with an optional display name. */
export const connectIntegrationInput = z.discriminatedUnion('provider', [
  z.object({ ...grafanaFields, name: nameField.optional() }),
  z.object({ provider: z.literal('prometheus'), ...httpFields, name: nameField.optional() }),
  z.object({ provider: z.literal('loki'), ...httpFields, name: nameField.optional() }),
  z.object({ ...cloudwatchFields, name: nameField.optional() }),
  z.object({ ...datadogFields, name: nameField.optional() }),
  z.object({ ...newrelicFields, name: nameField.optional() }),
]);

export const updateIntegrationInput = z.object({
  integrationId: integrationIdField,
  name: nameField.optional(),
  url: urlField.optional(),
  /** Grafana: a new service account token. */
  token: secretField('service account token').optional(),
  /**
   * Another region: CloudWatch (an AWS region), Datadog (us1, eu1...) or New Relic (US, EU); Datadog
   * and New Relic then need the keys again. The domain checks it against the integration's provider.
   */
  region: text()
    .trim()
    .min(1, 'Enter the region.')
    .max(40, 'Region names are at most 40 characters.')
    .optional(),
  /** CloudWatch: another role (the external id stays the workspace's). */
  roleArn: roleArnField.optional(),
  /** Prometheus/Loki: new auth; a secret left out keeps the stored one when the scheme stays. */
  auth: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('bearer'), token: secretField('bearer token').optional() }),
      z.object({
        type: z.literal('basic'),
        username: usernameField,
        password: secretField('password').optional(),
      }),
    ])
    .optional(),
  /** New Relic: another account (then the key again). */
  accountId: newrelicAccountField.optional(),
  /** Datadog or New Relic: a new API key. */
  apiKey: secretField('API key').optional(),
  /** Datadog: a new application key. */
  appKey: secretField('application key').optional(),
});

export const healthStatusSchema = z.enum(['healthy', 'degraded', 'failing', 'unknown']);

export const grafanaDatasourceSchema = z.object({
  uid: z.string(),
  name: z.string(),
  type: z.enum(['prometheus', 'loki']),
  isDefault: z.boolean(),
});

/** The result of checking an integration now. */
export const healthReportSchema = z.object({
  status: z.enum(['healthy', 'degraded', 'failing']),
  message: z.string().nullable(),
  version: z.string().nullable(),
  latencyMs: z.number(),
  datasources: z.array(grafanaDatasourceSchema),
});

/** An integration as members see it: no secrets, at most their last 4 characters. */
export const integrationSchema = z.object({
  id: z.uuid(),
  provider: z.enum([
    'grafana',
    'prometheus',
    'loki',
    'cloudwatch',
    'datadog',
    'newrelic',
    'github',
    'demo',
  ]),
  name: z.string(),
  url: z.string().nullable(),
  auth: z.object({
    type: z.enum(['token', 'none', 'bearer', 'basic']).nullable(),
    username: z.string().nullable(),
    secretLast4: z.string().nullable(),
  }),
  health: z.object({
    status: healthStatusSchema,
    lastError: z.string().nullable(),
    lastCheckedAt: z.date().nullable(),
  }),
  version: z.string().nullable(),
  datasources: z.array(grafanaDatasourceSchema),
  aws: z.object({ region: z.string(), roleArn: z.string(), externalId: z.string() }).nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** The provider-specific part of a test or connect input, as the domain takes it. */
export function toConfigInput(
  input: z.infer<typeof integrationConfigInput>,
): IntegrationConfigInput {
  if (input.provider === 'grafana')
    return { provider: 'grafana', url: input.url, token: input.token };
  if (input.provider === 'cloudwatch')
    return { provider: 'cloudwatch', region: input.region, roleArn: input.roleArn };
  if (input.provider === 'newrelic')
    return {
      provider: 'newrelic',
      region: input.region,
      accountId: input.accountId,
      apiKey: input.apiKey,
    };
  if (input.provider === 'datadog')
    return {
      provider: 'datadog',
      region: input.region,
      apiKey: input.apiKey,
      appKey: input.appKey,
    };
  return { provider: input.provider, url: input.url, auth: input.auth };
}
