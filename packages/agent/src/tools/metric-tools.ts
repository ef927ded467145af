import { z } from 'zod';
import { AppError } from '@vibemonitor/contracts';
import { rankMetricChanges, type SignalKind } from '../evidence/index.js';
import { planServiceQueries } from '../checks/plan-service-queries.js';
import { capText, formatSeries, isoMinute } from './format-result.js';
import {
  defineTool,
  pickSource,
  resolveService,
  spanFrom,
  type InvestigationTool,
} from './investigation-tool.js';

const time = {
  start: z
    .string()
    .optional()
    .describe('ISO 8601 start; default: the start of the baseline window'),
  end: z.string().optional().describe('ISO 8601 end; default: now'),
};
const sourceArg = z.string().optional().describe('Metrics source name; default: the first one');

export const queryMetricsTool = defineTool({
  name: 'query_metrics',
  description:
    'Runs raw PromQL. Range queries return at most 100 points per series (the step widens) and 20 series; set instant=true for one value per series at the end time.',
  schema: z.object({
    promql: z.string().min(1),
    instant: z.boolean().optional(),
    step: z.number().int().min(1).optional().describe('Seconds between points (may be widened)'),
    source: sourceArg,
    ...time,
  }),
  async run(args, context) {
    const source = pickSource(context.metrics, args.source, 'metrics');
    const span = spanFrom(args, {
      start: context.window.baseline.start,
      end: context.window.incident.end,
    });
    const howToNarrow =
      'Aggregate (sum by (service) (...)), add label matchers, or query instant=true.';
    if (args.instant) {
      const result = await source.instant({
        query: args.promql,
        time: span.end,
        maxSeries: context.budget.maxSeries,
        signal: context.signal,
      });
      const text = capText(
        formatSeries(result.series, {
          maxSeries: context.budget.maxSeries,
          truncated: result.truncated,
        }),
        context.budget.maxResultChars,
        howToNarrow,
      );
      return {
        text: text.text,
        query: args.promql,
        summary: `${result.series.length} series (instant) from ${args.promql}`,
      };
    }
    const result = await source.range({
      query: args.promql,
      ...span,
      ...(args.step ? { stepSeconds: args.step } : {}),
      maxPoints: context.budget.maxPoints,
      maxSeries: context.budget.maxSeries,
      signal: context.signal,
    });
    const text = capText(
      formatSeries(result.series, {
        maxSeries: context.budget.maxSeries,
        truncated: result.truncated,
        stepSeconds: result.stepSeconds,
        stepWidened: result.stepWidened,
      }),
      context.budget.maxResultChars,
      howToNarrow,
    );
    return {
      text: text.text,
      query: args.promql,
      summary: `${result.series.length} series from ${args.promql}`,
    };
  },
});

function serviceSignalTool(
  name: string,
  description: string,
  signals: readonly SignalKind[],
  label: string,
): InvestigationTool {
  return defineTool({
    name,
    description,
    schema: z.object({
      service: z.string().describe('Service name, e.g. "orders"'),
      source: sourceArg,
    }),
    async run(args, context) {
      const source = pickSource(context.metrics, args.source, 'metrics');
      const service = resolveService(context.directory, args.service);
      const planned = await planServiceQueries({
        directory: context.directory,
        source,
        service,
        signals,
        signal: context.signal,
      });
      if (planned.length === 0) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `No ${label} metrics for "${service}" in ${source.name}: none of the known metric families (OpenTelemetry, Prometheus client, cAdvisor, kube-state-metrics...) carry a label naming it. Try find_series or query_metrics.`,
        );
      }
      const { baseline, incident } = context.window;
      const blocks: string[] = [];
      const verdicts: string[] = [];
      for (const query of planned) {
        const result = await source.range({
          query: query.promql,
          start: baseline.start,
          end: incident.end,
          maxPoints: context.budget.maxPoints,
          maxSeries: 5,
          signal: context.signal,
        });
        const points = (result.series[0]?.points ?? []).map(
          (p) => [p.timestamp / 1000, p.value ?? Number.NaN] as const,
        );
        const [change] = rankMetricChanges({
          candidates: [{ service, signal: query.signal, points, query: query.promql }],
          incident: {
            start: incident.start.getTime() / 1000,
            end: incident.end.getTime() / 1000 + 1,
          },
          baseline: { start: baseline.start.getTime() / 1000, end: baseline.end.getTime() / 1000 },
        });
        const verdict =
          change === undefined || change.note
            ? `${query.signal}: not enough data to compare`
            : `${query.signal} (${query.unit}): baseline median ${change.baselineMedian.toPrecision(3)} -> incident median ${change.incidentMedian.toPrecision(3)}, ${change.abnormal ? `ABNORMAL (score ${change.score.toFixed(1)}${change.onset ? `, began about ${isoMinute(change.onset * 1000)}` : ''})` : 'normal'}`;
        verdicts.push(verdict);
        blocks.push(
          `${verdict}\n  query: ${query.promql}\n  ${formatSeries(result.series, { maxSeries: 3, truncated: result.truncated, stepSeconds: result.stepSeconds, samplesPerSeries: 10 }).replaceAll('\n', '\n  ')}`,
        );
      }
      const text = capText(
        blocks.join('\n'),
        context.budget.maxResultChars,
        'Use query_metrics with one of the queries above.',
      );
      return {
        text: text.text,
        query: planned.map((q) => q.promql).join('\n'),
        summary: `${service} ${label}: ${verdicts.join('; ')}`,
      };
    },
  });
}

export const cpuUsageTool = serviceSignalTool(
  'cpu_usage',
  'CPU usage and CPU throttling of a service, incident window compared with the baseline.',
  ['cpu', 'cpu_throttling'],
  'CPU',
);
export const memoryUsageTool = serviceSignalTool(
  'memory_usage',
  'Memory (working set / RSS), restarts and OOM kills of a service, incident window compared with the baseline.',
  ['memory', 'restarts', 'oom_kills'],
  'memory',
);
export const latencyTool = serviceSignalTool(
  'latency',
  'HTTP latency percentiles (p50/p95/p99) of a service, incident window compared with the baseline.',
  ['latency_p50', 'latency_p95', 'latency_p99', 'latency_mean'],
  'latency',
);
export const errorRateTool = serviceSignalTool(
  'error_rate',
  'HTTP 5xx error ratio and request throughput of a service, incident window compared with the baseline.',
  ['error_ratio', 'throughput'],
  'error-rate',
);

export const listLabelsTool = defineTool({
  name: 'list_labels',
  description:
    'Label names of a metrics or logs source, or the values of one label (label="__name__" lists metric names; match narrows to some series).',
  schema: z.object({
    kind: z.enum(['metrics', 'logs']),
    label: z
      .string()
      .optional()
      .describe('Give a label to list its values; leave out to list label names'),
    match: z
      .string()
      .optional()
      .describe('Series selector (metrics) or stream selector (logs) to narrow by'),
    source: z.string().optional(),
  }),
  async run(args, context) {
    const span = {
      start: context.window.baseline.start,
      end: context.window.incident.end,
      signal: context.signal,
    };
    const source =
      args.kind === 'metrics'
        ? pickSource(context.metrics, args.source, 'metrics')
        : pickSource(context.logs, args.source, 'logs');
    const result =
      source.kind === 'metrics'
        ? args.label
          ? await source.labelValues({
              label: args.label,
              ...(args.match ? { match: [args.match] } : {}),
              ...span,
            })
          : await source.labelNames({ ...(args.match ? { match: [args.match] } : {}), ...span })
        : args.label
          ? await source.labelValues({
              label: args.label,
              ...(args.match ? { query: args.match } : {}),
              ...span,
            })
          : await source.labelNames({ ...(args.match ? { query: args.match } : {}), ...span });
    const shown = result.values.slice(0, 200);
    const more =
      result.values.length > shown.length || result.truncated
        ? `\n(${shown.length} of ${result.values.length}${result.truncated ? '+' : ''} shown: narrow with match)`
        : '';
    const what = args.label ? `values of ${args.label}` : 'label names';
    const text = capText(
      `${what} in ${source.name}: ${shown.join(', ') || '(none)'}${more}`,
      context.budget.maxResultChars,
      'Narrow with match.',
    );
    return { text: text.text, summary: `${result.values.length} ${what} in ${source.name}` };
  },
});

export const findSeriesTool = defineTool({
  name: 'find_series',
  description:
    'Series (label sets) matching a selector, e.g. {__name__=~"http_.*", service="orders"}. At most 50.',
  schema: z.object({ match: z.string().min(2), source: sourceArg }),
  async run(args, context) {
    const source = pickSource(context.metrics, args.source, 'metrics');
    const result = await source.series({
      match: [args.match],
      start: context.window.baseline.start,
      end: context.window.incident.end,
      limit: 50,
      signal: context.signal,
    });
    const rows = result.series.map((labels) => {
      const { __name__: name, ...rest } = labels;
      return `${name ?? ''}{${Object.entries(rest)
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ')}}`;
    });
    const more = result.truncated ? '\n(more than 50 series matched: add matchers)' : '';
    const text = capText(
      `${rows.join('\n') || 'No series matched.'}${more}`,
      context.budget.maxResultChars,
      'Add label matchers.',
    );
    return {
      text: text.text,
      query: args.match,
      summary: `${result.series.length}${result.truncated ? '+' : ''} series match ${args.match}`,
    };
  },
});
