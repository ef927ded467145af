import type { DatadogClient, MetricSource } from '@vibemonitor/integrations';
import { createDemoMetricSource } from '@vibemonitor/simulator/sources';
import { loadDatadogGrid } from './load-datadog-grid.js';

/** How far back a Datadog metric source reads: the investigation window, its baseline and rate() room. */
export const DATADOG_LOOKBACK_MS = 4 * 3_600_000;
const STEP_SECONDS = 60;

/**
 * A MetricSource over Datadog: on first use it reads the mapped metric
 * families for the last DATADOG_LOOKBACK_MS before `now` (one Datadog query
 * per family, 60 s roll-ups) and answers the engine's PromQL over those
 * series with the in-process evaluator. The numbers are Datadog's; only the
 * names are the engine's (see datadog-families.ts). Nothing outside the
 * loaded window exists for it.
 */
export function createDatadogMetricSource(input: {
  info: { id: string; name: string };
  client: DatadogClient;
  now: Date;
}): MetricSource {
  let loaded: Promise<MetricSource> | undefined;
  const source = (signal?: AbortSignal) => {
    loaded ??= loadDatadogGrid({
      client: input.client,
      start: new Date(input.now.getTime() - DATADOG_LOOKBACK_MS),
      end: input.now,
      stepSeconds: STEP_SECONDS,
      ...(signal ? { signal } : {}),
    }).then((grid) => createDemoMetricSource(input.info, grid));
    // A failed load is retried by the next call rather than cached.
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };
  return {
    kind: 'metrics',
    id: input.info.id,
    name: input.info.name,
    instant: async (options) => (await source(options.signal)).instant(options),
    range: async (options) => (await source(options.signal)).range(options),
    series: async (options) => (await source(options.signal)).series(options),
    labelNames: async (options = {}) => (await source(options.signal)).labelNames(options),
    labelValues: async (options) => (await source(options.signal)).labelValues(options),
  };
}
