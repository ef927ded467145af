/**
 * The simulated system: a small shop behind a gateway. Each service exposes
 * metrics in the style its stack would (OpenTelemetry semantic conventions,
 * Prometheus client defaults, exporters), so discovery is exercised on more
 * than one naming scheme.
 */
export const serviceNames = ['gateway', 'auth', 'orders', 'payments', 'postgres', 'redis', 'reporting'] as const;
export type ServiceName = (typeof serviceNames)[number];

export type HttpStyle = 'otel' | 'prometheus-client' | null;

export interface ServiceSpec {
  name: ServiceName;
  /** How the service reports HTTP metrics; null for datastores and batch jobs. */
  http: HttpStyle;
  /** Log line format. */
  logFormat: 'json' | 'logfmt' | 'java' | 'postgres' | 'redis' | 'plain';
  node: 'node-1' | 'node-2' | 'db-node-1';
  pod: string;
  /** Container limits. */
  cpuLimitCores: number;
  memoryLimitBytes: number;
}

const MiB = 2 ** 20;

export const services: Record<ServiceName, ServiceSpec> = {
  gateway: { name: 'gateway', http: 'otel', logFormat: 'json', node: 'node-1', pod: 'gateway-5f7c8d9b6-q4xzt', cpuLimitCores: 2, memoryLimitBytes: 1024 * MiB },
  auth: { name: 'auth', http: 'prometheus-client', logFormat: 'logfmt', node: 'node-1', pod: 'auth-7b9d6c5f8-m2p7k', cpuLimitCores: 1, memoryLimitBytes: 512 * MiB },
  orders: { name: 'orders', http: 'prometheus-client', logFormat: 'java', node: 'node-2', pod: 'orders-6b8c9d7f4-h2k5m', cpuLimitCores: 2, memoryLimitBytes: 1024 * MiB },
  payments: { name: 'payments', http: 'otel', logFormat: 'json', node: 'node-2', pod: 'payments-84d6b7c9f-t9wzr', cpuLimitCores: 1, memoryLimitBytes: 768 * MiB },
  postgres: { name: 'postgres', http: null, logFormat: 'postgres', node: 'db-node-1', pod: 'postgres-0', cpuLimitCores: 4, memoryLimitBytes: 4096 * MiB },
  redis: { name: 'redis', http: null, logFormat: 'redis', node: 'node-1', pod: 'redis-0', cpuLimitCores: 1, memoryLimitBytes: 1024 * MiB },
  reporting: { name: 'reporting', http: null, logFormat: 'plain', node: 'node-2', pod: 'reporting-5c6d7f8b9-zkq2w', cpuLimitCores: 4, memoryLimitBytes: 2048 * MiB },
};

/** Who calls whom, with the fraction of the caller's requests that make the call. */
export const callGraph: ReadonlyArray<{ from: ServiceName; to: ServiceName; share: number }> = [
  { from: 'gateway', to: 'auth', share: 0.35 },
  { from: 'gateway', to: 'orders', share: 0.55 },
  { from: 'orders', to: 'payments', share: 0.2 },
  { from: 'orders', to: 'postgres', share: 1 },
  { from: 'orders', to: 'redis', share: 1 },
  { from: 'auth', to: 'redis', share: 1 },
  { from: 'payments', to: 'postgres', share: 1 },
];

export const NAMESPACE = 'shop';
export const nodes = ['node-1', 'node-2', 'db-node-1'] as const;
export type NodeName = (typeof nodes)[number];
export const CPUS_PER_NODE = 4;
export const DISK_SIZE_BYTES = 200 * 2 ** 30;

/** Bucket bounds (seconds): the OTel semantic-convention advice for HTTP, and the Prometheus client default. */
export const otelBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] as const;
export const promClientBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
