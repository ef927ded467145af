import type { ChangeSource, LogSource, MetricSource } from '@vibemonitor/integrations';
import { streamLabels } from '../logs.js';
import { SeriesGrid } from '../promql/series-grid.js';
import { GRID_STEP_SECONDS } from '../series.js';
import { createSimulator } from '../simulator.js';
import { serviceNames } from '../topology.js';
import {
  DEMO_FAULT_MINUTES_AGO,
  DEMO_HOURS_BEFORE,
  DEMO_NOTE,
  DEMO_SCENARIO,
  DEMO_SEED,
} from './demo-catalogue.js';
import { createDemoChangeSource } from './demo-change-source.js';
import { createDemoLogSource } from './demo-log-source.js';
import { createDemoMetricSource } from './demo-metric-source.js';

export interface DemoSources {
  metrics: MetricSource;
  logs: LogSource;
  changes: ChangeSource;
  /** For the report's "not checked": this is simulated data, not the user's system. */
  note: string;
}

/**
 * The investigation sources of one `demo` integration: the simulated shop
 * (DEMO_SCENARIO) with its fault begun DEMO_FAULT_MINUTES_AGO before `now`,
 * served by in-process metric (PromQL subset), log (LogQL subset) and change
 * sources, each named as demo data. Built per investigation, so the incident
 * is always fresh.
 */
export function createDemoSources(input: {
  integration: { id: string; name: string };
  now: Date;
}): DemoSources {
  const nowMs = input.now.getTime();
  const simulation = createSimulator({
    scenario: DEMO_SCENARIO,
    seed: DEMO_SEED,
    faultStart: Math.floor(nowMs / 1000) - DEMO_FAULT_MINUTES_AGO * 60,
    hoursBefore: DEMO_HOURS_BEFORE,
  });
  const grid = new SeriesGrid(
    simulation
      .series()
      .map((s) => ({ labels: { __name__: s.name, ...s.labels }, values: s.values })),
    simulation.dataStart * 1000,
    GRID_STEP_SECONDS * 1000,
    nowMs,
  );
  const { id, name } = input.integration;
  return {
    metrics: createDemoMetricSource({ id: `${id}:metrics`, name: `${name}: metrics` }, grid),
    logs: createDemoLogSource(
      { id: `${id}:logs`, name: `${name}: logs` },
      simulation,
      serviceNames.map(streamLabels),
      nowMs,
    ),
    changes: createDemoChangeSource(
      { id: `${id}:changes`, name: `${name}: deploys and changes` },
      simulation,
      nowMs,
    ),
    note: DEMO_NOTE,
  };
}
