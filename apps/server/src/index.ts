export { startServer, type StartServerOptions, type StartedServer } from './start-server.js';
export { loadServerConfig, loadServerEnv, type ServerEnv } from './env.js';
export { createHttpApp } from './app.js';
export { apiSettings } from './start-server.js';
export {
  startErrorReporting,
  type ErrorReporting,
  type StartErrorReportingOptions,
} from './observability/start-error-reporting.js';
export {
  startTracing,
  type StartTracingOptions,
  type Tracing,
} from './observability/start-tracing.js';
export { isWebConsoleBuilt, webConsoleRoutes } from './web-console.js';
