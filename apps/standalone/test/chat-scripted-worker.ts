import { parseArgs } from 'node:util';
import { createLogger, createRuntime, onShutdown, runMain } from '@vibemonitor/core';
import { loadWorkerConfig, staleTurnSweepFromEnv, startWorker } from '@vibemonitor/worker';
import { createScriptedInvestigator } from './chat-scripted-investigator.js';

// A worker process (distributed mode) whose engine is the scripted test
// investigator, for tests that kill workers mid-run. Configured like the
// real worker (environment), plus the script:
//   node --import tsx apps/standalone/test/chat-scripted-worker.ts --events 40 --delay-ms 100
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '3' },
    'delay-ms': { type: 'string', default: '0' },
  },
});

await runMain('chat-scripted-worker', async () => {
  const { app: config, worker: workerEnv } = loadWorkerConfig();
  const logger = createLogger({ level: config.core.LOG_LEVEL, name: 'scripted-worker' });
  const runtime = await createRuntime({ config, logger });
  const investigator = createScriptedInvestigator({
    events: Number(values.events),
    delayMs: Number(values['delay-ms']),
  });
  const worker = await startWorker({
    runtime,
    workerId: workerEnv.WORKER_ID,
    concurrency: 2,
    investigator,
    staleTurnSweep: staleTurnSweepFromEnv(workerEnv),
  });
  onShutdown(logger, workerEnv.SHUTDOWN_TIMEOUT_MS, async () => {
    await worker.close(workerEnv.SHUTDOWN_TIMEOUT_MS);
    await runtime.close();
  });
});
