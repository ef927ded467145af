import type { ConcurrencyLimiter } from './lib/concurrency-limiter.js';
import type { Logger } from 'pino';
import type { OAuthProviders, SecretBox } from '@vibemonitor/auth';
import type { SystemInfo } from '@vibemonitor/contracts';
import type {
  BillingSettings,
  EmailTransport,
  GithubApp,
  IntegrationSettings,
  LlmSettings,
  RateLimiter,
  SlackSettings,
} from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { EventBus, JobQueue } from '@vibemonitor/jobs';
import type { ApiMetrics } from './metrics.js';

/** Long-lived dependencies the API needs; built once per process by the host app. */
export interface ApiDeps {
  db: Database;
  queue: JobQueue;
  bus: EventBus;
  metrics: ApiMetrics;
  /** Static facts reported by `system.info`. */
  systemInfo: SystemInfo;
  secrets: SecretBox;
  email: EmailTransport;
  rateLimiter: RateLimiter;
  oauth: OAuthProviders;
  settings: ApiSettings;
  /** The server-default LLM, provider base URLs and endpoint rules (llmConfig.*). */
  llm: LlmSettings;
  /** Rules for calling integrations (private URLs allowed?, timeouts). */
  integrations: IntegrationSettings;
  /** The GitHub App client; null when GITHUB_APP_* are not set (GitHub features answer so). */
  github: GithubApp | null;
  /** The Slack app's credentials; undefined when Slack is not configured. */
  slack?: SlackSettings | undefined;
  /** Stripe billing; undefined when STRIPE_* are not set (billing actions answer so, the plans table decides limits). */
  billing?: BillingSettings | undefined;
  /** Where unexpected failures are reported (Sentry when SENTRY_DSN is set); absent means logs only. */
  errorReporter?: ErrorReporter;
  /** Concurrent anonymous event streams per client IP (`system.pingEvents`). */
  anonymousStreams: ConcurrencyLimiter;
}

/**
 * Receives unexpected errors (bugs, not AppErrors). The host app supplies
 * the implementation so this package never depends on a vendor SDK.
 * Implementations must not throw: reporting is best effort.
 */
export interface ErrorReporter {
  captureException(error: unknown, context: ErrorReportContext): void;
}

/** Facts attached to a report: identifiers only, never request bodies or headers. */
export interface ErrorReportContext {
  requestId: string;
  /** tRPC procedure path or HTTP path. */
  path: string;
}

export interface ApiSettings {
  /** Base URL of this API, e.g. http://localhost:3000 (email links, OAuth callbacks). */
  publicUrl: string;
  /** Where browser flows land (email links, OAuth redirects); defaults to publicUrl. */
  webAppUrl: string;
  /** Origins allowed to use the session cookie for mutations (CSRF check). */
  allowedOrigins: string[];
  /** Secure cookies everywhere but development and test over plain http. */
  secureCookies: boolean;
}

/** Per-request facts the host (express) extracts before calling tRPC. */
export interface RequestFacts {
  requestId: string;
  logger: Logger;
  ip: string | undefined;
  userAgent: string | undefined;
  origin: string | undefined;
  /** Raw `Authorization: Bearer` token or session cookie value, if any. */
  bearerToken: string | undefined;
  cookieToken: string | undefined;
  /** Lets procedures set cookies (login/logout) on the HTTP response. */
  setHeader: (name: string, value: string | string[]) => void;
}

export interface ApiContext extends RequestFacts {
  deps: ApiDeps;
}

export function createApiContext(deps: ApiDeps, facts: RequestFacts): ApiContext {
  return { deps, ...facts };
}
