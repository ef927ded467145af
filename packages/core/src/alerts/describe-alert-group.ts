import type { NormalizedAlertGroup } from './parse-alert-payload.js';

/** Labels that name the service, most specific first (Prometheus, OpenTelemetry, Kubernetes conventions). */
export const SERVICE_LABELS = [
  'service',
  'service_name',
  'app',
  'app_kubernetes_io_name',
  'application',
  'container',
  'job',
] as const;
/** Labels that name the environment. */
export const ENVIRONMENT_LABELS = [
  'environment',
  'env',
  'deployment_environment',
  'stage',
  'namespace',
] as const;

export interface AlertGroupDescription {
  title: string;
  service: string | null;
  environment: string | null;
  severity: string | null;
  /** The earliest start among the group's firing alerts (else among all). */
  startsAt: Date;
  summary: string | null;
  description: string | null;
  /** The labels shared by the group (for the record and the question). */
  labels: Record<string, string>;
}

function first(labels: Record<string, string>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = labels[name]?.trim();
    if (value) return value;
  }
  return null;
}

/** What an alert group is about: its name, service, environment, onset and text. */
export function describeAlertGroup(group: NormalizedAlertGroup): AlertGroupDescription {
  const firing = group.alerts.filter((a) => a.status === 'firing');
  const relevant = firing.length > 0 ? firing : group.alerts;
  const lead = relevant[0]!;
  const labels = { ...lead.labels, ...group.commonLabels };
  const annotations = { ...lead.annotations, ...group.commonAnnotations };
  const startsAt = new Date(Math.min(...relevant.map((a) => a.startsAt.getTime())));
  return {
    title: labels.alertname?.trim() || 'Alert',
    service: first(labels, SERVICE_LABELS),
    environment: first(labels, ENVIRONMENT_LABELS),
    severity: labels.severity?.trim() || null,
    startsAt,
    summary: annotations.summary?.trim() || annotations.message?.trim() || null,
    description: annotations.description?.trim() || null,
    labels,
  };
}

/**
 * The question an alert group asks: the facts first, then the alert's own
 * text (untrusted: the engine's injection guard reads it as data).
 */
export function alertGroupQuestion(
  description: AlertGroupDescription,
  extra: { alertCount: number; format: string },
): string {
  const facts = [
    `Alert "${description.title}" is firing`,
    description.severity ? `severity ${description.severity}` : undefined,
    description.service ? `service ${description.service}` : undefined,
    description.environment ? `environment ${description.environment}` : undefined,
    `since ${description.startsAt.toISOString()}`,
    extra.alertCount > 1 ? `${extra.alertCount} alerts in the group` : undefined,
  ].filter(Boolean);
  const text = [description.summary, description.description].filter(Boolean).join('\n');
  const labelLine = Object.entries(description.labels)
    .slice(0, 20)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [
    `${facts.join(', ')}. Find the root cause.`,
    text ? `\nAlert text (${extra.format}):\n${text}` : undefined,
    labelLine ? `\nLabels: ${labelLine}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
}
