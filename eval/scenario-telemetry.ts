import {
  createSimulator,
  GRID_STEP_SECONDS,
  type ScenarioId,
  type Simulator,
} from '@vibemonitor/simulator';
import { backfillSeries, logStreams } from '@vibemonitor/agent/testing';
import {
  startFakeLoki,
  startPrometheus,
  type BackfillSeries,
} from '@vibemonitor/integrations/testing';

/** Data kept before the fault: the 30-minute baseline, rate() windows and the change check's hour of lookback. */
const HISTORY_SECONDS = 100 * 60;
/** kube-state-metrics' own scrape job: discovery knows it is not an application service. */
const KSM_LABELS = { job: 'kube-state-metrics', namespace: 'shop' };

export interface ScenarioTelemetry {
  simulator: Simulator;
  prometheusUrl: string;
  lokiUrl: string;
  /** Wall time to generate the data, backfill Prometheus and start both servers. */
  setupMs: number;
  /** When the fault began (unix seconds). */
  faultStart: number;
  close(): Promise<void>;
}

/**
 * Deployments' generations as kube-state-metrics exposes them: each deploy
 * or scaling of a service bumps `metadata.generation`, and the controller
 * observes it within a scrape. This is how a cluster records the
 * simulator's change events (config changes that do not touch the pod
 * template, and one-off jobs, leave no trace here).
 */
export function deploymentGenerations(
  simulator: Simulator,
  from: number,
  to: number,
): BackfillSeries[] {
  const changes = simulator
    .changeEvents({ start: simulator.dataStart - 86_400, end: to })
    .filter((e) => e.kind === 'deploy' || e.kind === 'scale');
  const deployments = [...new Set(changes.map((e) => e.service))];
  const out: BackfillSeries[] = [];
  for (const deployment of deployments) {
    const bumps = changes.filter((e) => e.service === deployment).map((e) => e.timestamp);
    for (const [name, lagSeconds] of [
      ['kube_deployment_metadata_generation', 0],
      ['kube_deployment_status_observed_generation', GRID_STEP_SECONDS],
    ] as const) {
      const samples: Array<[Date, number]> = [];
      for (
        let t = Math.ceil(from / GRID_STEP_SECONDS) * GRID_STEP_SECONDS;
        t <= to;
        t += GRID_STEP_SECONDS
      ) {
        samples.push([new Date(t * 1000), 40 + bumps.filter((at) => at + lagSeconds <= t).length]);
      }
      out.push({
        name,
        type: 'gauge',
        help: `${name} (kube-state-metrics)`,
        labels: { ...KSM_LABELS, deployment },
        samples,
      });
    }
  }
  return out;
}

/**
 * One scenario's telemetry, the way production serves it, with the fault
 * `faultMinutesAgo` before now: the simulator's metrics (plus deployment
 * generations) backfilled into a real Prometheus with promtool, its logs in
 * the Loki-speaking test server. Nothing later than now exists.
 */
export async function startScenarioTelemetry(input: {
  scenario: ScenarioId;
  seed: number;
  faultMinutesAgo: number;
}): Promise<ScenarioTelemetry> {
  const started = performance.now();
  const now = Math.floor(Date.now() / 1000 / GRID_STEP_SECONDS) * GRID_STEP_SECONDS;
  const simulator = createSimulator({
    scenario: input.scenario,
    seed: input.seed,
    faultStart: now - input.faultMinutesAgo * 60,
    hoursBefore: 2,
  });
  const from = simulator.faultStart - HISTORY_SECONDS;
  const prometheus = await startPrometheus({
    series: [
      ...backfillSeries(simulator, from, now),
      ...deploymentGenerations(simulator, from, now),
    ],
  });
  try {
    const loki = await startFakeLoki({ streams: logStreams(simulator, from, now) });
    return {
      simulator,
      prometheusUrl: prometheus.url,
      lokiUrl: loki.url,
      setupMs: performance.now() - started,
      faultStart: simulator.faultStart,
      async close() {
        await Promise.all([prometheus.close(), loki.close()]);
      },
    };
  } catch (error) {
    await prometheus.close();
    throw error;
  }
}
