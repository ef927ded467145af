import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import {
  createApiMetrics,
  createConcurrencyLimiter,
  type ApiDeps,
  type ApiSettings,
  type ErrorReporter,
} from '@vibemonitor/api';
import { createOAuthProviders, type OAuthProviders } from '@vibemonitor/auth';
import {
  billingSettingsFromConfig,
  describeSystem,
  githubAppFromConfig,
  integrationSettingsFromConfig,
  llmSettingsFromConfig,
  slackSettingsFromConfig,
  type Runtime,
} from '@vibemonitor/core';
import { VIBEMONITOR_VERSION } from '@vibemonitor/contracts';
import type { JobQueue } from '@vibemonitor/jobs';
import { createHttpApp } from './app.js';
import type { DependencyCheck } from './health.js';
import { listen, type RunningHttpServer } from './http-server.js';

export interface StartServerOptions {
  runtime: Runtime;
  port: number;
  host: string;
  /** Express `trust proxy`: false, a hop count, or proxy addresses/CIDRs. */
  trustProxy?: boolean | number | string;
  /** Shared with an in-process worker (embedded mode) so one /metrics shows both. */
  registry?: Registry;
  /** Replaces the OAuth providers built from configuration (tests point them at fake providers). */
  oauth?: (settings: ApiSettings) => OAuthProviders;
  /** Receives unexpected errors (Sentry when configured, see observability/start-error-reporting.ts). */
  errorReporter?: ErrorReporter;
  /** A built web console to serve at `/` (embedded mode: apps/web/dist; distributed: WEB_DIST_DIR). */
  webDir?: string | undefined;
}

export interface StartedServer extends RunningHttpServer {
  registry: Registry;
  /** The dependencies the API runs with (tests inspect settings and OAuth providers). */
  deps: ApiDeps;
}

function pingCheck(
  name: string,
  dependency: string,
  ping: () => Promise<{ ok: true } | { ok: false; error: string }>,
): DependencyCheck {
  return {
    name,
    dependency,
    ping: async () => {
      const result = await ping();
      if (!result.ok) throw new Error(result.error);
    },
  };
}

/** Exposes queue depth as a gauge computed when Prometheus scrapes. */
function registerQueueDepth(registry: Registry, queue: JobQueue): void {
  new Gauge({
    name: 'vm_queue_jobs',
    help: 'Jobs in the queue by job name and state',
    labelNames: ['job', 'state'],
    registers: [registry],
    async collect() {
      try {
        const depth = await queue.depth();
        for (const [job, counts] of Object.entries(depth)) {
          for (const [state, value] of Object.entries(counts)) this.set({ job, state }, value);
        }
      } catch {
        // Queue store unreachable: /health/ready reports it; keep /metrics answering.
      }
    },
  });
}

/** Builds the API on top of a runtime and starts listening. */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const { runtime } = options;
  const registry = options.registry ?? new Registry();
  if (!options.registry) collectDefaultMetrics({ register: registry });
  registerQueueDepth(registry, runtime.jobs.queue);

  const core = runtime.config.core;
  const server = await listen(options.port, options.host, {
    headersTimeoutMs: core.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: core.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: core.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxRequestsPerSocket: core.HTTP_MAX_REQUESTS_PER_SOCKET,
    maxConnections: core.HTTP_MAX_CONNECTIONS,
    maxConnectionsPerIp: core.HTTP_MAX_CONNECTIONS_PER_IP,
  });
  const settings = apiSettings(runtime, server.url);
  const deps: ApiDeps = {
    db: runtime.database.db,
    secrets: runtime.secrets,
    email: runtime.email,
    rateLimiter: runtime.rateLimiter,
    oauth: options.oauth ? options.oauth(settings) : oauthFromConfig(runtime, settings),
    settings,
    llm: llmSettingsFromConfig(runtime.config),
    integrations: integrationSettingsFromConfig(runtime.config),
    github: githubAppFromConfig(runtime.config),
    slack: slackSettingsFromConfig(runtime.config),
    billing: billingSettingsFromConfig(runtime.config),
    queue: runtime.jobs.queue,
    bus: runtime.jobs.bus,
    metrics: createApiMetrics(registry),
    systemInfo: describeSystem(runtime.config),
    errorReporter: options.errorReporter,
    anonymousStreams: createConcurrencyLimiter(core.ANONYMOUS_STREAMS_PER_IP),
  };
  const queueDependency = runtime.jobs.driver === 'redis' ? 'redis' : 'in-process';
  const checks: DependencyCheck[] = [
    {
      name: 'database',
      dependency: runtime.database.driver,
      ping: () => runtime.database.ping(),
    },
    pingCheck('queue', queueDependency, () => runtime.jobs.queue.ping()),
    pingCheck('eventBus', queueDependency, () => runtime.jobs.bus.ping()),
  ];
  const app = createHttpApp({
    deps,
    logger: runtime.logger,
    registry,
    checks,
    corsOrigins: settings.allowedOrigins,
    trustProxy: options.trustProxy ?? false,
    version: VIBEMONITOR_VERSION,
    webDir: options.webDir,
  });
  server.attach(app);
  return {
    server: server.server,
    url: server.url,
    port: server.port,
    close: server.close,
    registry,
    deps,
  };
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/** Derives URLs, allowed origins and cookie security from configuration and the bound address. */
export function apiSettings(runtime: Runtime, listeningUrl: string): ApiSettings {
  const core = runtime.config.core;
  const publicUrl = (core.PUBLIC_URL ?? listeningUrl).replace(/\/+$/, '');
  const webAppUrl = (core.WEB_APP_URL ?? publicUrl).replace(/\/+$/, '');
  const allowedOrigins = [
    ...new Set([originOf(publicUrl), originOf(webAppUrl), ...core.CORS_ORIGINS.map(originOf)]),
  ];
  // Secure cookies are never sent over plain http; only a local http URL may go without.
  const secureCookies = core.NODE_ENV === 'production' || publicUrl.startsWith('https://');
  return { publicUrl, webAppUrl, allowedOrigins, secureCookies };
}

function oauthFromConfig(runtime: Runtime, settings: ApiSettings): OAuthProviders {
  const { google, github } = runtime.config.auth;
  const callback = (provider: string) => `${settings.publicUrl}/api/v1/auth/${provider}/callback`;
  return createOAuthProviders({
    google: google ? { ...google, redirectUri: callback('google') } : undefined,
    github: github ? { ...github, redirectUri: callback('github') } : undefined,
  });
}
