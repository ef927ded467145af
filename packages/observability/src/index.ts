// Tracing (OpenTelemetry, OTLP/HTTP JSON) and error reporting (Sentry) for the
// server and the worker processes. Both stay off, and load nothing, unless configured.
export {
  otlpTracesUrl,
  startTracing,
  type StartTracingOptions,
  type Tracing,
} from './start-tracing.js';
export {
  assertSentryDsn,
  startErrorReporting,
  type ErrorReportTags,
  type ErrorReporting,
  type StartErrorReportingOptions,
} from './start-error-reporting.js';
export { scrubErrorEvent } from './scrub-error-event.js';
