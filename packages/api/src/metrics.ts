import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus instruments for the API layer, registered on the host's registry. */
export interface ApiMetrics {
  procedureDuration: Histogram<'path' | 'type' | 'status'>;
  procedureErrors: Counter<'path' | 'code'>;
  activeSubscriptions: Gauge<'path'>;
}

export function createApiMetrics(registry: Registry): ApiMetrics {
  return {
    procedureDuration: new Histogram({
      name: 'vm_trpc_procedure_duration_seconds',
      help: 'tRPC procedure duration (subscriptions: time to set up the stream)',
      labelNames: ['path', 'type', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    procedureErrors: new Counter({
      name: 'vm_trpc_procedure_errors_total',
      help: 'tRPC procedure errors by tRPC error code',
      labelNames: ['path', 'code'],
      registers: [registry],
    }),
    activeSubscriptions: new Gauge({
      name: 'vm_sse_active_streams',
      help: 'Open SSE subscription streams',
      labelNames: ['path'],
      registers: [registry],
    }),
  };
}
