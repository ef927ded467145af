import {
  startFakeDatadog,
  type FakeDatadog,
  type FakeDatadogEvent,
  type FakeDatadogLog,
  type FakeDatadogMetric,
} from '@vibemonitor/integrations/testing';
import { createSimulator, type ScenarioId, type Simulator } from '@vibemonitor/simulator';
import { latencySamples } from './histogram-samples.js';

/*
 * A scenario's telemetry as a Datadog organisation would hold it: what the
 * Datadog Agent, APM and the deployment events would have recorded from the
 * same system, at Datadog's 60 s roll-up. Used to run the investigation
 * engine on a Datadog-only workspace against the Datadog-speaking fake.
 */

const STEP_SECONDS = 60;
/** Request durations kept per service and minute for the APM latency distribution. */
const LATENCY_SAMPLES = 100;
const HISTORY_MINUTES = 45;
const INCIDENT_MINUTES = 30;

export interface SimulatedDatadog {
  simulator: Simulator;
  /** The end of the incident window: pass it as the investigation's `now`. */
  now: Date;
  datadog: FakeDatadog;
  apiKey: string;
  appKey: string;
  close(): Promise<void>;
}

type Samples = Array<[number, number]>;

/** Values at each minute in [from, to] (epoch seconds), with the value one minute before. */
export function minutes(simulator: Simulator, values: Float64Array, from: number, to: number) {
  const out: Array<{ t: number; value: number; previous: number }> = [];
  const perMinute = STEP_SECONDS / 30;
  for (let t = Math.ceil(from / STEP_SECONDS) * STEP_SECONDS; t <= to; t += STEP_SECONDS) {
    const index = (t - simulator.dataStart) / 30;
    if (index - perMinute < 0 || index >= values.length) continue;
    out.push({ t: t * 1000, value: values[index]!, previous: values[index - perMinute]! });
  }
  return out;
}

/** A counter's per-minute increase (what `.as_count()` returns). */
export const increases = (s: ReturnType<typeof minutes>): Samples =>
  s
    .filter((p) => Number.isFinite(p.value) && Number.isFinite(p.previous))
    .map((p) => [p.t, Math.max(0, p.value - p.previous)]);
export const levels = (s: ReturnType<typeof minutes>): Samples =>
  s.filter((p) => Number.isFinite(p.value)).map((p) => [p.t, p.value]);

function addInto(target: Map<number, number>, samples: Samples) {
  for (const [t, v] of samples) target.set(t, (target.get(t) ?? 0) + v);
}

/** The scenario's series under Datadog's names and tags. */
export function datadogMetrics(
  simulator: Simulator,
  from: number,
  to: number,
): FakeDatadogMetric[] {
  const metrics: FakeDatadogMetric[] = [];
  const hits = new Map<string, Map<number, number>>();
  const errors = new Map<string, Map<number, number>>();
  const idle = new Map<string, Map<number, number[]>>();
  // service -> minute -> le -> requests (cumulative buckets, summed over status codes and pods)
  const durations = new Map<string, Map<number, Map<number, number>>>();
  for (const series of simulator.series()) {
    const s = minutes(simulator, series.values, from, to);
    const l = series.labels;
    const container = l.container
      ? {
          kube_container_name: l.container,
          pod_name: l.pod ?? '',
          service: l.container,
          kube_namespace: l.namespace ?? '',
        }
      : null;
    const gauge = (metric: string, tags: Record<string, string>, scale = 1) =>
      metrics.push({
        metric,
        type: 'gauge',
        tags,
        points: levels(s).map(([t, v]) => [t, v * scale]),
      });
    switch (series.name) {
      case 'http_server_request_duration_seconds_count':
      case 'http_request_duration_seconds_count': {
        const service = l.service_name ?? l.job ?? 'unknown';
        const code = l.http_response_status_code ?? l.code ?? '';
        const counts = increases(s);
        addInto(hits.get(service) ?? hits.set(service, new Map()).get(service)!, counts);
        if (code.startsWith('5'))
          addInto(errors.get(service) ?? errors.set(service, new Map()).get(service)!, counts);
        break;
      }
      case 'http_server_request_duration_seconds_bucket':
      case 'http_request_duration_seconds_bucket': {
        const service = l.service_name ?? l.job ?? 'unknown';
        const le = l.le === '+Inf' ? Infinity : Number(l.le);
        const byMinute = durations.get(service) ?? durations.set(service, new Map()).get(service)!;
        for (const [t, v] of increases(s)) {
          const byLe = byMinute.get(t) ?? byMinute.set(t, new Map()).get(t)!;
          byLe.set(le, (byLe.get(le) ?? 0) + v);
        }
        break;
      }
      case 'container_cpu_usage_seconds_total':
        if (container)
          metrics.push({
            metric: 'kubernetes.cpu.usage.total',
            type: 'gauge',
            tags: container,
            points: increases(s).map(([t, v]) => [t, (v / STEP_SECONDS) * 1e9]),
          });
        break;
      case 'container_memory_working_set_bytes':
        if (container) gauge('kubernetes.memory.working_set', container);
        break;
      case 'container_spec_memory_limit_bytes':
        if (container) gauge('kubernetes.memory.limits', container);
        break;
      case 'kube_pod_container_status_restarts_total':
        if (container) gauge('kubernetes.containers.restarts', container);
        break;
      case 'kube_pod_container_status_last_terminated_reason':
        if (container)
          gauge('kubernetes.containers.last_state.terminated', {
            ...container,
            reason: 'oomkilled',
          });
        break;
      case 'node_cpu_seconds_total':
        if (l.mode === 'idle' && l.instance) {
          const byTime = idle.get(l.instance) ?? idle.set(l.instance, new Map()).get(l.instance)!;
          for (const [t, v] of increases(s))
            byTime.set(t, [...(byTime.get(t) ?? []), (v / STEP_SECONDS) * 100]);
        }
        break;
      case 'node_filesystem_avail_bytes':
        gauge('system.disk.free', { host: l.instance ?? '', device: l.device ?? '' });
        break;
      case 'node_filesystem_size_bytes':
        gauge('system.disk.total', { host: l.instance ?? '', device: l.device ?? '' });
        break;
      case 'pg_stat_activity_count':
        gauge('postgresql.connections', { service: 'postgres', host: l.pod ?? '' });
        break;
      case 'pg_settings_max_connections':
        gauge('postgresql.max_connections', { service: 'postgres', host: l.pod ?? '' });
        break;
      case 'redis_commands_processed_total':
        metrics.push({
          metric: 'redis.net.commands',
          type: 'gauge',
          tags: { service: 'redis', host: l.pod ?? '' },
          points: increases(s).map(([t, v]) => [t, v / STEP_SECONDS]),
        });
        break;
      default:
        break;
    }
  }
  for (const [service, byTime] of hits) {
    const tags = { service, env: 'prod' };
    metrics.push({
      metric: 'trace.http.request.hits',
      type: 'count',
      tags,
      points: [...byTime].sort(([a], [b]) => a - b),
    });
    const failed = errors.get(service) ?? new Map<number, number>();
    metrics.push({
      metric: 'trace.http.request.errors',
      type: 'count',
      tags,
      points: [...byTime.keys()].sort((a, b) => a - b).map((t) => [t, failed.get(t) ?? 0]),
    });
  }
  // APM's `trace.http.request` distribution: the requests' durations (seconds), per minute.
  for (const [service, byMinute] of durations) {
    const points: Samples = [];
    for (const [t, byLe] of [...byMinute].sort(([a], [b]) => a - b))
      for (const value of latencySamples(
        [...byLe].map(([le, count]) => ({ le, count })),
        LATENCY_SAMPLES,
      ))
        points.push([t, value]);
    metrics.push({
      metric: 'trace.http.request',
      type: 'distribution',
      tags: { service, env: 'prod' },
      points,
    });
  }
  for (const [host, byTime] of idle) {
    metrics.push({
      metric: 'system.cpu.idle',
      type: 'gauge',
      tags: { host },
      points: [...byTime]
        .sort(([a], [b]) => a - b)
        .map(([t, values]) => [t, values.reduce((a, b) => a + b, 0) / values.length]),
    });
  }
  return metrics;
}

/** Datadog's status for a line, as its pipelines' status remapper would set it from the text. */
export function statusOf(line: string): string {
  if (
    /\b(?:error|fatal|panic|exception)\b|level=error|"level":"error"|\bERROR\b|\bFATAL\b/i.test(
      line,
    )
  )
    return 'error';
  if (/\bwarn(?:ing)?\b|level=warn|"level":"warn"/i.test(line)) return 'warn';
  return 'info';
}

export function datadogLogs(simulator: Simulator, from: number, to: number): FakeDatadogLog[] {
  return simulator.logLines({ start: from, end: to }).map((line) => ({
    at: new Date(line.timestamp),
    message: line.line,
    service: line.labels.service_name ?? line.labels.container ?? 'unknown',
    status: statusOf(line.line),
    host: line.labels.pod ?? 'host-1',
  }));
}

export function datadogEvents(simulator: Simulator, from: number, to: number): FakeDatadogEvent[] {
  return simulator.changeEvents({ start: from, end: to }).map((event) => ({
    at: new Date(event.timestamp * 1000),
    title: event.title,
    source: event.kind === 'deploy' ? 'deployment' : 'kubernetes',
    tags: { service: event.service, ...(event.version ? { version: event.version } : {}) },
  }));
}

/** A scenario served by the Datadog-speaking fake (metrics, logs, events, service catalog). */
export async function startSimulatedDatadog(
  scenario: ScenarioId,
  options: { seed?: number | string; faultStart?: number; apiKey?: string; appKey?: string } = {},
): Promise<SimulatedDatadog> {
  const simulator = createSimulator({
    scenario,
    seed: options.seed ?? 7,
    hoursBefore: 2,
    ...(options.faultStart === undefined ? {} : { faultStart: options.faultStart }),
  });
  const from = simulator.faultStart - HISTORY_MINUTES * 60;
  const to = simulator.faultStart + INCIDENT_MINUTES * 60;
  const apiKey = options.apiKey ?? 'dd-api-key-0123456789abcdef';
  const appKey = options.appKey ?? 'dd-app-key-0123456789abcdef0123456789';
  const datadog = await startFakeDatadog({
    apiKey,
    appKey,
    metrics: datadogMetrics(simulator, from, to),
    logs: datadogLogs(simulator, from, to),
    events: datadogEvents(simulator, from - 24 * 3600, to),
    services: [
      ...new Set(
        simulator
          .series()
          .map((s) => s.labels.container)
          .filter((c): c is string => !!c),
      ),
    ],
    intervalSeconds: STEP_SECONDS,
  });
  return {
    simulator,
    now: new Date(to * 1000),
    datadog,
    apiKey,
    appKey,
    close: () => datadog.close(),
  };
}
