import { AppError, VIBEMONITOR_VERSION } from '@vibemonitor/contracts';
import type { Logger } from 'pino';
import { scrubErrorEvent } from './scrub-error-event.js';

/**
 * Identifiers attached to a report as Sentry tags: a request id and path (server),
 * a job name and id (worker). Never bodies, headers or inputs.
 */
export interface ErrorReportTags {
  requestId?: string;
  path?: string;
  jobName?: string;
  jobId?: string;
}

export interface ErrorReporting {
  reporter: { captureException(error: unknown, tags: ErrorReportTags): void };
  /** Sends the reports still queued, then stops; gives up after `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
}

export interface StartErrorReportingOptions {
  /** SENTRY_DSN; unset means error reporting stays off. */
  dsn: string | undefined;
  /** NODE_ENV. */
  environment: string;
  /** Defaults to this build's version. */
  release?: string;
  logger: Logger;
}

/** A DSN is `http(s)://<public key>@<host>/<project id>`; Sentry would otherwise disable itself silently. */
export function assertSentryDsn(dsn: string): void {
  const url = URL.canParse(dsn) ? new URL(dsn) : undefined;
  const valid =
    url &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username &&
    /^\/(.+\/)?\d+$/.test(url.pathname);
  if (!valid)
    throw new AppError(
      'VALIDATION_FAILED',
      'SENTRY_DSN must look like https://<public key>@<host>/<project id>',
    );
}

/**
 * Starts Sentry when a DSN is configured; otherwise does nothing and loads
 * nothing. Only errors are sent (no performance tracing, no global handlers,
 * no automatic request capture), through `reporter`, which the API calls for
 * unexpected failures. Sentry is told to leave OpenTelemetry alone so it can
 * run beside our own tracing (see start-tracing.ts).
 */
export async function startErrorReporting(
  options: StartErrorReportingOptions,
): Promise<ErrorReporting | undefined> {
  if (!options.dsn) return undefined;
  assertSentryDsn(options.dsn);
  const logger = options.logger.child({ component: 'error-reporting' });
  const release = options.release ?? VIBEMONITOR_VERSION;
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn: options.dsn,
    environment: options.environment,
    release,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    // Minimal on purpose: the default set adds global exception handlers, console and
    // HTTP capture (headers, bodies) and ESM loader hooks.
    defaultIntegrations: false,
    integrations: [
      Sentry.eventFiltersIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.nodeContextIntegration(),
    ],
    registerEsmLoaderHooks: false,
    skipOpenTelemetrySetup: true,
    sendClientReports: false,
    beforeSend: scrubErrorEvent,
  });
  logger.info(
    { environment: options.environment, release },
    'error reporting: sending unexpected errors to Sentry',
  );
  return {
    reporter: {
      captureException(error, tags) {
        Sentry.captureException(error, { tags: { ...tags } });
      },
    },
    async close(timeoutMs) {
      const flushed = await Sentry.close(timeoutMs);
      if (!flushed)
        logger.warn(
          { timeoutMs },
          'error reporting: reports still queued at shutdown were dropped',
        );
    },
  };
}
