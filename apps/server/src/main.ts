import { createLogger, createRuntime, onShutdown, runMain } from '@vibemonitor/core';
import { loadServerConfig } from './env.js';
import { startErrorReporting, startTracing } from '@vibemonitor/observability';
import { startServer } from './start-server.js';

// The API server alone (distributed mode): run as many as you like behind a
// load balancer; they share PostgreSQL and Redis.
await runMain('vibemonitor-server', async () => {
  const { app: config, server: serverEnv } = loadServerConfig();
  const logger = createLogger({ level: config.core.LOG_LEVEL, name: 'server' });
  // Before anything else runs, so the first request is already traced and reported.
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
  const server = await startServer({
    runtime,
    port: serverEnv.PORT,
    host: serverEnv.HOST,
    trustProxy: serverEnv.TRUST_PROXY,
    errorReporter: errorReporting?.reporter,
    webDir: serverEnv.WEB_DIST_DIR,
  });
  logger.info({ url: server.url, mode: config.mode }, `VibeMonitor API listening on ${server.url}`);
  onShutdown(logger, serverEnv.SHUTDOWN_TIMEOUT_MS, async () => {
    await server.close(Math.min(serverEnv.SHUTDOWN_TIMEOUT_MS, 5_000));
    await runtime.close();
    // Last, so spans and reports from the final requests still go out.
    await Promise.all([tracing?.shutdown(2_000), errorReporting?.close(2_000)]);
  });
});
