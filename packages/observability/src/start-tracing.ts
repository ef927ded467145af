import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { AppError } from '@vibemonitor/contracts';
import type { Logger } from 'pino';

export interface Tracing {
  /** Exports the spans still buffered, then stops; gives up after `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<void>;
}

export interface StartTracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; unset means tracing stays off. */
  endpoint: string | undefined;
  /** `service.name` of every span, e.g. `vibemonitor-server`. */
  serviceName: string;
  logger: Logger;
}

/**
 * The OTLP/HTTP traces URL for a base endpoint, as the OpenTelemetry spec
 * defines it: `v1/traces` appended to the base path.
 */
export function otlpTracesUrl(endpoint: string): string {
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new AppError(
      'VALIDATION_FAILED',
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as http://localhost:4318',
    );
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.toString();
}

/**
 * Starts the OpenTelemetry SDK exporting traces as OTLP/HTTP JSON when an
 * endpoint is configured; otherwise does nothing and loads nothing, so the
 * `@opentelemetry/api` calls in our code stay no-ops. Spans are created
 * explicitly (no auto-instrumentation: our code is ESM and patching it needs
 * loader hooks). Call before the server handles its first request.
 */
export async function startTracing(options: StartTracingOptions): Promise<Tracing | undefined> {
  if (!options.endpoint) return undefined;
  const url = otlpTracesUrl(options.endpoint);
  const logger = options.logger.child({ component: 'tracing' });
  // Without a diag logger the SDK drops export failures silently.
  diag.setLogger(diagToPino(logger), DiagLogLevel.WARN);
  const [{ NodeSDK }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    traceExporter: new OTLPTraceExporter({ url }),
    // Traces only: without these the SDK would also push metrics and logs over OTLP.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  logger.info({ url, serviceName: options.serviceName }, 'tracing: exporting spans over OTLP/HTTP');
  return {
    shutdown: (timeoutMs) =>
      settleWithin(sdk.shutdown(), timeoutMs).catch((error: unknown) => {
        logger.warn({ err: error }, 'tracing: could not flush spans on shutdown');
      }),
  };
}

/** Resolves when `promise` settles or after `ms`, whichever comes first (a collector that hangs must not block shutdown). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function diagToPino(logger: Logger): DiagLogger {
  return {
    error: (message, ...args) => logger.error({ args }, message),
    warn: (message, ...args) => logger.warn({ args }, message),
    info: (message, ...args) => logger.info({ args }, message),
    debug: (message, ...args) => logger.debug({ args }, message),
    verbose: (message, ...args) => logger.trace({ args }, message),
  };
}
