import {
  startFakeNewrelic,
  type FakeNewrelic,
  type NrqlEvent,
} from '@vibemonitor/integrations/testing';
import { createSimulator, type ScenarioId, type Simulator } from '@vibemonitor/simulator';
import { increases, levels, minutes, statusOf } from './simulated-datadog.js';

/*
 * A scenario's telemetry as a New Relic account would hold it: the
 * infrastructure agent's K8sContainerSample and SystemSample events (one per
 * minute, stamped mid-minute), Log events and Deployment markers. Used to run
 * the engine on a New-Relic-only workspace against the NerdGraph fake.
 */

const HISTORY_MINUTES = 45;
const INCIDENT_MINUTES = 30;

export interface SimulatedNewrelic {
  simulator: Simulator;
  now: Date;
  newrelic: FakeNewrelic;
  apiKey: string;
  accountId: number;
  close(): Promise<void>;
}

function samples(simulator: Simulator, from: number, to: number): Record<string, NrqlEvent[]> {
  const containers = new Map<string, NrqlEvent>();
  const hosts = new Map<string, NrqlEvent & { idle?: number[] }>();
  const row = <T extends NrqlEvent>(
    map: Map<string, T>,
    key: string,
    t: number,
    base: NrqlEvent,
  ) => {
    const id = `${key}@${t}`;
    const existing = map.get(id) ?? ({ ...base, timestamp: t - 30_000 } as unknown as T);
    map.set(id, existing);
    return existing;
  };
  for (const series of simulator.series()) {
    const l = series.labels;
    const s = minutes(simulator, series.values, from, to);
    const containerField = (field: string, points: Array<[number, number]>) => {
      if (!l.container) return;
      for (const [t, v] of points)
        row(containers, l.container, t, { containerName: l.container, podName: l.pod ?? '' })[
          field
        ] = v;
    };
    switch (series.name) {
      case 'container_cpu_usage_seconds_total':
        containerField(
          'cpuUsedCores',
          increases(s).map(([t, v]) => [t, v / 60]),
        );
        break;
      case 'container_memory_working_set_bytes':
        containerField('memoryWorkingSetBytes', levels(s));
        break;
      case 'container_spec_memory_limit_bytes':
        containerField('memoryLimitBytes', levels(s));
        break;
      case 'kube_pod_container_status_restarts_total':
        containerField('restartCount', levels(s));
        break;
      case 'node_cpu_seconds_total':
        if (l.mode === 'idle' && l.instance)
          for (const [t, v] of increases(s)) {
            const sample = row(hosts, l.instance, t, { hostname: l.instance });
            sample.idle = [...(sample.idle ?? []), (v / 60) * 100];
          }
        break;
      case 'node_filesystem_avail_bytes':
        if (l.instance)
          for (const [t, v] of levels(s))
            row(hosts, l.instance, t, { hostname: l.instance }).diskFreeBytes = v;
        break;
      case 'node_filesystem_size_bytes':
        if (l.instance)
          for (const [t, v] of levels(s))
            row(hosts, l.instance, t, { hostname: l.instance }).diskTotalBytes = v;
        break;
      default:
        break;
    }
  }
  const systemSamples = [...hosts.values()].map(({ idle, ...sample }) => ({
    ...sample,
    ...(idle ? { cpuIdlePercent: idle.reduce((a, b) => a + b, 0) / idle.length } : {}),
  }));
  return { K8sContainerSample: [...containers.values()], SystemSample: systemSamples };
}

export async function startSimulatedNewrelic(
  scenario: ScenarioId,
  options: { seed?: number | string; faultStart?: number } = {},
): Promise<SimulatedNewrelic> {
  const simulator = createSimulator({
    scenario,
    seed: options.seed ?? 7,
    hoursBefore: 2,
    ...(options.faultStart === undefined ? {} : { faultStart: options.faultStart }),
  });
  const from = simulator.faultStart - HISTORY_MINUTES * 60;
  const to = simulator.faultStart + INCIDENT_MINUTES * 60;
  const apiKey = 'NRAK-SIMULATED0123456789';
  const accountId = 3141592;
  const logs: NrqlEvent[] = simulator.logLines({ start: from, end: to }).map((line) => ({
    timestamp: line.timestamp,
    message: line.line,
    service: line.labels.service_name ?? line.labels.container ?? 'unknown',
    level: statusOf(line.line),
  }));
  const deployments: NrqlEvent[] = simulator
    .changeEvents({ start: from - 24 * 3600, end: to })
    .filter((event) => event.kind === 'deploy')
    .map((event) => ({
      timestamp: event.timestamp * 1000,
      appName: event.service,
      revision: event.version ?? null,
      description: event.title,
    }));
  const newrelic = await startFakeNewrelic({
    apiKey,
    accountId,
    events: { ...samples(simulator, from, to), Log: logs, Deployment: deployments },
    now: () => to * 1000,
  });
  return {
    simulator,
    now: new Date(to * 1000),
    newrelic,
    apiKey,
    accountId,
    close: () => newrelic.close(),
  };
}
