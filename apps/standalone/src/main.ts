import { Registry, collectDefaultMetrics } from 'prom-client';
import { createLogger, createRuntime, onShutdown, runMain } from '@vibemonitor/core';
import { fileURLToPath } from 'node:url';
import { startErrorReporting, startTracing } from '@vibemonitor/observability';
import { isWebConsoleBuilt, startServer } from '@vibemonitor/server';
import { staleTurnSweepFromEnv, startWorker } from '@vibemonitor/worker';
import { loadStandaloneConfig } from './env.js';

// Server and worker in one process: the `pnpm start` of a fresh machine. With
// no configuration this is the embedded mode (PGlite, in-process queue and
// bus); with DATABASE_URL/REDIS_URL it is simply one server + one worker.
await runMain('vibemonitor', async () => {
  const { app: config, server: serverEnv, worker: workerEnv } = loadStandaloneConfig();
  const logger = createLogger({ level: config.core.LOG_LEVEL, name: 'vibemonitor' });
  // One process serving the API: its spans carry the server's service name.
  const tracing = await startTracing({
    endpoint: config.core.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: 'vibemonitor-server',
    logger,
  });
  const errorReporting = await startErrorReporting({
    dsn: config.core.SENTRY_DSN,
    environment: config.core.NODE_ENV,
    logger,
  });
  const runtime = await createRuntime({ config, logger });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const worker = await startWorker({
    runtime,
    workerId: workerEnv.WORKER_ID,
    concurrency: workerEnv.WORKER_CONCURRENCY,
    registry,
    staleTurnSweep: staleTurnSweepFromEnv(workerEnv),
    investigationThread: workerEnv.INVESTIGATION_THREAD,
    errorReporter: errorReporting?.reporter,
  });
  // The web console: `pnpm start` builds apps/web first (apps/web/scripts/ensure-built.ts).
  const webDir =
    serverEnv.WEB_DIST_DIR ?? fileURLToPath(new URL('../../web/dist', import.meta.url));
  const webBuilt = isWebConsoleBuilt(webDir);
  if (!webBuilt)
    logger.warn(
      { webDir },
      'The web console is not built, so only the API is served: run `pnpm build` (or start with `pnpm start`, which builds it).',
    );
  const server = await startServer({
    runtime,
    port: serverEnv.PORT,
    host: serverEnv.HOST,
    trustProxy: serverEnv.TRUST_PROXY,
    registry,
    errorReporter: errorReporting?.reporter,
    webDir: webBuilt ? webDir : undefined,
  });
  logger.info(
    {
      url: server.url,
      mode: config.mode,
      database: runtime.database.driver,
      queue: runtime.jobs.driver,
    },
    `VibeMonitor is running on ${server.url} (${config.mode} mode)${webBuilt ? '; open it in a browser' : ''}`,
  );

  onShutdown(
    logger,
    Math.max(serverEnv.SHUTDOWN_TIMEOUT_MS, workerEnv.SHUTDOWN_TIMEOUT_MS),
    async () => {
      await server.close(Math.min(serverEnv.SHUTDOWN_TIMEOUT_MS, 5_000));
      await worker.close(workerEnv.SHUTDOWN_TIMEOUT_MS);
      await runtime.close();
      await Promise.all([tracing?.shutdown(2_000), errorReporting?.close(2_000)]);
    },
  );
});
