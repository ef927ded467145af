import { AppError } from '@vibemonitor/contracts';
import {
  arithmeticOps,
  comparisonOps,
  type Aggregation,
  type BinaryExpr,
  type Call,
  type Expr,
  type MatrixSelector,
  type VectorSelector,
} from './promql-ast.js';
import {
  bucketQuantile,
  extrapolatedRate,
  instantRate,
  mathFunction,
  overTime,
  quantile,
} from './promql-functions.js';
import { parsePromql } from './promql-parser.js';
import type { GridSeries, Point, SeriesGrid } from './series-grid.js';

type Labels = Readonly<Record<string, string>>;

interface Sample {
  labels: Labels;
  value: number;
}

type Value =
  | { kind: 'scalar'; value: number }
  | { kind: 'vector'; samples: Sample[] }
  | { kind: 'matrix'; series: Array<{ labels: Labels; points: Point[] }> };

/** What a query returns: labelled series of [epoch ms, value] points (NaN kept: callers decide). */
export interface EvaluatedSeries {
  labels: Record<string, string>;
  points: Point[];
}

/** How far back an instant selector looks for the latest sample (Prometheus' default). */
export const LOOKBACK_MS = 5 * 60_000;

export function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
}

function dropName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const { __name__: _name, ...rest } = labels;
  return rest;
}

function pick(labels: Labels, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names)
    if (labels[name] !== undefined && labels[name] !== '') out[name] = labels[name]!;
  return out;
}

function omit(labels: Labels, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) if (!names.includes(name)) out[name] = value;
  return out;
}

const isComparison = (op: string) => (comparisonOps as readonly string[]).includes(op);
const isArithmetic = (op: string) => (arithmeticOps as readonly string[]).includes(op);

/** One element-wise operation: the value and whether a comparison holds. */
function applyOp(op: string, lhs: number, rhs: number): { value: number; keep: boolean } {
  switch (op) {
    case '+':
      return { value: lhs + rhs, keep: true };
    case '-':
      return { value: lhs - rhs, keep: true };
    case '*':
      return { value: lhs * rhs, keep: true };
    case '/':
      return { value: lhs / rhs, keep: true };
    case '%':
      return { value: lhs % rhs, keep: true };
    case '^':
      return { value: lhs ** rhs, keep: true };
    case '==':
      return { value: lhs, keep: lhs === rhs };
    case '!=':
      return { value: lhs, keep: lhs !== rhs };
    case '<':
      return { value: lhs, keep: lhs < rhs };
    case '>':
      return { value: lhs, keep: lhs > rhs };
    case '<=':
      return { value: lhs, keep: lhs <= rhs };
    case '>=':
      return { value: lhs, keep: lhs >= rhs };
    default:
      throw new AppError('VALIDATION_FAILED', `operator "${op}" is not allowed here`);
  }
}

/**
 * Evaluates parsed PromQL over a SeriesGrid with Prometheus 2.x semantics:
 * inclusive range selection, 5-minute lookback for instant selectors,
 * extrapolated rate/increase, one-to-one vector matching (on/ignoring),
 * metric names dropped where Prometheus drops them.
 */
export class PromqlEvaluator {
  private readonly selections = new Map<VectorSelector, GridSeries[]>();

  constructor(private readonly grid: SeriesGrid) {}

  private select(selector: VectorSelector): GridSeries[] {
    let selected = this.selections.get(selector);
    if (!selected) {
      selected = this.grid.select(selector.matchers);
      this.selections.set(selector, selected);
    }
    return selected;
  }

  evaluate(expr: Expr, t: number): Value {
    switch (expr.type) {
      case 'number':
        return { kind: 'scalar', value: expr.value };
      case 'unary': {
        const inner = this.evaluate(expr.expr, t);
        if (inner.kind === 'scalar') return { kind: 'scalar', value: -inner.value };
        return {
          kind: 'vector',
          samples: this.vector(inner).map((s) => ({ labels: dropName(s.labels), value: -s.value })),
        };
      }
      case 'vector':
        return { kind: 'vector', samples: this.instantSelector(expr, t) };
      case 'matrix':
        return { kind: 'matrix', series: this.rangeSelector(expr, t) };
      case 'aggregation':
        return { kind: 'vector', samples: this.aggregate(expr, t) };
      case 'binary':
        return this.binary(expr, t);
      case 'call':
        return this.call(expr, t);
    }
  }

  private vector(value: Value): Sample[] {
    if (value.kind !== 'vector')
      throw new AppError('INTERNAL', `expected an instant vector, got ${value.kind}`);
    return value.samples;
  }

  private scalar(expr: Expr, t: number): number {
    const value = this.evaluate(expr, t);
    if (value.kind !== 'scalar')
      throw new AppError('INTERNAL', `expected a scalar, got ${value.kind}`);
    return value.value;
  }

  private instantSelector(selector: VectorSelector, t: number): Sample[] {
    const at = t - selector.offsetMs;
    const out: Sample[] = [];
    for (const series of this.select(selector)) {
      const point = this.grid.latest(series, at - LOOKBACK_MS, at);
      if (point) out.push({ labels: series.labels, value: point.v });
    }
    return out;
  }

  private rangeSelector(
    matrix: MatrixSelector,
    t: number,
  ): Array<{ labels: Labels; points: Point[] }> {
    const end = t - matrix.selector.offsetMs;
    return this.select(matrix.selector)
      .map((series) => ({
        labels: series.labels,
        points: this.grid.points(series, end - matrix.rangeMs, end),
      }))
      .filter((s) => s.points.length > 0);
  }

  private aggregate(expr: Aggregation, t: number): Sample[] {
    const samples = this.vector(this.evaluate(expr.expr, t));
    const param = expr.param ? this.scalar(expr.param, t) : Number.NaN;
    const groups = new Map<string, { labels: Labels; samples: Sample[] }>();
    for (const sample of samples) {
      const labels =
        expr.grouping === null
          ? {}
          : expr.grouping.without
            ? omit(sample.labels, [...expr.grouping.labels, '__name__'])
            : pick(sample.labels, expr.grouping.labels);
      const key = labelKey(labels);
      const group = groups.get(key);
      if (group) group.samples.push(sample);
      else groups.set(key, { labels, samples: [sample] });
    }
    const out: Sample[] = [];
    for (const { labels, samples: members } of groups.values()) {
      const values = members.map((s) => s.value);
      switch (expr.op) {
        case 'sum':
          out.push({ labels, value: values.reduce((a, b) => a + b, 0) });
          break;
        case 'avg': {
          let mean = 0;
          values.forEach((v, i) => (mean += (v - mean) / (i + 1)));
          out.push({ labels, value: mean });
          break;
        }
        case 'min':
          out.push({ labels, value: values.reduce((a, b) => (Number.isNaN(a) || b < a ? b : a)) });
          break;
        case 'max':
          out.push({ labels, value: values.reduce((a, b) => (Number.isNaN(a) || b > a ? b : a)) });
          break;
        case 'count':
          out.push({ labels, value: values.length });
          break;
        case 'group':
          out.push({ labels, value: 1 });
          break;
        case 'stddev':
        case 'stdvar': {
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
          out.push({ labels, value: expr.op === 'stddev' ? Math.sqrt(variance) : variance });
          break;
        }
        case 'quantile':
          out.push({ labels, value: quantile(param, values) });
          break;
        case 'topk':
        case 'bottomk': {
          const k = Math.floor(param);
          if (!(k >= 1)) break;
          const sorted = [...members].sort((a, b) =>
            expr.op === 'topk' ? b.value - a.value : a.value - b.value,
          );
          out.push(...sorted.slice(0, k));
          break;
        }
      }
    }
    return out;
  }

  private binary(expr: BinaryExpr, t: number): Value {
    const lhs = this.evaluate(expr.lhs, t);
    const rhs = this.evaluate(expr.rhs, t);
    if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
      const { value, keep } = applyOp(expr.op, lhs.value, rhs.value);
      return { kind: 'scalar', value: isComparison(expr.op) ? Number(keep) : value };
    }
    if (expr.op === 'and' || expr.op === 'or' || expr.op === 'unless')
      return { kind: 'vector', samples: this.setOp(expr, this.vector(lhs), this.vector(rhs)) };
    const dropsName = isArithmetic(expr.op) || expr.returnBool;
    if (lhs.kind === 'scalar' || rhs.kind === 'scalar') {
      const swap = lhs.kind === 'scalar';
      const scalar = swap ? (lhs as { value: number }).value : (rhs as { value: number }).value;
      const out: Sample[] = [];
      for (const sample of this.vector(swap ? rhs : lhs)) {
        const [l, r] = swap ? [scalar, sample.value] : [sample.value, scalar];
        let { value, keep } = applyOp(expr.op, l, r);
        // A comparison keeps the vector's value, whichever side it is on.
        if (isComparison(expr.op) && swap) value = sample.value;
        if (expr.returnBool) {
          value = Number(keep);
          keep = true;
        }
        if (keep) out.push({ labels: dropsName ? dropName(sample.labels) : sample.labels, value });
      }
      return { kind: 'vector', samples: out };
    }
    return {
      kind: 'vector',
      samples: this.vectorOp(expr, this.vector(lhs), this.vector(rhs), dropsName),
    };
  }

  private signature(labels: Labels, matching: BinaryExpr['matching']): string {
    if (matching?.on) return labelKey(pick(labels, matching.labels));
    return labelKey(omit(labels, ['__name__', ...(matching?.labels ?? [])]));
  }

  private vectorOp(expr: BinaryExpr, lhs: Sample[], rhs: Sample[], dropsName: boolean): Sample[] {
    const right = new Map<string, Sample>();
    for (const sample of rhs) {
      const key = this.signature(sample.labels, expr.matching);
      if (right.has(key))
        throw new AppError(
          'VALIDATION_FAILED',
          'found duplicate series for the match group on the right hand-side of the operation: many-to-many matching not allowed (the demo does not support group_left/group_right)',
        );
      right.set(key, sample);
    }
    const matched = new Set<string>();
    const out: Sample[] = [];
    for (const sample of lhs) {
      const key = this.signature(sample.labels, expr.matching);
      const other = right.get(key);
      if (!other) continue;
      if (matched.has(key))
        throw new AppError(
          'VALIDATION_FAILED',
          'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right, which the demo does not support)',
        );
      matched.add(key);
      let { value, keep } = applyOp(expr.op, sample.value, other.value);
      if (expr.returnBool) {
        value = Number(keep);
        keep = true;
      }
      if (!keep) continue;
      let labels: Labels = dropsName ? dropName(sample.labels) : sample.labels;
      if (expr.matching?.on) labels = pick(labels, expr.matching.labels);
      else if (expr.matching) labels = omit(labels, expr.matching.labels);
      out.push({ labels, value });
    }
    return out;
  }

  private setOp(expr: BinaryExpr, lhs: Sample[], rhs: Sample[]): Sample[] {
    const rightKeys = new Set(rhs.map((s) => this.signature(s.labels, expr.matching)));
    if (expr.op === 'and')
      return lhs.filter((s) => rightKeys.has(this.signature(s.labels, expr.matching)));
    if (expr.op === 'unless')
      return lhs.filter((s) => !rightKeys.has(this.signature(s.labels, expr.matching)));
    const leftKeys = new Set(lhs.map((s) => this.signature(s.labels, expr.matching)));
    return [...lhs, ...rhs.filter((s) => !leftKeys.has(this.signature(s.labels, expr.matching)))];
  }

  private call(expr: Call, t: number): Value {
    const { fn, args } = expr;
    switch (fn) {
      case 'time':
        return { kind: 'scalar', value: t / 1000 };
      case 'vector':
        return { kind: 'vector', samples: [{ labels: {}, value: this.scalar(args[0]!, t) }] };
      case 'scalar': {
        const samples = this.vector(this.evaluate(args[0]!, t));
        return { kind: 'scalar', value: samples.length === 1 ? samples[0]!.value : Number.NaN };
      }
      case 'histogram_quantile':
        return {
          kind: 'vector',
          samples: this.histogramQuantile(
            this.scalar(args[0]!, t),
            this.vector(this.evaluate(args[1]!, t)),
          ),
        };
      case 'absent':
      case 'absent_over_time': {
        const value = this.evaluate(args[0]!, t);
        const empty =
          value.kind === 'vector'
            ? value.samples.length === 0
            : value.kind === 'matrix'
              ? value.series.length === 0
              : false;
        if (!empty) return { kind: 'vector', samples: [] };
        const arg = args[0]!;
        const selector = arg.type === 'vector' ? arg : arg.type === 'matrix' ? arg.selector : null;
        const labels: Record<string, string> = {};
        for (const m of selector?.matchers ?? [])
          if (m.op === '=' && m.name !== '__name__') labels[m.name] = m.value;
        return { kind: 'vector', samples: [{ labels, value: 1 }] };
      }
      case 'sort':
      case 'sort_desc': {
        const samples = [...this.vector(this.evaluate(args[0]!, t))];
        samples.sort((a, b) => (fn === 'sort' ? a.value - b.value : b.value - a.value));
        return { kind: 'vector', samples };
      }
      case 'clamp':
      case 'clamp_min':
      case 'clamp_max':
      case 'round':
      case 'abs':
      case 'ceil':
      case 'floor':
      case 'exp':
      case 'ln':
      case 'log2':
      case 'log10':
      case 'sqrt':
      case 'sgn': {
        const samples = this.vector(this.evaluate(args[0]!, t));
        const extra = args.slice(1).map((arg) => this.scalar(arg, t));
        // clamp with max < min returns nothing, as in Prometheus.
        if (fn === 'clamp' && extra[1]! < extra[0]!) return { kind: 'vector', samples: [] };
        return {
          kind: 'vector',
          samples: samples.map((s) => ({
            labels: dropName(s.labels),
            value: mathFunction(fn, s.value, extra),
          })),
        };
      }
      default:
        return { kind: 'vector', samples: this.rangeFunction(expr, t) };
    }
  }

  /** rate, increase, *_over_time...: one value per series of the range vector argument. */
  private rangeFunction(expr: Call, t: number): Sample[] {
    const matrixArg = expr.args[expr.args.length - 1]!;
    if (matrixArg.type !== 'matrix')
      throw new AppError(
        'VALIDATION_FAILED',
        `expected a range vector selector in call to function "${expr.fn}"`,
      );
    const param = expr.args.length > 1 ? this.scalar(expr.args[0]!, t) : Number.NaN;
    const end = t - matrixArg.selector.offsetMs;
    const start = end - matrixArg.rangeMs;
    const out: Sample[] = [];
    for (const { labels, points } of this.rangeSelector(matrixArg, t)) {
      let value: number | null;
      switch (expr.fn) {
        case 'rate':
        case 'increase':
        case 'delta':
          value = extrapolatedRate(points, start, end, expr.fn !== 'delta', expr.fn === 'rate');
          break;
        case 'irate':
        case 'idelta':
          value = instantRate(points, expr.fn === 'irate');
          break;
        default:
          value = overTime(
            expr.fn,
            points.map((p) => p.v),
            param,
          );
      }
      // last_over_time acts like an offset and keeps the name; every other range function drops it.
      if (value !== null)
        out.push({ labels: expr.fn === 'last_over_time' ? labels : dropName(labels), value });
    }
    return out;
  }

  private histogramQuantile(q: number, samples: Sample[]): Sample[] {
    const groups = new Map<
      string,
      { labels: Labels; buckets: Array<{ upperBound: number; count: number }> }
    >();
    for (const sample of samples) {
      const le = sample.labels.le;
      if (le === undefined) continue;
      const upperBound =
        le === '+Inf'
          ? Number.POSITIVE_INFINITY
          : le === '-Inf'
            ? Number.NEGATIVE_INFINITY
            : Number(le);
      if (Number.isNaN(upperBound)) continue;
      const labels = omit(sample.labels, ['le', '__name__']);
      const key = labelKey(labels);
      const group = groups.get(key) ?? { labels, buckets: [] };
      group.buckets.push({ upperBound, count: sample.value });
      groups.set(key, group);
    }
    return [...groups.values()].map((g) => ({
      labels: g.labels,
      value: bucketQuantile(q, g.buckets),
    }));
  }
}

/**
 * Runs an instant query at `time` (epoch ms): an instant vector or scalar
 * gives one point per series, a range vector every sample in its range.
 */
export function evaluateInstant(grid: SeriesGrid, query: string, time: number): EvaluatedSeries[] {
  const { expr } = parsePromql(query);
  const value = new PromqlEvaluator(grid).evaluate(expr, time);
  if (value.kind === 'scalar') return [{ labels: {}, points: [{ t: time, v: value.value }] }];
  if (value.kind === 'matrix')
    return value.series.map((s) => ({ labels: { ...s.labels }, points: s.points }));
  return value.samples.map((s) => ({ labels: { ...s.labels }, points: [{ t: time, v: s.value }] }));
}

/**
 * Runs a range query: the expression evaluated independently at start,
 * start + step... up to end (epoch ms), points gathered per label set,
 * series sorted by labels as Prometheus returns them.
 */
export function evaluateRange(
  grid: SeriesGrid,
  query: string,
  startMs: number,
  endMs: number,
  stepMs: number,
): EvaluatedSeries[] {
  const { expr, type } = parsePromql(query);
  if (type === 'matrix')
    throw new AppError(
      'VALIDATION_FAILED',
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    );
  if (!(stepMs > 0))
    throw new AppError(
      'VALIDATION_FAILED',
      'zero or negative query resolution step widths are not accepted',
    );
  const evaluator = new PromqlEvaluator(grid);
  const series = new Map<string, EvaluatedSeries>();
  for (let t = startMs; t <= endMs; t += stepMs) {
    const value = evaluator.evaluate(expr, t);
    const samples =
      value.kind === 'scalar'
        ? [{ labels: {}, value: value.value }]
        : value.kind === 'vector'
          ? value.samples
          : [];
    for (const sample of samples) {
      const key = labelKey(sample.labels);
      const entry = series.get(key) ?? { labels: { ...sample.labels }, points: [] };
      entry.points.push({ t, v: sample.value });
      series.set(key, entry);
    }
  }
  return [...series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}
