import {
  metricCatalogue,
  planQueries,
  type PlannedQuery,
  type SignalKind,
} from '../evidence/index.js';
import type { MetricSource } from '../sources/data-sources.js';
import type { ServiceDirectory } from './service-directory.js';

/**
 * The PromQL to run for one service in one source: per signal, the first
 * catalogue recipe whose metrics exist there and carry a label naming the
 * service (resolved per metric, see ServiceDirectory.metricSelector).
 */
export async function planServiceQueries(input: {
  directory: ServiceDirectory;
  source: MetricSource;
  service: string;
  signals?: readonly SignalKind[];
  rateWindow?: string;
  signal?: AbortSignal;
}): Promise<PlannedQuery[]> {
  const metricNames = input.directory.metricNames(input.source);
  const wanted = input.signals === undefined ? null : new Set(input.signals);
  const selectors = new Map<string, string | null>();
  await Promise.all(
    metricCatalogue
      .filter(
        (recipe) =>
          (wanted === null || wanted.has(recipe.signal)) &&
          recipe.requires.every((name) => metricNames.has(name)),
      )
      .map(async (recipe) => {
        const metric = recipe.requires[0]!;
        if (!selectors.has(metric)) selectors.set(metric, null);
        selectors.set(
          metric,
          await input.directory.metricSelector(input.source, input.service, metric, input.signal),
        );
      }),
  );
  return planQueries({
    metricNames,
    selector: (recipe) => selectors.get(recipe.requires[0]!) ?? null,
    ...(input.signals ? { signals: input.signals } : {}),
    ...(input.rateWindow ? { rateWindow: input.rateWindow } : {}),
  });
}
