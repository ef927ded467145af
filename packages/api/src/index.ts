export { appRouter, type AppRouter } from './root.js';
export {
  createApiContext,
  type ApiContext,
  type ApiDeps,
  type ApiSettings,
  type ErrorReportContext,
  type ErrorReporter,
  type RequestFacts,
} from './context.js';
export { createApiMetrics, type ApiMetrics } from './metrics.js';
export { createConcurrencyLimiter, type ConcurrencyLimiter } from './lib/concurrency-limiter.js';
export { trpcCodeByAppCode } from './errors.js';
export {
  createCallerFactory,
  type ProcedureMeta,
  SSE_CLIENT_RECONNECT_AFTER_INACTIVITY_MS,
  SSE_PING_INTERVAL_MS,
} from './trpc.js';
export { authenticateSession, type AuthenticatedSession } from './access/authenticate-session.js';
export { authorizeWorkspace } from './access/authorize-workspace.js';
