import { createLogger, createRuntime, onShutdown, runMain } from '@vibemonitor/core';
import { loadServerConfig } from './env.js';
import { startServer } from './start-server.js';

// The API server alone (distributed mode): run as many as you like behind a
// load balancer; they share PostgreSQL and Redis.
await runMain('vibemonitor-server', async () => {
  const { app: config, server: serverEnv } = loadServerConfig();
  const logger = createLogger({ level: config.core.LOG_LEVEL, name: 'server' });
  const runtime = await createRuntime({ config, logger });
  const server = await startServer({ runtime, port: serverEnv.PORT, host: serverEnv.HOST, trustProxy: serverEnv.TRUST_PROXY });
  logger.info({ url: server.url, mode: config.mode }, `VibeMonitor API listening on ${server.url}`);
  onShutdown(logger, serverEnv.SHUTDOWN_TIMEOUT_MS, async () => {
    await server.close(Math.min(serverEnv.SHUTDOWN_TIMEOUT_MS, 5_000));
    await runtime.close();
  });
});
