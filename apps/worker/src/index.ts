export { startWorker, type StartWorkerOptions, type StartedWorker } from './start-worker.js';
export { loadWorkerEnv, type WorkerEnv } from './env.js';
