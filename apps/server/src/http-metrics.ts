import type { Request, RequestHandler } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';

/** The label of every request no known route answered (404s, probes, random paths). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route label of a request, from a closed set: the matched express route
 * template (`/health/ready`, `/api/v1/auth/:provider/callback`), a known tRPC
 * procedure (`/trpc/workspace.list`, `/trpc (batch)`), or `unmatched`. Never
 * a raw path: anonymous callers choose paths, and every distinct label value
 * is a series kept in memory and in every scrape forever.
 */
export function routeLabel(req: Request, procedures: ReadonlySet<string>): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  const url = req.originalUrl.split('?')[0] ?? '';
  if (url === '/metrics') return '/metrics';
  if (!url.startsWith('/trpc/')) return UNMATCHED_ROUTE;
  let names: string[];
  try {
    names = decodeURIComponent(url.slice('/trpc/'.length)).split(',');
  } catch {
    return UNMATCHED_ROUTE;
  }
  if (names.length === 0 || !names.every((name) => procedures.has(name))) return UNMATCHED_ROUTE;
  return names.length === 1 ? `/trpc/${names[0]}` : '/trpc (batch)';
}

/** Counts and times every HTTP request by method, route (closed set) and status. */
export function httpMetricsMiddleware(
  registry: Registry,
  options: { procedures: ReadonlySet<string> },
): RequestHandler {
  const requests = new Counter({
    name: 'vm_http_requests_total',
    help: 'HTTP requests by method, route (known routes and procedures; everything else "unmatched") and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'vm_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const route = routeLabel(req, options.procedures);
      // Node's parser accepts a fixed list of methods, so this label is bounded too.
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      duration.observe({ method: req.method, route }, (performance.now() - started) / 1000);
    });
    next();
  };
}
