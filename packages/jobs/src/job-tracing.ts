import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The key under which a job's data carries the W3C trace context of the code
 * that enqueued it. Outside the payload's schema on purpose: it is stripped
 * before validation, so handlers never see it and old jobs without it still run.
 */
export const traceContextKey = '__traceContext';

/** W3C `traceparent` (and `tracestate`) of the active span; undefined when nothing is traced. */
export function activeTraceContext(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The payload to store for a job: with the enqueuer's trace context when there is one. */
export function withTraceContext(payload: object): object {
  const carrier = activeTraceContext();
  return carrier ? { ...payload, [traceContextKey]: carrier } : payload;
}

/** Splits stored job data into the payload proper and the trace context it carried. */
export function splitTraceContext(data: unknown): {
  payload: unknown;
  carrier: Record<string, string> | undefined;
} {
  if (typeof data !== 'object' || data === null || !(traceContextKey in data)) {
    return { payload: data, carrier: undefined };
  }
  const { [traceContextKey]: carrier, ...payload } = data as Record<string, unknown>;
  const valid =
    typeof carrier === 'object' &&
    carrier !== null &&
    Object.values(carrier).every((value) => typeof value === 'string');
  return { payload, carrier: valid ? (carrier as Record<string, string>) : undefined };
}

const tracer = trace.getTracer('@vibemonitor/jobs');

/**
 * Runs one attempt of a job inside a CONSUMER span `job <name>`, a child of
 * the enqueuer's span when the job carried a trace context (so one trace runs
 * from the API request through the queue into the worker). A no-op span
 * unless the process started tracing.
 */
export async function runInJobSpan<T>(
  job: {
    name: string;
    jobId: string;
    attempt: number;
    carrier: Record<string, string> | undefined;
  },
  run: () => Promise<T>,
): Promise<T> {
  const parent = job.carrier
    ? propagation.extract(context.active(), job.carrier)
    : context.active();
  const span = tracer.startSpan(
    `job ${job.name}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.operation.type': 'process',
        'messaging.destination.name': job.name,
        'messaging.message.id': job.jobId,
        'vibemonitor.job.attempt': job.attempt,
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), run);
  } catch (error) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    span.recordException(error instanceof Error ? error : String(error));
    throw error;
  } finally {
    span.end();
  }
}
