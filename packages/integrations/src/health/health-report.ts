import { isAppError } from '@vibemonitor/contracts';
import type { GrafanaDatasource } from '../grafana/grafana-client.js';

export type HealthStatus = 'healthy' | 'degraded' | 'failing';

export interface HealthReport {
  status: HealthStatus;
  /** What is wrong, in plain words; null when healthy. */
  message: string | null;
  /** The server's version when it tells. */
  version: string | null;
  latencyMs: number;
  /** Grafana only: the Prometheus and Loki datasources it exposes. */
  datasources: GrafanaDatasource[];
}

/** Answers slower than this mark an otherwise working integration as degraded. */
export const SLOW_ANSWER_MS = 5_000;

/** The message to store for a failed check: ours when it is an AppError, a generic one otherwise. */
export function failureMessage(error: unknown): string {
  if (isAppError(error)) return error.message;
  return `Unexpected error while checking: ${error instanceof Error ? error.message : String(error)}`;
}

export function slowNote(latencyMs: number): string | null {
  return latencyMs > SLOW_ANSWER_MS
    ? `It answered slowly (${(latencyMs / 1000).toFixed(1)} s).`
    : null;
}
