export { startWorker, type StartWorkerOptions, type StartedWorker } from './start-worker.js';
export { loadWorkerConfig, loadWorkerEnv, staleTurnSweepFromEnv, type WorkerEnv } from './env.js';
