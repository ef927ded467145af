import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@vibemonitor/contracts';

/** The payload formats an alert endpoint accepts. */
export type AlertFormat = 'alertmanager' | 'grafana' | 'generic';

/** One alert of a group, whatever format it came in. */
export interface NormalizedAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  fingerprint: string;
}

/** A notification reduced to what an investigation needs. */
export interface NormalizedAlertGroup {
  format: AlertFormat;
  /** Stable identity of the group across repeats (hashed when long). */
  groupKey: string;
  /** `firing` while any alert of the group fires. */
  status: 'firing' | 'resolved';
  alerts: NormalizedAlert[];
  /** Labels shared by every alert (Alertmanager's commonLabels, else the intersection). */
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
}

/** Alertmanager/Grafana send this for "no end time yet". */
const stringMap = z.record(z.string(), z.string());
const timestamp = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 timestamp' });

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap.default({}),
  startsAt: timestamp,
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().max(200).optional(),
});

/** Prometheus Alertmanager webhook, payload version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4', { message: 'Alertmanager payloads must have version "4"' }),
  groupKey: z.string().min(1).max(10_000),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: stringMap.default({}),
  commonLabels: stringMap.default({}),
  commonAnnotations: stringMap.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(alertSchema).min(1, 'alerts must not be empty').max(1000),
});

/** Grafana unified alerting webhook contact point (payload version "1", with orgId/state/title). */
export const grafanaPayloadSchema = alertmanagerPayloadSchema.extend({
  version: z.literal('1', { message: 'Grafana payloads must have version "1"' }),
  orgId: z.number().int(),
  state: z.string().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  alerts: z
    .array(
      alertSchema.extend({
        values: z.record(z.string(), z.unknown()).nullable().optional(),
        valueString: z.string().optional(),
        silenceURL: z.string().optional(),
        dashboardURL: z.string().optional(),
        panelURL: z.string().optional(),
      }),
    )
    .min(1, 'alerts must not be empty')
    .max(1000),
});

/** The generic shape, for anything that can POST JSON: one alert per request. */
export const genericAlertPayloadSchema = z.object({
  title: z.string().trim().min(1, 'title is required').max(500),
  status: z.enum(['firing', 'resolved']).default('firing'),
  summary: z.string().max(4000).optional(),
  description: z.string().max(4000).optional(),
  service: z.string().trim().min(1).max(200).optional(),
  environment: z.string().trim().min(1).max(200).optional(),
  severity: z.string().trim().min(1).max(50).optional(),
  startsAt: timestamp.optional(),
  /** Repeats with the same key are one group (default: the title, service and environment). */
  groupKey: z.string().trim().min(1).max(1000).optional(),
  labels: stringMap.default({}),
});

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

function hashKey(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}

/** Group keys are stored as given when short, hashed when long (Alertmanager's can be kilobytes). */
function groupKeyOf(raw: string): string {
  return raw.length <= 200 ? raw : `sha256:${hashKey(raw)}`;
}

function fingerprintOf(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\n');
  return hashKey(canonical).slice(0, 16);
}

function intersection(maps: Array<Record<string, string>>): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(
    Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)),
  );
}

/** Picks the format: Grafana carries orgId, Alertmanager version "4", anything else is generic. */
export function detectAlertFormat(body: unknown): AlertFormat {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if ('orgId' in record && 'alerts' in record) return 'grafana';
    if ('alerts' in record || ('groupKey' in record && 'receiver' in record)) return 'alertmanager';
  }
  return 'generic';
}

/**
 * Validates a decoded JSON body against the format it looks like and
 * normalises it into one alert group.
 * @throws AppError VALIDATION_FAILED naming the format and the offending fields.
 */
export function parseAlertPayload(body: unknown, now: Date = new Date()): NormalizedAlertGroup {
  const format = detectAlertFormat(body);
  if (format === 'generic') {
    const parsed = genericAlertPayloadSchema.safeParse(body);
    if (!parsed.success) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Not an Alertmanager, Grafana or generic alert payload: ${describeIssues(parsed.error)}`,
      );
    }
    const p = parsed.data;
    const labels: Record<string, string> = {
      ...p.labels,
      alertname: p.labels.alertname ?? p.title,
      ...(p.service ? { service: p.service } : {}),
      ...(p.environment ? { environment: p.environment } : {}),
      ...(p.severity ? { severity: p.severity } : {}),
    };
    const annotations: Record<string, string> = {
      ...(p.summary ? { summary: p.summary } : {}),
      ...(p.description ? { description: p.description } : {}),
    };
    const key =
      p.groupKey ??
      `generic:${[p.title, p.service ?? '', p.environment ?? ''].join('\n').toLowerCase()}`;
    return {
      format,
      groupKey: groupKeyOf(key),
      status: p.status,
      alerts: [
        {
          status: p.status,
          labels,
          annotations,
          startsAt: p.startsAt ? new Date(p.startsAt) : now,
          fingerprint: fingerprintOf(labels),
        },
      ],
      commonLabels: labels,
      commonAnnotations: annotations,
    };
  }

  const schema = format === 'grafana' ? grafanaPayloadSchema : alertmanagerPayloadSchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const name = format === 'grafana' ? 'Grafana' : 'Alertmanager';
    throw new AppError(
      'VALIDATION_FAILED',
      `Invalid ${name} webhook payload: ${describeIssues(parsed.error)}`,
    );
  }
  const p = parsed.data;
  const alerts: NormalizedAlert[] = p.alerts.map((a) => ({
    status: a.status,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: new Date(a.startsAt),
    fingerprint: a.fingerprint ?? fingerprintOf(a.labels),
  }));
  const commonLabels =
    Object.keys(p.commonLabels).length > 0
      ? p.commonLabels
      : intersection(alerts.map((a) => a.labels));
  return {
    format,
    groupKey: groupKeyOf(`${format}:${p.groupKey}`),
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    commonLabels,
    commonAnnotations: p.commonAnnotations,
  };
}
