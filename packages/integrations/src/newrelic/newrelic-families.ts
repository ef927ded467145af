import { nrql, nrqlIdentifier } from './nrql.js';

/*
 * New Relic infrastructure samples under the series names the engine's
 * catalogue knows (its checks speak PromQL), as datadog-families.ts does for
 * Datadog: one NRQL TIMESERIES query per family, faceted by the attribute
 * that names the container or host. `rate` values (cores, idle percent) are
 * accumulated into counters so rate() gives them back. Samples are averaged
 * per minute and per container name (replicas of one container are averaged,
 * not added: a known approximation).
 */

export interface NewrelicFamily {
  view: string;
  eventType: 'K8sContainerSample' | 'SystemSample';
  attribute: string;
  aggregate: 'average' | 'max' | 'sum';
  /** The facet attribute and the labels its value becomes. */
  facet: string;
  labels: readonly string[];
  constLabels?: Readonly<Record<string, string>>;
  shape: 'gauge' | 'rate';
  scale?: number;
}

const container = { facet: 'containerName', labels: ['container', 'service'] } as const;
const host = { facet: 'hostname', labels: ['instance'] } as const;

export const newrelicFamilies: readonly NewrelicFamily[] = [
  {
    view: 'container_cpu_usage_seconds_total',
    eventType: 'K8sContainerSample',
    attribute: 'cpuUsedCores',
    aggregate: 'average',
    ...container,
    shape: 'rate',
  },
  {
    view: 'container_memory_working_set_bytes',
    eventType: 'K8sContainerSample',
    attribute: 'memoryWorkingSetBytes',
    aggregate: 'average',
    ...container,
    shape: 'gauge',
  },
  {
    view: 'container_spec_memory_limit_bytes',
    eventType: 'K8sContainerSample',
    attribute: 'memoryLimitBytes',
    aggregate: 'average',
    ...container,
    shape: 'gauge',
  },
  {
    view: 'kube_pod_container_status_restarts_total',
    eventType: 'K8sContainerSample',
    attribute: 'restartCount',
    aggregate: 'max',
    ...container,
    shape: 'gauge',
  },
  {
    view: 'node_cpu_seconds_total',
    eventType: 'SystemSample',
    attribute: 'cpuIdlePercent',
    aggregate: 'average',
    ...host,
    constLabels: { mode: 'idle', cpu: 'all' },
    shape: 'rate',
    scale: 0.01,
  },
  {
    view: 'node_filesystem_avail_bytes',
    eventType: 'SystemSample',
    attribute: 'diskFreeBytes',
    aggregate: 'average',
    ...host,
    shape: 'gauge',
  },
  {
    view: 'node_filesystem_size_bytes',
    eventType: 'SystemSample',
    attribute: 'diskTotalBytes',
    aggregate: 'average',
    ...host,
    shape: 'gauge',
  },
];

/** The NRQL of one family over [since, until], one-minute buckets (every value escaped or checked). */
export function newrelicFamilyNrql(family: NewrelicFamily, since: Date, until: Date): string {
  const attribute = nrqlIdentifier(family.attribute);
  const head =
    family.aggregate === 'average'
      ? nrql`SELECT average(${attribute}) AS 'value'`
      : family.aggregate === 'max'
        ? nrql`SELECT max(${attribute}) AS 'value'`
        : nrql`SELECT sum(${attribute}) AS 'value'`;
  return (
    head +
    nrql` FROM ${nrqlIdentifier(family.eventType)} FACET ${nrqlIdentifier(family.facet)} SINCE ${since} UNTIL ${until} TIMESERIES 1 minute LIMIT MAX`
  );
}
