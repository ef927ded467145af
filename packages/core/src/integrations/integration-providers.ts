/** Providers that can be connected today, in the order they are offered. */
export const connectableProviders = [
  'grafana',
  'prometheus',
  'loki',
  'cloudwatch',
  'datadog',
  'newrelic',
] as const;
export type ConnectableProvider = (typeof connectableProviders)[number];

export interface ProviderField {
  name: string;
  label: string;
  required: boolean;
  /** Stored encrypted and never returned. */
  secret: boolean;
  description: string;
}

export interface ProviderDescription {
  provider: ConnectableProvider;
  label: string;
  description: string;
  /** What this provider gives investigations. */
  capabilities: Array<'metrics' | 'logs'>;
  /** Authentication schemes accepted (`auth.type` of the connect input). */
  authTypes: Array<'token' | 'none' | 'bearer' | 'basic' | 'aws_role'>;
  fields: ProviderField[];
}

const urlField = (example: string): ProviderField => ({
  name: 'url',
  label: 'URL',
  required: true,
  secret: false,
  description: `Base URL, e.g. ${example}.`,
});

const httpAuthFields: ProviderField[] = [
  {
    name: 'auth.token',
    label: 'Bearer token',
    required: false,
    secret: true,
    description: 'For auth.type "bearer".',
  },
  {
    name: 'auth.username',
    label: 'Username',
    required: false,
    secret: false,
    description: 'For auth.type "basic".',
  },
  {
    name: 'auth.password',
    label: 'Password',
    required: false,
    secret: true,
    description: 'For auth.type "basic".',
  },
];

/** What `integration.available` shows: each provider with the fields it needs. */
export const providerDescriptions: ProviderDescription[] = [
  {
    provider: 'grafana',
    label: 'Grafana',
    description:
      'Connect Grafana with a service-account token; its Prometheus and Loki datasources are discovered.',
    capabilities: ['metrics', 'logs'],
    authTypes: ['token'],
    fields: [
      urlField('https://grafana.example.com'),
      {
        name: 'token',
        label: 'Service account token',
        required: true,
        secret: true,
        description: 'A Grafana service-account token with the Viewer role (glsa_...).',
      },
    ],
  },
  {
    provider: 'prometheus',
    label: 'Prometheus',
    description: 'Query a Prometheus-compatible server directly (for teams without Grafana).',
    capabilities: ['metrics'],
    authTypes: ['none', 'bearer', 'basic'],
    fields: [urlField('https://prometheus.example.com'), ...httpAuthFields],
  },
  {
    provider: 'loki',
    label: 'Loki',
    description: 'Query Loki directly (for teams without Grafana).',
    capabilities: ['logs'],
    authTypes: ['none', 'bearer', 'basic'],
    fields: [urlField('https://loki.example.com'), ...httpAuthFields],
  },
  {
    provider: 'cloudwatch',
    label: 'AWS CloudWatch',
    description:
      "Read CloudWatch metrics and CloudWatch Logs through an IAM role VibeMonitor assumes with your workspace's external id (integration.awsSetup gives the trust and permissions policies).",
    capabilities: ['metrics', 'logs'],
    authTypes: ['aws_role'],
    fields: [
      {
        name: 'region',
        label: 'Region',
        required: true,
        secret: false,
        description: 'The AWS region of the telemetry, e.g. eu-west-1.',
      },
      {
        name: 'roleArn',
        label: 'Role ARN',
        required: true,
        secret: false,
        description:
          'arn:aws:iam::<account>:role/<name>, trusting VibeMonitor with the external id shown.',
      },
    ],
  },
  {
    provider: 'datadog',
    label: 'Datadog',
    description:
      'Read Datadog metrics (APM, infrastructure, integrations), logs and deployment events with an API key and an application key.',
    capabilities: ['metrics', 'logs'],
    authTypes: ['token'],
    fields: [
      {
        name: 'region',
        label: 'Region',
        required: true,
        secret: false,
        description: 'Where the Datadog organisation lives: us1, us3, us5, eu1, ap1 or us1-fed.',
      },
      {
        name: 'apiKey',
        label: 'API key',
        required: true,
        secret: true,
        description: 'An organisation API key (Organization Settings > API Keys).',
      },
      {
        name: 'appKey',
        label: 'Application key',
        required: true,
        secret: true,
        description:
          'An application key whose role has metrics_read, logs_read_data, events_read and apm_service_catalog_read (a scoped key with only these is best).',
      },
    ],
  },
  {
    provider: 'newrelic',
    label: 'New Relic',
    description:
      'Read New Relic logs, transactions and deployments through NerdGraph (NRQL) with a User API key.',
    capabilities: ['metrics', 'logs'],
    authTypes: ['token'],
    fields: [
      {
        name: 'region',
        label: 'Region',
        required: true,
        secret: false,
        description: 'US or EU: where the account lives.',
      },
      {
        name: 'accountId',
        label: 'Account id',
        required: true,
        secret: false,
        description: 'The numeric id of the account to read.',
      },
      {
        name: 'apiKey',
        label: 'User API key',
        required: true,
        secret: true,
        description: 'A User key (NRAK-...) of a user with read access to the account.',
      },
    ],
  },
];

export function providerLabel(provider: string): string {
  return providerDescriptions.find((p) => p.provider === provider)?.label ?? provider;
}
