import { DEMO_FAULT_MINUTES_AGO, DEMO_NOTE } from './demo-catalogue.js';
import { createDemoChangeSource, type DemoChangeSource } from './demo-change-source.js';
import { createDemoLogSource, type DemoLogSource } from './demo-log-source.js';
import { createDemoMetricSource, type DemoMetricSource } from './demo-metric-source.js';
import type { DemoSimulate } from './demo-simulation.js';
import { SeriesGrid } from './promql/series-grid.js';

export interface DemoSources {
  metrics: DemoMetricSource;
  logs: DemoLogSource;
  changes: DemoChangeSource;
  /** For the report's "not checked": this is simulated data, not the user's system. */
  note: string;
}

/**
 * The investigation sources of one `demo` integration: the simulated shop
 * with its fault begun DEMO_FAULT_MINUTES_AGO before `now`, served by
 * in-process metric (PromQL subset), log (LogQL subset) and change sources,
 * each named as demo data. Built per investigation, so the incident is
 * always fresh.
 */
export function createDemoSources(input: {
  integration: { id: string; name: string };
  now: Date;
  simulate: DemoSimulate;
}): DemoSources {
  const nowMs = input.now.getTime();
  const { simulation, stepSeconds, logStreams } = input.simulate({
    faultStart: Math.floor(nowMs / 1000) - DEMO_FAULT_MINUTES_AGO * 60,
  });
  const grid = new SeriesGrid(
    simulation
      .series()
      .map((s) => ({ labels: { __name__: s.name, ...s.labels }, values: s.values })),
    simulation.dataStart * 1000,
    stepSeconds * 1000,
    nowMs,
  );
  const { id, name } = input.integration;
  return {
    metrics: createDemoMetricSource({ id: `${id}:metrics`, name: `${name}: metrics` }, grid),
    logs: createDemoLogSource(
      { id: `${id}:logs`, name: `${name}: logs` },
      simulation,
      logStreams,
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
