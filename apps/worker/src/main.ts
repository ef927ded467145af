import { createServer } from 'node:http';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createLogger, createRuntime, onShutdown, runMain } from '@vibemonitor/core';
import { startErrorReporting, startTracing } from '@vibemonitor/observability';
import { loadWorkerConfig, staleTurnSweepFromEnv } from './env.js';
import { startWorker } from './start-worker.js';

// The worker alone (distributed mode): run as many as you like; BullMQ hands
// each job to exactly one of them.
await runMain('vibemonitor-worker', async () => {
  const { app: config, worker: workerEnv } = loadWorkerConfig();
  const logger = createLogger({ level: config.core.LOG_LEVEL, name: 'worker' });
  // Before the first job runs, so its span joins the trace carried in the job.
  const tracing = await startTracing({
    endpoint: config.core.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: 'vibemonitor-worker',
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

  const metricsServer =
    workerEnv.WORKER_METRICS_PORT === undefined
      ? undefined
      : createServer((req, res) => {
          if (req.url !== '/metrics') {
            res.writeHead(404).end();
            return;
          }
          registry
            .metrics()
            .then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body));
        }).listen(workerEnv.WORKER_METRICS_PORT, '0.0.0.0');

  onShutdown(logger, workerEnv.SHUTDOWN_TIMEOUT_MS, async () => {
    metricsServer?.close();
    const { timedOut } = await worker.close(workerEnv.SHUTDOWN_TIMEOUT_MS);
    if (timedOut)
      logger.warn(
        'running jobs were abandoned at the deadline; they will be re-run by another worker',
      );
    await runtime.close();
    // Last, so spans and reports from the final jobs still go out.
    await Promise.all([tracing?.shutdown(2_000), errorReporting?.close(2_000)]);
  });
});
