import { alertEndpoints } from '@vibemonitor/db';

/** An alert endpoint as owners see it: never the secret, only its last 4 characters. */
export interface AlertEndpointView {
  id: string;
  name: string;
  enabled: boolean;
  environmentId: string | null;
  /** Path to POST alerts to, relative to the server's public URL. */
  path: string;
  secretLast4: string;
  secretRotatedAt: Date | null;
  lastReceivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const alertEndpointColumns = {
  id: alertEndpoints.id,
  name: alertEndpoints.name,
  enabled: alertEndpoints.enabled,
  environmentId: alertEndpoints.environmentId,
  secretLast4: alertEndpoints.secretLast4,
  secretRotatedAt: alertEndpoints.secretRotatedAt,
  lastReceivedAt: alertEndpoints.lastReceivedAt,
  createdAt: alertEndpoints.createdAt,
  updatedAt: alertEndpoints.updatedAt,
};

export function alertEndpointPath(id: string): string {
  return `/api/v1/alerts/${id}`;
}

export function toAlertEndpointView(row: Omit<AlertEndpointView, 'path'>): AlertEndpointView {
  return { ...row, path: alertEndpointPath(row.id) };
}

/** Most alert endpoints one workspace may have. */
export const MAX_ALERT_ENDPOINTS = 20;
