import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

/** Probes and scrapes: frequent, uninteresting, and they would drown real traces. */
const untracedPaths = new Set(['/health', '/health/ready', '/metrics']);

/**
 * Opens one server span per HTTP request and makes it the active context,
 * so tRPC procedure spans become its children. Joins the caller's trace when
 * a W3C `traceparent` header is present. A no-op unless tracing was started.
 * Mount after the request-id middleware (pino-http) so `req.id` is set.
 */
export function httpTracingMiddleware(): RequestHandler {
  const tracer = trace.getTracer('@vibemonitor/server');
  return (req, res, next) => {
    if (untracedPaths.has(req.path)) {
      next();
      return;
    }
    const parent = propagation.extract(context.active(), req.headers);
    // Only the first path segment: span names must have low cardinality.
    const route = `/${req.path.split('/')[1] ?? ''}`;
    const span = tracer.startSpan(
      `HTTP ${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          // The path only: query strings carry tRPC inputs.
          'url.path': req.path,
          'vibemonitor.request_id': String(req.id),
        },
      },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    // Streams (SSE) and aborted requests end with `close`, not `finish`.
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}
