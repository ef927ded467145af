import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { services, type Database } from '@vibemonitor/db';
import { labelSelector, type LokiClient } from '@vibemonitor/integrations';
import type { TimeRange } from './time-range.js';

/** Labels that commonly carry a service's name, most specific first (OpenTelemetry's service_name leads). */
export const SERVICE_NAME_LABELS = [
  'service_name',
  'service',
  'app',
  'application',
  'app_kubernetes_io_name',
  'k8s_app',
  'job',
  'container',
  'component',
];

export interface ServiceLogSelector {
  selector: string;
  /** `labelMatchers`: the service's own Loki matchers; `discovery`: found by name among common labels. */
  matchedBy: 'labelMatchers' | 'discovery';
  service: { id: string; name: string };
}

/** A label value names the service when it equals a name or alias (ignoring case), or ends with `/<name>` (`namespace/api` jobs). */
function namesService(value: string, names: string[]): boolean {
  const lower = value.toLowerCase();
  return names.some((name) => lower === name || lower.endsWith(`/${name}`));
}

/**
 * The LogQL stream selector for a service: its `loki` label matchers when it
 * has them; otherwise the first common service label (service_name, app,
 * job...) whose values in the time range include the service's name or an
 * alias, e.g. `{service_name=~"checkout|co-api"}`.
 * @throws NOT_FOUND for an unknown service, or when discovery finds nothing
 *   (the message says how to fix it).
 */
export async function serviceLogSelector({
  db,
  workspaceId,
  serviceId,
  loki,
  range,
  signal,
}: {
  db: Database;
  workspaceId: string;
  serviceId: string;
  loki: LokiClient;
  range: TimeRange;
  signal?: AbortSignal;
}): Promise<ServiceLogSelector> {
  const [service] = await db
    .select({
      id: services.id,
      name: services.name,
      aliases: services.aliases,
      labelMatchers: services.labelMatchers,
    })
    .from(services)
    .where(and(eq(services.id, serviceId), eq(services.workspaceId, workspaceId)));
  if (!service) throw new AppError('NOT_FOUND', 'Service not found in this workspace.');
  const ref = { id: service.id, name: service.name };

  const matchers = Object.fromEntries(
    Object.entries(service.labelMatchers.loki ?? {}).map(([name, value]) => [name, String(value)]),
  );
  if (Object.keys(matchers).length > 0)
    return { selector: labelSelector(matchers), matchedBy: 'labelMatchers', service: ref };

  const names = [service.name, ...service.aliases].map((name) => name.toLowerCase());
  const options = { start: range.start, end: range.end, ...(signal ? { signal } : {}) };
  const present = new Set((await loki.labels(options)).values);
  const candidates = SERVICE_NAME_LABELS.filter((label) => present.has(label));
  for (const label of candidates) {
    const values = (await loki.labelValues({ label, ...options })).values.filter((value) =>
      namesService(value, names),
    );
    if (values.length > 0)
      return { selector: labelSelector({ [label]: values }), matchedBy: 'discovery', service: ref };
  }
  throw new AppError(
    'NOT_FOUND',
    `No logs found for service "${service.name}": none of the labels ${SERVICE_NAME_LABELS.join(', ')} has a value matching its name or aliases in this time range. Add Loki label matchers to the service (e.g. { "app": "${service.name}" }) or query with LogQL.`,
  );
}
