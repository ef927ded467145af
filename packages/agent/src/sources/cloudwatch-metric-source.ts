import { AppError } from '@vibemonitor/contracts';
import type {
  CloudWatchApi,
  MetricDataRequest,
  MetricSeries,
  Sample,
} from '@vibemonitor/integrations';
import {
  cloudWatchFamilies,
  serviceFromDimension,
  type CloudWatchVariant,
  type VirtualMetric,
} from './cloudwatch-families.js';
import type { MetricSource, SourceInfo } from './data-sources.js';
import { matches, parsePromql, type Matcher, type PromNode } from './promql-subset.js';

/** One CloudWatch metric as the engine sees it: a catalogue name and labels. */
interface VirtualSeries {
  metric: VirtualMetric;
  variant: CloudWatchVariant;
  dimensions: Array<{ name: string; value: string }>;
  labels: Record<string, string>;
}

/** Series per selector: GetMetricData takes 500 queries, and the engine asks for a handful per signal. */
const MAX_SERIES_PER_SELECTOR = 50;
const DEFAULT_MAX_POINTS = 240;

type Vec = Array<{ labels: Record<string, string>; expr: string }>;
type Value = { scalar: number } | { vec: Vec };

function periodFor(start: Date, end: Date, maxPoints: number, stepSeconds?: number): number {
  const seconds = Math.max(60, (end.getTime() - start.getTime()) / 1000 / Math.max(1, maxPoints));
  const wanted = Math.max(seconds, stepSeconds ?? 0);
  return Math.ceil(wanted / 60) * 60;
}

function labelKey(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([k]) => k !== '__name__' && k !== 'code')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/**
 * A MetricSource over CloudWatch: its metrics are presented under the
 * catalogue names they mean (cloudwatch-families.ts), discovered with
 * ListMetrics once per source, and PromQL over them is translated into one
 * GetMetricData call whose metric math does the arithmetic. Queries outside
 * the subset fail with a message saying what is supported.
 */
export function metricSourceFromCloudWatch(info: SourceInfo, client: CloudWatchApi): MetricSource {
  let discovery: Promise<VirtualSeries[]> | null = null;

  const discover = (signal?: AbortSignal): Promise<VirtualSeries[]> => {
    discovery ??= (async () => {
      const wanted = cloudWatchFamilies.flatMap((metric) =>
        metric.variants.map((variant) => ({ metric, variant })),
      );
      const failures: string[] = [];
      const found = await Promise.all(
        wanted.map(async ({ metric, variant }) => {
          try {
            const listed = await client.listMetrics({
              namespace: variant.namespace,
              metricName: variant.metricName,
              ...(signal ? { signal } : {}),
            });
            return listed.metrics
              .filter(
                (m) =>
                  m.dimensions.length === variant.dimensions.length &&
                  variant.dimensions.every((d) => m.dimensions.some((x) => x.name === d)),
              )
              .map((m): VirtualSeries => {
                const serviceValue =
                  m.dimensions.find((d) => d.name === variant.serviceDimension)?.value ?? '';
                const service = serviceFromDimension(variant.namespace, serviceValue);
                const labels: Record<string, string> = {
                  __name__: metric.name,
                  service,
                  aws_namespace: variant.namespace,
                };
                // Container Insights series are containers' too: the cAdvisor recipes select container!="".
                if (variant.namespace === 'ECS/ContainerInsights') labels['container'] = service;
                const cluster = m.dimensions.find((d) => d.name === 'ClusterName');
                if (cluster) labels['cluster'] = cluster.value;
                return { metric, variant, dimensions: m.dimensions, labels };
              });
          } catch (error) {
            failures.push(error instanceof Error ? error.message : String(error));
            return [];
          }
        }),
      );
      if (failures.length === wanted.length) {
        throw new AppError('UNAVAILABLE', `CloudWatch metrics could not be listed: ${failures[0]}`);
      }
      return found.flat();
    })();
    discovery.catch(() => {
      discovery = null;
    });
    return discovery;
  };

  const select = (all: VirtualSeries[], name: string, matchers: Matcher[]): VirtualSeries[] =>
    all.filter(
      (s) =>
        s.metric.name === name &&
        matchers.every((m) => {
          // Handled by the translation, not by filtering: the 5xx counter, the idle CPU, histogram buckets.
          if (m.label === 'code' || m.label === 'le') return true;
          if (m.label === 'mode' && s.metric.kind === 'cpu-idle') return true;
          return matches(m, s.labels[m.label]);
        }),
    );

  const matchSelectors = async (match: string[] | undefined, signal?: AbortSignal) => {
    const all = await discover(signal);
    if (!match || match.length === 0) return all;
    return match.flatMap((text) => {
      const node = parsePromql(text);
      if (node.t !== 'sel')
        throw new AppError('VALIDATION_FAILED', `match[] must be a selector: ${text}`);
      return select(all, node.name, node.matchers);
    });
  };

  async function evaluate(options: {
    query: string;
    start: Date;
    end: Date;
    periodSeconds: number;
    maxSeries: number;
    signal?: AbortSignal;
  }): Promise<{ series: MetricSeries[]; truncated: boolean }> {
    const ast = parsePromql(options.query);
    const all = await discover(options.signal);
    const stats: MetricDataRequest[] = [];
    const period = options.periodSeconds;
    let truncated = false;
    const statId = (series: VirtualSeries, metricName: string, stat: string): string => {
      const id = `m${stats.length}`;
      stats.push({
        id,
        metric: { namespace: series.variant.namespace, metricName, dimensions: series.dimensions },
        stat,
        periodSeconds: period,
        returnData: false,
      });
      return id;
    };
    const fail = (what: string) =>
      new AppError('VALIDATION_FAILED', `CloudWatch cannot answer ${what} in ${options.query}`);

    const leaves = (sel: Extract<PromNode, { t: 'sel' }>): VirtualSeries[] => {
      const found = select(all, sel.name, sel.matchers);
      if (found.length > MAX_SERIES_PER_SELECTOR) truncated = true;
      return found.slice(0, MAX_SERIES_PER_SELECTOR);
    };
    const wantsErrors = (sel: Extract<PromNode, { t: 'sel' }>): boolean => {
      const code = sel.matchers.find((m) => m.label === 'code');
      if (!code) return false;
      if (matches(code, '500') && matches(code, '503') && !matches(code, '200')) return true;
      throw fail(`the status matcher code${code.op}"${code.value}" (only 5xx is counted apart)`);
    };
    const labelsOf = (s: VirtualSeries, sel: Extract<PromNode, { t: 'sel' }>) => {
      const labels = { ...s.labels };
      delete labels['__name__'];
      if (wantsErrors(sel)) labels['code'] = '5xx';
      return labels;
    };

    const compile = (node: PromNode): Value => {
      switch (node.t) {
        case 'num':
          return { scalar: node.value };
        case 'sel': {
          const kind = all.find((s) => s.metric.name === node.name)?.metric.kind;
          if (kind && kind !== 'gauge')
            throw fail(`${node.name} without rate() (it is a counter or histogram)`);
          return {
            vec: leaves(node).map((s) => ({
              labels: labelsOf(s, node),
              expr: `(${statId(s, s.variant.metricName, 'Average')} * ${s.variant.scale})`,
            })),
          };
        }
        case 'range': {
          const sel = node.sel;
          return {
            vec: leaves(sel).map((s) => {
              if (s.metric.kind === 'cpu-idle') {
                const mode = sel.matchers.find((m) => m.label === 'mode');
                if (!mode || !matches(mode, 'idle') || matches(mode, 'user'))
                  throw fail('node_cpu_seconds_total other than mode="idle"');
                return {
                  labels: labelsOf(s, sel),
                  expr: `(1 - ${statId(s, s.variant.metricName, 'Average')} / 100)`,
                };
              }
              if (s.metric.kind === 'histogram')
                throw fail('rate() of histogram buckets outside histogram_quantile');
              const metricName = wantsErrors(sel)
                ? s.variant.errorMetricName
                : s.variant.metricName;
              if (!metricName) throw fail(`5xx counts of ${s.variant.namespace}`);
              if (s.metric.name === 'container_cpu_usage_seconds_total') {
                // Container Insights reports CPU in use (a gauge of CPU units), which is what rate() of the counter means.
                return {
                  labels: labelsOf(s, sel),
                  expr: `(${statId(s, metricName, 'Average')} * ${s.variant.scale})`,
                };
              }
              const id = statId(s, metricName, 'Sum');
              const perSecond = `(${id} / ${period} * ${s.variant.scale})`;
              return {
                labels: labelsOf(s, sel),
                expr: node.fn === 'rate' ? perSecond : `(${perSecond} * ${node.seconds})`,
              };
            }),
          };
        }
        case 'quantile': {
          // histogram_quantile(q, sum by (le) (rate(bucket[w]))): CloudWatch keeps percentiles itself.
          let inner: PromNode = node.arg;
          if (inner.t === 'agg') inner = inner.arg;
          if (
            inner.t !== 'range' ||
            all.find((s) => s.metric.name === inner.sel.name)?.metric.kind !== 'histogram'
          )
            throw fail('histogram_quantile over anything but a latency histogram');
          const stat = `p${Math.round(node.q * 1000) / 10}`;
          const found = leaves(inner.sel).map((s) => ({
            labels: labelsOf(s, (inner as Extract<PromNode, { t: 'range' }>).sel),
            expr: `(${statId(s, s.variant.metricName, stat)} * ${s.variant.scale})`,
          }));
          // Percentiles of different resources cannot be merged: the worst one stands for them.
          if (node.arg.t === 'agg' && found.length > 1)
            return { vec: [{ labels: {}, expr: `MAX([${found.map((f) => f.expr).join(', ')}])` }] };
          return { vec: found };
        }
        case 'agg': {
          const arg = compile(node.arg);
          if ('scalar' in arg) return arg;
          if (arg.vec.length <= 1)
            return { vec: arg.vec.map((v) => ({ labels: {}, expr: v.expr })) };
          const list = arg.vec.map((v) => v.expr);
          const expr =
            node.op === 'sum'
              ? `(${list.join(' + ')})`
              : node.op === 'avg'
                ? `((${list.join(' + ')}) / ${list.length})`
                : `${node.op.toUpperCase()}([${list.join(', ')}])`;
          return { vec: [{ labels: {}, expr }] };
        }
        case 'filter':
          // `x / (limit > 0)`: CloudWatch drops the points where a division by zero would be.
          if (node.op !== '>' || node.value !== 0)
            throw fail(`the filter ${node.op} ${node.value}`);
          return compile(node.arg);
        case 'bin': {
          const left = compile(node.left);
          const right = compile(node.right);
          if ('scalar' in left && 'scalar' in right) throw fail('an expression without a metric');
          if ('scalar' in left)
            return {
              vec: (right as { vec: Vec }).vec.map((v) => ({
                labels: v.labels,
                expr: `(${left.scalar} ${node.op} ${v.expr})`,
              })),
            };
          if ('scalar' in right)
            return {
              vec: left.vec.map((v) => ({
                labels: v.labels,
                expr: `(${v.expr} ${node.op} ${right.scalar})`,
              })),
            };
          // Vector with vector: one-to-one on the labels other than the name and the status code.
          const byKey = new Map(right.vec.map((v) => [labelKey(v.labels), v]));
          return {
            vec: left.vec.flatMap((l) => {
              const r = byKey.get(labelKey(l.labels));
              if (!r) return [];
              const labels = { ...l.labels };
              delete labels['code'];
              return [{ labels, expr: `(${l.expr} ${node.op} ${r.expr})` }];
            }),
          };
        }
      }
    };

    const value = compile(ast);
    if ('scalar' in value) throw fail('a number alone');
    const wanted = value.vec.slice(0, options.maxSeries);
    if (value.vec.length > options.maxSeries) truncated = true;
    if (wanted.length === 0) return { series: [], truncated };
    const expressions: MetricDataRequest[] = wanted.map((v, i) => ({
      id: `e${i}`,
      expression: v.expr,
      label: JSON.stringify(v.labels),
    }));
    const { results } = await client.getMetricData({
      queries: [...stats, ...expressions],
      start: options.start,
      end: options.end,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const byId = new Map(results.map((r) => [r.id, r]));
    return {
      series: wanted.map((v, i) => ({
        labels: v.labels,
        points: (byId.get(`e${i}`)?.points ?? []).map((p): Sample => ({
          timestamp: p.timestamp,
          value: p.value,
        })),
      })),
      truncated,
    };
  }

  return {
    kind: 'metrics',
    id: info.id,
    name: info.name,
    async instant({ query, time = new Date(), maxSeries = 100, signal }) {
      const end = new Date(Math.floor(time.getTime() / 60_000) * 60_000);
      const result = await evaluate({
        query,
        start: new Date(end.getTime() - 10 * 60_000),
        end,
        periodSeconds: 60,
        maxSeries,
        ...(signal ? { signal } : {}),
      });
      return {
        series: result.series
          .map((s) => ({ labels: s.labels, points: s.points.slice(-1) }))
          .filter((s) => s.points.length > 0),
        truncated: result.truncated,
      };
    },
    async range({
      query,
      start,
      end,
      stepSeconds,
      maxPoints = DEFAULT_MAX_POINTS,
      maxSeries = 100,
      signal,
    }) {
      const periodSeconds = periodFor(start, end, maxPoints, stepSeconds);
      const result = await evaluate({
        query,
        start,
        end,
        periodSeconds,
        maxSeries,
        ...(signal ? { signal } : {}),
      });
      return {
        ...result,
        stepSeconds: periodSeconds,
        stepWidened: stepSeconds !== undefined && periodSeconds > stepSeconds,
      };
    },
    async series({ match, limit = 1000, signal }) {
      const found = await matchSelectors(match, signal);
      return {
        series: found.slice(0, limit).map((s) => s.labels),
        truncated: found.length > limit,
      };
    },
    async labelNames({ match, signal } = {}) {
      const found = await matchSelectors(match, signal);
      return {
        values: [...new Set(found.flatMap((s) => Object.keys(s.labels)))].sort(),
        truncated: false,
      };
    },
    async labelValues({ label, match, limit = 1000, signal }) {
      const found = await matchSelectors(match, signal);
      const values = [
        ...new Set(found.map((s) => s.labels[label]).filter((v): v is string => v !== undefined)),
      ].sort();
      return { values: values.slice(0, limit), truncated: values.length > limit };
    },
  };
}
