import type { Logger } from 'pino';
import type { SystemInfo } from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import type { EventBus, JobQueue } from '@vibemonitor/jobs';
import type { ApiMetrics } from './metrics.js';

/** Long-lived dependencies the API needs; built once per process by the host app. */
export interface ApiDeps {
  db: Database;
  queue: JobQueue;
  bus: EventBus;
  metrics: ApiMetrics;
  /** Static facts reported by `system.info`. */
  systemInfo: SystemInfo;
}

/** Per-request facts the host (express) extracts before calling tRPC. */
export interface RequestFacts {
  requestId: string;
  logger: Logger;
  ip: string | undefined;
  userAgent: string | undefined;
  origin: string | undefined;
  /** Raw `Authorization: Bearer` token or session cookie value, if any. */
  bearerToken: string | undefined;
  cookieToken: string | undefined;
  /** Lets procedures set cookies (login/logout) on the HTTP response. */
  setHeader: (name: string, value: string | string[]) => void;
}

export interface ApiContext extends RequestFacts {
  deps: ApiDeps;
}

export function createApiContext(deps: ApiDeps, facts: RequestFacts): ApiContext {
  return { deps, ...facts };
}
