import { escapeLabelValue } from '@vibemonitor/integrations';
import {
  extractServiceFromQuestion,
  instanceNamesService,
  matchServiceLabels,
  normalizeServiceName,
  SERVICE_LABEL_NAMES,
  toLabelMatcher,
  type ServiceLabelMatch,
  type ServiceMention,
} from '../evidence/index.js';
import type { TimeSpan } from '../engine/investigation-window.js';
import type { LogSource, MetricSource } from '../sources/data-sources.js';
import type { WorkspaceService } from './workspace-service.js';

/** Labels whose values are services themselves (pod values carry replica hashes). */
const DISCOVERY_LABELS = [
  'service',
  'service_name',
  'app',
  'app_kubernetes_io_name',
  'job',
  'container',
];
/** Containers that are plumbing, not services: the pause container and common sidecars. */
const PLUMBING_CONTAINER =
  /^(?:POD|istio-proxy|istio-init|linkerd-proxy|linkerd-init|envoy|fluent-bit|fluentd|vector|promtail|otel-collector|datadog-agent|vault-agent|cloud-sql-proxy)$/i;
/** `job` values that are exporters or Prometheus itself, not application services. */
const INFRASTRUCTURE_JOB =
  /(?:exporter|prometheus|kube-state-metrics|kubelet|cadvisor|node|pushgateway|alertmanager|grafana|loki|promtail|otel-collector|blackbox|probes?|synthetics?)$|^kubernetes-(?:pods|nodes|service-endpoints|services|apiservers|cadvisor|ingresses)(?:-slow)?$/i;

/** Services judged per investigation: a microservice demo has 15-20; more would make the sweep slow. */
export const MAX_SERVICES = 24;

interface SourceLabels {
  /** Values per service-like label name, over the investigation window. */
  values: Record<string, string[]>;
  /** Metric names (`__name__` values); empty for log sources. */
  metricNames: Set<string>;
}

/**
 * Which services exist and how each is selected in each source. Built once
 * per investigation from label discovery (and the workspace's configured
 * services and matchers), then shared by the checks and the tools.
 */
export class ServiceDirectory {
  private readonly metricLabelCache = new Map<string, Promise<Set<string> | null>>();

  constructor(
    /** Canonical service names, the question's service first. */
    readonly services: string[],
    /** The service the question is about, when it names one. */
    readonly focus: ServiceMention | null,
    private readonly configured: Map<string, WorkspaceService>,
    private readonly labels: Map<string, SourceLabels>,
    private readonly window: TimeSpan,
  ) {}

  /** The canonical name for what someone typed ("API gateway", an alias, a pod name), or null. */
  resolve(name: string): string | null {
    const wanted = normalizeServiceName(name);
    for (const service of this.services) {
      if (normalizeServiceName(service) === wanted) return service;
      const aliases = this.configured.get(service)?.aliases ?? [];
      if (aliases.some((alias) => normalizeServiceName(alias) === wanted)) return service;
    }
    const mention = extractServiceFromQuestion(
      name,
      this.services.map((service) => ({
        name: service,
        aliases: this.configured.get(service)?.aliases ?? [],
      })),
    );
    return mention?.confidence === 'known' ? mention.service : null;
  }

  /**
   * Each configured alias (lower case, at least 3 characters, not itself a
   * service's name) -> its service; an alias two services share is left out.
   */
  aliasMap(): Map<string, string> {
    const map = new Map<string, string>();
    const shared = new Set<string>();
    const names = new Set(this.services.map((s) => s.toLowerCase()));
    for (const service of this.services)
      for (const alias of this.configured.get(service)?.aliases ?? []) {
        const key = alias.toLowerCase();
        if (key.length < 3 || names.has(key)) continue;
        if (map.has(key) && map.get(key) !== service) shared.add(key);
        map.set(key, service);
      }
    for (const key of shared) map.delete(key);
    return map;
  }

  metricNames(source: MetricSource): Set<string> {
    return this.labels.get(source.id)?.metricNames ?? new Set();
  }

  private matches(sourceId: string, service: string): ServiceLabelMatch[] {
    const labels = this.labels.get(sourceId);
    if (!labels) return [];
    return matchServiceLabels({
      service,
      aliases: this.configured.get(service)?.aliases ?? [],
      labelValues: labels.values,
    });
  }

  /** The LogQL stream selector of a service in a log source (`{app="orders"}`), or null when it has no logs there. */
  logSelector(source: LogSource, service: string): string | null {
    const configured = this.configured.get(service)?.labelMatchers?.loki;
    if (configured && Object.keys(configured).length > 0) return `{${renderEquals(configured)}}`;
    const matcher = toLabelMatcher(this.matches(source.id, service));
    return matcher === null ? null : `{${matcher}}`;
  }

  /**
   * The PromQL matchers of a service for one metric (`service="orders"`), or
   * null when no label of that metric names the service: OTel metrics carry
   * `service_name`, cAdvisor's `container`, so the label is chosen per metric.
   * Configured matchers win for the metrics that have series with those
   * label values; the others fall back to discovery, because a team's
   * `job="orders"` is not on cAdvisor's or kube-state-metrics' series (they
   * carry their own scrape job, or none).
   */
  async metricSelector(
    source: MetricSource,
    service: string,
    metricName: string,
    signal?: AbortSignal,
  ): Promise<string | null> {
    const configured = this.configured.get(service)?.labelMatchers?.prometheus;
    if (configured && Object.keys(configured).length > 0) {
      const checks = await Promise.all(
        Object.entries(configured).map(async ([label, value]) => {
          const values = await this.metricLookup(source, metricName, label, signal);
          // Values unknown (the lookup failed): trust the configuration as it stands.
          return values === null || values.has(value);
        }),
      );
      if (checks.every(Boolean)) return renderEquals(configured);
    }
    const present =
      (await this.metricLookup(source, metricName, null, signal)) ?? new Set<string>();
    // A label the metric carries is not enough: `job="carts"` names carts in its own metrics, but
    // cAdvisor's series carry `job="kubelet"`. Keep the matches whose value this metric really has.
    const candidates = this.matches(source.id, service).filter((match) => present.has(match.label));
    const checked = await Promise.all(
      candidates.map(async (match) => {
        const values = await this.metricLookup(source, metricName, match.label, signal);
        return values === null || values.has(match.value);
      }),
    );
    const byLabel = toLabelMatcher(candidates.filter((_, i) => checked[i]));
    if (byLabel !== null) return byLabel;
    // Volume metrics carry only the claim: a StatefulSet's claims are `<template>-<set>-<ordinal>`.
    if (present.has('persistentvolumeclaim')) {
      const claims = [
        ...((await this.metricLookup(source, metricName, 'persistentvolumeclaim', signal)) ?? []),
      ].filter((claim) => claimBelongsTo(claim, service));
      if (claims.length > 0)
        return `persistentvolumeclaim=~"${escapeLabelValue(claims.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))}"`;
    }
    if (!present.has('instance')) return byLabel;
    // Exporters and probes often carry no service label, only the address they scrape or probe.
    const instances = [...((await this.metricLookup(source, metricName, 'instance', signal)) ?? [])]
      .filter((instance) => instanceNamesService(instance, service))
      .slice(0, 20);
    if (instances.length === 0) return null;
    return instances.length === 1
      ? `instance="${escapeLabelValue(instances[0]!)}"`
      : `instance=~"${escapeLabelValue(instances.map((i) => i.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))}"`;
  }

  /** The label names one metric carries in the window (cached); null when the lookup failed. */
  metricLabels(
    source: MetricSource,
    metricName: string,
    signal?: AbortSignal,
  ): Promise<Set<string> | null> {
    return this.metricLookup(source, metricName, null, signal);
  }

  /** The values one label of one metric takes in the window (cached); null when the lookup failed. */
  metricLabelValues(
    source: MetricSource,
    metricName: string,
    label: string,
    signal?: AbortSignal,
  ): Promise<Set<string> | null> {
    return this.metricLookup(source, metricName, label, signal);
  }

  /** One metric's label names (`label` null) or one label's values, cached; null when the lookup failed. */
  private metricLookup(
    source: MetricSource,
    metricName: string,
    label: string | null,
    signal?: AbortSignal,
  ): Promise<Set<string> | null> {
    const key = `${source.id}\u0000${metricName}\u0000${label ?? ''}`;
    let lookup = this.metricLabelCache.get(key);
    if (lookup === undefined) {
      const bounds = {
        match: [metricName],
        start: this.window.start,
        end: this.window.end,
        ...(signal ? { signal } : {}),
      };
      lookup = (
        label === null ? source.labelNames(bounds) : source.labelValues({ ...bounds, label })
      )
        .then((result) => new Set(result.values))
        .catch(() => null);
      this.metricLabelCache.set(key, lookup);
    }
    return lookup;
  }
}

/** `data-postgres-0`, `postgres-data-postgres-1`, `redis-data-redis-master-0`: a claim of the service's StatefulSet. */
export function claimBelongsTo(claim: string, service: string): boolean {
  const name = service.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  if (name.length < 3) return false;
  return new RegExp(`(?:^|-)${name}(?:-(?:master|primary|replica|leader))?-\\d+$`).test(
    claim.toLowerCase(),
  );
}

function renderEquals(matchers: Record<string, string>): string {
  return Object.entries(matchers)
    .map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
    .join(', ');
}

async function discoverLabels(
  source: MetricSource | LogSource,
  window: TimeSpan,
  signal: AbortSignal | undefined,
): Promise<SourceLabels> {
  const bounds = { start: window.start, end: window.end, ...(signal ? { signal } : {}) };
  const present = new Set((await source.labelNames(bounds)).values);
  const wanted = SERVICE_LABEL_NAMES.filter((label) => present.has(label));
  const values: Record<string, string[]> = {};
  await Promise.all(
    wanted.map(async (label) => {
      values[label] = (await source.labelValues({ label, ...bounds })).values;
    }),
  );
  const metricNames =
    source.kind === 'metrics'
      ? new Set((await source.labelValues({ label: '__name__', ...bounds })).values)
      : new Set<string>();
  return { values, metricNames };
}

/**
 * Builds the directory: label discovery in every source (failures leave that
 * source out and are reported), the workspace's services first, then
 * services found in the sources (the first service-like label with values),
 * the question's service leading, at most MAX_SERVICES.
 */
export async function buildServiceDirectory(input: {
  question: string;
  workspaceServices: readonly WorkspaceService[];
  metrics: readonly MetricSource[];
  logs: readonly LogSource[];
  window: TimeSpan;
  signal?: AbortSignal;
}): Promise<{ directory: ServiceDirectory; failures: Array<{ source: string; message: string }> }> {
  const labels = new Map<string, SourceLabels>();
  const failures: Array<{ source: string; message: string }> = [];
  await Promise.all(
    [...input.metrics, ...input.logs].map(async (source) => {
      try {
        labels.set(source.id, await discoverLabels(source, input.window, input.signal));
      } catch (error) {
        failures.push({
          source: source.name,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }),
  );

  const names: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    const key = normalizeServiceName(name);
    if (key.length === 0 || seen.has(key)) return;
    seen.add(key);
    names.push(name);
  };
  for (const service of input.workspaceServices) add(service.name);
  // Every service-like label contributes: OTel metrics name services in service_name, cAdvisor in
  // container, exporters in job; the same service under several labels is merged by normalised name.
  const discovered = new Set<string>();
  for (const { values } of labels.values()) {
    for (const label of DISCOVERY_LABELS) {
      for (const raw of values[label] ?? []) {
        // `namespace/name` jobs (Promtail, Grafana Agent) name the service after the slash.
        const value =
          label === 'job' && raw.includes('/') ? raw.slice(raw.lastIndexOf('/') + 1) : raw;
        if (label === 'job' && INFRASTRUCTURE_JOB.test(value)) continue;
        if (label === 'container' && PLUMBING_CONTAINER.test(value)) continue;
        discovered.add(value);
      }
    }
  }
  for (const value of [...discovered].sort()) {
    // A discovered value that is a configured service's alias is that service.
    const known = input.workspaceServices.find((s) =>
      s.aliases.some((alias) => normalizeServiceName(alias) === normalizeServiceName(value)),
    );
    if (!known) add(value);
  }

  const focus = extractServiceFromQuestion(
    input.question,
    names.map((name) => ({
      name,
      aliases: input.workspaceServices.find((s) => s.name === name)?.aliases ?? [],
    })),
  );
  const ordered =
    focus?.confidence === 'known'
      ? [focus.service, ...names.filter((name) => name !== focus.service)]
      : names;
  const configured = new Map(input.workspaceServices.map((service) => [service.name, service]));
  return {
    directory: new ServiceDirectory(
      ordered.slice(0, MAX_SERVICES),
      focus,
      configured,
      labels,
      input.window,
    ),
    failures,
  };
}
