/** Monitoring products whose Slack bots can start investigations. */
export const alertSources = [
  'grafana',
  'alertmanager',
  'pagerduty',
  'opsgenie',
  'datadog',
  'sentry',
] as const;
export type AlertSource = (typeof alertSources)[number];

export interface SlackAlert {
  source: AlertSource;
  name: string;
  severity: string | undefined;
  service: string | undefined;
  startedAt: Date;
  resolved: boolean;
  /** The alert's text (message and attachments), for the investigator. */
  content: string;
}

interface AlertAttachment {
  title?: unknown;
  text?: unknown;
  pretext?: unknown;
  fallback?: unknown;
  fields?: Array<{ title?: unknown; value?: unknown }>;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/**
 * Which monitoring product a bot message comes from, judged by the sending
 * bot's identity (its `bot_profile` name or the webhook's username), never by
 * the message text: anyone can type "Grafana" in a message, not post as a bot.
 */
export function alertSourceOf(event: Record<string, unknown>): AlertSource | undefined {
  if (!str(event.bot_id) && event.subtype !== 'bot_message') return undefined;
  const profile = (event.bot_profile ?? {}) as { name?: unknown };
  const identity = `${str(profile.name) ?? ''} ${str(event.username) ?? ''}`.toLowerCase();
  if (identity.includes('prometheus')) return 'alertmanager';
  return alertSources.find((source) => identity.includes(source));
}

/** `key = value` and `key: value` lines, keys lowercased with spaces squeezed. */
function labelsOf(content: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const line of content.split('\n')) {
    const match = /^\s*[-*•]?\s*([A-Za-z][\w .]{0,30}?)\s*[:=]\s*(.+?)\s*$/.exec(line);
    if (match?.[1] && match[2]) {
      const key = match[1].toLowerCase().replace(/\s+/g, ' ');
      if (!labels.has(key)) labels.set(key, match[2].replace(/^`|`$/g, ''));
    }
  }
  return labels;
}

function firstOf(labels: Map<string, string>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = labels.get(key);
    if (value) return value;
  }
  return undefined;
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Reads an alert posted by a monitoring bot: its name, severity, service and
 * start time, from the text, attachments and their fields (Alertmanager /
 * Grafana `[FIRING:n] Name` titles and label lines, PagerDuty/Opsgenie/Datadog
 * "Triggered" lines, attachment fields). Undefined when the sender is not a
 * known monitoring bot.
 */
export function parseSlackAlert(event: Record<string, unknown>): SlackAlert | undefined {
  const source = alertSourceOf(event);
  if (!source) return undefined;
  const attachments = (
    Array.isArray(event.attachments) ? event.attachments : []
  ) as AlertAttachment[];
  const fieldLines = attachments.flatMap((a) =>
    (a.fields ?? []).map((f) => `${str(f.title) ?? ''}: ${str(f.value) ?? ''}`),
  );
  const parts = [
    str(event.text),
    ...attachments.flatMap((a) => [str(a.pretext), str(a.title), str(a.text) ?? str(a.fallback)]),
    ...fieldLines,
  ].filter((p): p is string => Boolean(p));
  const content = parts.join('\n');
  const labels = labelsOf(content);
  const firing = /\[(FIRING|RESOLVED)(?::\d+)?\]\s*([^\n(|]+)/i.exec(content);
  const triggered =
    /^(?:triggered|alert|new issue|incident)[:\s]+(?:#\d+\s*)?(?:\[[^\]]+\]\s*)?(.+)$/im.exec(
      content,
    );
  const name =
    firstOf(labels, ['alertname', 'alert name', 'alert']) ??
    firing?.[2]?.trim() ??
    str(attachments[0]?.title) ??
    triggered?.[1]?.trim() ??
    content.split('\n')[0]?.slice(0, 120) ??
    'alert';
  const severity =
    firstOf(labels, ['severity', 'priority', 'level']) ??
    /\b(critical|high|warning|P[1-5]|SEV-?[1-5])\b/i.exec(content)?.[1];
  const service = firstOf(labels, [
    'service',
    'service name',
    'service_name',
    'app',
    'application',
    'job',
  ]);
  const tsSeconds = Number(str(event.ts));
  const startedAt =
    parseDate(firstOf(labels, ['startsat', 'starts at', 'started at', 'start time', 'started'])) ??
    (Number.isFinite(tsSeconds) && tsSeconds > 0 ? new Date(tsSeconds * 1000) : new Date());
  const resolved =
    firing?.[1]?.toUpperCase() === 'RESOLVED' || /^\s*(resolved|recovered)\b/im.test(content);
  return {
    source,
    name: name.replace(/[*_`]/g, '').trim().slice(0, 200),
    severity: severity?.trim(),
    service: service?.trim(),
    startedAt,
    resolved,
    content: content.slice(0, 2000),
  };
}
