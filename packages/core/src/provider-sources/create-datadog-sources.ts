import type {
  ChangeSource,
  DatadogClient,
  LogSource,
  MetricSource,
} from '@vibemonitor/integrations';
import { createDatadogChangeSource } from './create-datadog-change-source.js';
import { createDatadogLogSource } from './create-datadog-log-source.js';
import { createDatadogMetricSource } from './create-datadog-metric-source.js';

export interface DatadogSources {
  metrics: MetricSource;
  logs: LogSource;
  changes: ChangeSource;
}

/** The investigation sources of one Datadog integration: its metrics, logs and events, as of `now`. */
export function createDatadogSources(input: {
  integration: { id: string; name: string };
  client: DatadogClient;
  now: Date;
}): DatadogSources {
  const { id, name } = input.integration;
  return {
    metrics: createDatadogMetricSource({
      info: { id: `${id}:metrics`, name: `${name} (Datadog metrics)` },
      client: input.client,
      now: input.now,
    }),
    logs: createDatadogLogSource({
      info: { id: `${id}:logs`, name: `${name} (Datadog logs)` },
      client: input.client,
    }),
    changes: createDatadogChangeSource({
      info: { id: `${id}:changes`, name: `${name} (Datadog events)` },
      client: input.client,
    }),
  };
}
