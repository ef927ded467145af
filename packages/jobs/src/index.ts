export * from './env.js';
export * from './event-bus.js';
export * from './job-definitions.js';
export * from './job-queue.js';
export * from './jobs-runtime.js';
export type { JobsLogger } from './logger.js';
export { createInProcessBus } from './in-process-bus.js';
export { createInProcessQueue } from './in-process-queue.js';
export { subscribeIterator } from './subscribe-iterator.js';
