import type { ConnectableProvider } from './integration-providers.js';

/** How a Prometheus or Loki integration authenticates, as entered. */
export type HttpAuthInput =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string };

/** A configuration to test or connect. Secrets arrive in plain text and are encrypted before storage. */
export type IntegrationConfigInput =
  | { provider: 'grafana'; url: string; token: string }
  | { provider: 'prometheus' | 'loki'; url: string; auth: HttpAuthInput }
  /** The external id is the workspace's own (getAwsExternalId), never part of the input. */
  | { provider: 'cloudwatch'; region: string; roleArn: string }
  /** `region` is one of Datadog's (us1, eu1...); the site and API URL follow from it. */
  | { provider: 'datadog'; region: string; apiKey: string; appKey: string }
  /** `region` is US or EU; `accountId` the numeric account. */
  | { provider: 'newrelic'; region: string; accountId: string; apiKey: string };

export interface ConnectIntegrationInput {
  /** Defaults to the provider's name and the URL's host. */
  name?: string | undefined;
  config: IntegrationConfigInput;
}

/**
 * Changes to an integration. Secrets left out keep their stored value, so
 * a rename or a URL change does not require re-entering the token; for
 * basic auth, a password may be left out only when the username and scheme
 * stay the same.
 */
export interface UpdateIntegrationInput {
  integrationId: string;
  name?: string | undefined;
  url?: string | undefined;
  /** Grafana only. */
  token?: string | undefined;
  /** CloudWatch only. */
  roleArn?: string | undefined;
  /** Prometheus and Loki only. */
  auth?:
    | { type: 'none' }
    | { type: 'bearer'; token?: string | undefined }
    | { type: 'basic'; username: string; password?: string | undefined }
    | undefined;
  /** CloudWatch, Datadog or New Relic: another region (Datadog and New Relic then need the keys again). */
  region?: string | undefined;
  /** Datadog and New Relic. */
  apiKey?: string | undefined;
  /** New Relic only: another account (the key must then be entered again). */
  accountId?: string | undefined;
  /** Datadog only. */
  appKey?: string | undefined;
}

export type { ConnectableProvider };
