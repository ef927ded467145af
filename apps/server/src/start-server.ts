import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { createApiMetrics, type ApiDeps } from '@vibemonitor/api';
import { describeSystem, type Runtime } from '@vibemonitor/core';
import { VIBEMONITOR_VERSION } from '@vibemonitor/contracts';
import type { JobQueue } from '@vibemonitor/jobs';
import { createHttpApp } from './app.js';
import type { DependencyCheck } from './health.js';
import { listen, type RunningHttpServer } from './http-server.js';

export interface StartServerOptions {
  runtime: Runtime;
  port: number;
  host: string;
  trustProxy?: boolean;
  /** Shared with an in-process worker (embedded mode) so one /metrics shows both. */
  registry?: Registry;
}

export interface StartedServer extends RunningHttpServer {
  registry: Registry;
}

function pingCheck(name: string, dependency: string, ping: () => Promise<{ ok: true } | { ok: false; error: string }>): DependencyCheck {
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

  const deps: ApiDeps = {
    db: runtime.database.db,
    queue: runtime.jobs.queue,
    bus: runtime.jobs.bus,
    metrics: createApiMetrics(registry),
    systemInfo: describeSystem(runtime.config),
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
  const core = runtime.config.core;
  const corsOrigins = [...core.CORS_ORIGINS, ...(core.WEB_APP_URL ? [new URL(core.WEB_APP_URL).origin] : [])];
  const app = createHttpApp({
    deps,
    logger: runtime.logger,
    registry,
    checks,
    corsOrigins,
    trustProxy: options.trustProxy ?? false,
    version: VIBEMONITOR_VERSION,
  });
  const server = await listen(app, options.port, options.host);
  return { ...server, registry };
}
