import { createLokiClient, createPrometheusClient, type Endpoint } from '@vibemonitor/integrations';
import {
  startFakeLoki,
  startPrometheus,
  type BackfillSeries,
  type FakeLogStream,
} from '@vibemonitor/integrations/testing';
import { createSimulator, type ScenarioId, type Simulator } from '@vibemonitor/simulator';
import type { ChangeSource, LogSource, MetricSource } from '../sources/data-sources.js';
import { logSourceFromLoki } from '../sources/loki-source.js';
import { metricSourceFromPrometheus } from '../sources/prometheus-source.js';

/** Minutes of data before the fault: the 30-minute baseline plus room for rate()/increase() windows. */
const HISTORY_MINUTES = 45;
const INCIDENT_MINUTES = 30;

export interface SimulatedTelemetry {
  simulator: Simulator;
  /** The end of the incident window: pass it as the investigation's `now`. */
  now: Date;
  prometheusUrl: string;
  lokiUrl: string;
  metrics: MetricSource;
  logs: LogSource;
  /** The scenario's deploys and config changes, as a change source. */
  changes: ChangeSource;
  close(): Promise<void>;
}

/** The simulator's stored series for [from, to] as backfill input (raw sample names, so counters stay cumulative). */
export function backfillSeries(simulator: Simulator, from: number, to: number): BackfillSeries[] {
  return simulator
    .series()
    .map((series) => {
      const samples: Array<[Date, number]> = [];
      series.values.forEach((value, index) => {
        const at = simulator.dataStart + index * 30;
        if (at >= from && at <= to && Number.isFinite(value))
          samples.push([new Date(at * 1000), value]);
      });
      return {
        name: series.name,
        type: 'gauge' as const,
        help: series.help,
        labels: { ...series.labels },
        samples,
      };
    })
    .filter((series) => series.samples.length > 0);
}

/** The simulator's log lines for [from, to] grouped into Loki streams. */
export function logStreams(simulator: Simulator, from: number, to: number): FakeLogStream[] {
  const streams = new Map<string, FakeLogStream>();
  for (const line of simulator.logLines({ start: from, end: to })) {
    const key = JSON.stringify(line.labels);
    const stream = streams.get(key) ?? { labels: { ...line.labels }, entries: [] };
    stream.entries.push({ at: new Date(line.timestamp), line: line.line });
    streams.set(key, stream);
  }
  return [...streams.values()];
}

/**
 * A scenario's telemetry served the way production serves it: metrics
 * backfilled into a real Prometheus (promtool + prometheus, Debian's
 * package), logs from the Loki-speaking test server, both reached through
 * the real HTTP clients.
 */
export async function startSimulatedTelemetry(
  scenario: ScenarioId,
  options: {
    seed?: number | string;
    /** Epoch seconds; default the simulator's fixed date (pass "30 minutes ago" to investigate it live). */ faultStart?: number;
  } = {},
): Promise<SimulatedTelemetry> {
  const simulator = createSimulator({
    scenario,
    seed: options.seed ?? 7,
    hoursBefore: 2,
    ...(options.faultStart === undefined ? {} : { faultStart: options.faultStart }),
  });
  const from = simulator.faultStart - HISTORY_MINUTES * 60;
  const to = simulator.faultStart + INCIDENT_MINUTES * 60;
  const prometheus = await startPrometheus({ series: backfillSeries(simulator, from, to) });
  const loki = await startFakeLoki({ streams: logStreams(simulator, from, to) }).catch(
    async (error: unknown) => {
      await prometheus.close();
      throw error;
    },
  );
  const endpoint = (baseUrl: string, label: string): Endpoint => ({
    baseUrl,
    auth: { type: 'none' },
    policy: { allowPrivate: true, timeoutMs: 10_000 },
    label,
  });
  return {
    simulator,
    now: new Date(to * 1000),
    prometheusUrl: prometheus.url,
    lokiUrl: loki.url,
    metrics: metricSourceFromPrometheus(
      { id: 'prometheus', name: 'Prometheus' },
      createPrometheusClient(endpoint(prometheus.url, 'Prometheus')),
    ),
    logs: logSourceFromLoki(
      { id: 'loki', name: 'Loki' },
      createLokiClient(endpoint(loki.url, 'Loki')),
    ),
    changes: {
      kind: 'changes',
      id: 'deploys',
      name: 'Deploy log',
      list: async ({ start, end }) =>
        simulator
          .changeEvents({ start: start.getTime() / 1000, end: end.getTime() / 1000 })
          .map((event) => ({
            at: new Date(event.timestamp * 1000),
            service: event.service,
            kind: event.kind,
            title: event.title,
            ...(event.version ? { version: event.version } : {}),
          })),
    },
    async close() {
      await Promise.all([prometheus.close(), loki.close()]);
    },
  };
}
