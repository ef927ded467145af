import { describe, expect, it } from 'vitest';
import { isAppError } from '@vibemonitor/contracts';
import { parseDuration } from './query-text.js';
import { parsePromql } from './promql-parser.js';
import { evaluateInstant, evaluateRange } from './promql-evaluator.js';
import { SeriesGrid } from './series-grid.js';

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    return (error as Error).message;
  }
  throw new Error('expected a VALIDATION_FAILED error');
}

describe('parsePromql', () => {
  it('reads durations, precedence and modifiers the way Prometheus does', () => {
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('5x')).toBeNull();
    expect(parsePromql('-2 ^ 2').expr).toEqual({
      type: 'unary',
      expr: {
        type: 'binary',
        op: '^',
        lhs: { type: 'number', value: 2 },
        rhs: { type: 'number', value: 2 },
        returnBool: false,
        matching: null,
      },
    });
    const { expr } = parsePromql('a + b * c > bool on(job) d or e');
    expect(expr).toMatchObject({
      type: 'binary',
      op: 'or',
      lhs: {
        op: '>',
        returnBool: true,
        matching: { on: true, labels: ['job'] },
        lhs: { op: '+', rhs: { op: '*' } },
      },
    });
    expect(parsePromql('sum(rate(x{a=~"b|c"}[5m] offset 1m)) by (job)').expr).toMatchObject({
      type: 'aggregation',
      op: 'sum',
      grouping: { without: false, labels: ['job'] },
      expr: {
        type: 'call',
        fn: 'rate',
        args: [{ type: 'matrix', rangeMs: 300_000, selector: { offsetMs: 60_000 } }],
      },
    });
    expect(parsePromql('instance:node_cpu:rate5m{mode!="idle"}').expr).toMatchObject({
      matchers: [
        { name: '__name__', value: 'instance:node_cpu:rate5m' },
        { name: 'mode', op: '!=', value: 'idle' },
      ],
    });
  });

  it('binds offset and ranges to the nearest operand, as Prometheus does', () => {
    // The lezer grammar attaches a trailing `offset` to the whole `a - b`.
    expect(parsePromql('a - b offset 5m').expr).toMatchObject({
      type: 'binary',
      lhs: { type: 'vector', offsetMs: 0 },
      rhs: { type: 'vector', offsetMs: 300_000 },
    });
    expect(parsePromql('-a offset -1m').expr).toMatchObject({
      type: 'unary',
      expr: { type: 'vector', offsetMs: -60_000 },
    });
    expect(parsePromql('a * rate(b[1h30m])').expr).toMatchObject({
      rhs: { args: [{ type: 'matrix', rangeMs: 90 * 60_000 }] },
    });
    expect(failure(() => parsePromql('(a - b) offset 5m'))).toMatch(
      /offset modifier must be preceded by a vector or range selector/,
    );
    expect(failure(() => parsePromql('a - b[5m]'))).toMatch(/only scalar and instant vector/);
    expect(parsePromql('{"my.metric", job=\'a\\tb\'}').expr).toMatchObject({
      matchers: [
        { name: '__name__', value: 'my.metric' },
        { name: 'job', value: 'a\tb' },
      ],
    });
    expect(parsePromql('0x1F + 1_000 - Inf').expr).toMatchObject({
      lhs: { lhs: { value: 31 }, rhs: { value: 1000 } },
      rhs: { value: Number.POSITIVE_INFINITY },
    });
  });

  it('reports where a query stops being PromQL', () => {
    expect(failure(() => parsePromql('sum(rate(up[5m])'))).toMatch(
      /^PromQL parse error at column 17: unexpected end of input/,
    );
    expect(failure(() => parsePromql('up{job="a" job="b"}'))).toMatch(/at column 12/);
    expect(failure(() => parsePromql('sum(up)\n  by (job) )'))).toMatch(
      /^PromQL parse error at line 2, column 12: unexpected "\)"/,
    );
    expect(failure(() => parsePromql('rate(up[5x])'))).toMatch(/parse error at column/);
  });

  it('types expressions and rejects mismatches with Prometheus-like messages', () => {
    expect(parsePromql('up[5m]').type).toBe('matrix');
    expect(parsePromql('scalar(up) * 2').type).toBe('scalar');
    expect(failure(() => parsePromql('rate(up)'))).toMatch(
      /expected type range vector in call to function "rate", got instant vector/,
    );
    expect(failure(() => parsePromql('1 > 2'))).toMatch(/BOOL modifier/);
    expect(failure(() => parsePromql('up and 1'))).toMatch(/set operator/);
    expect(failure(() => parsePromql('histogram_quantile(0.9)'))).toMatch(/expected 2 argument/);
    expect(failure(() => parsePromql('{job=~".*"}'))).toMatch(/at least one non-empty matcher/);
    expect(failure(() => parsePromql('up{job=~"("}'))).toMatch(/invalid regular expression/);
    expect(failure(() => parsePromql('sum(up'))).toMatch(
      /^PromQL parse error at column 7: unexpected end of input/,
    );
    expect(failure(() => parsePromql(''))).toMatch(/empty query/);
  });

  it('names what it does not implement instead of failing obscurely', () => {
    for (const [query, what] of [
      ['label_join(up, "a", ",", "b")', 'label_join()'],
      ['up / on(job) group_right up', 'group_right'],
      ['rate(up[5m:30s])', 'subqueries'],
      ['count_values("v", up)', 'count_values'],
      ['up @ 100', 'the @ modifier'],
      ['"text"', 'string literals'],
      ['up / on(job) group_left(x) up', 'group_left'],
      ['limitk(2, up)', 'limitk'],
      ['holt_winters(up[10m], 0.5, 0.5)', 'holt_winters()'],
      ['rate(up[5m + 1m])', 'duration arithmetic'],
      ['up + fill(0) up', 'fill modifiers'],
      ['up atan2 up', 'the "atan2" operator'],
      ['rate(up[5m] smoothed)', 'the smoothed modifier'],
    ]) {
      expect(failure(() => parsePromql(query!))).toContain(`cannot run ${what}`);
    }
  });
});

describe('evaluation on a grid', () => {
  // A counter that resets, and a gauge that exists only from the 4th sample: 60 s grid from t=0.
  const grid = new SeriesGrid(
    [
      { labels: { __name__: 'req_total', job: 'a' }, values: [0, 60, 120, 10, 70, 130, 190] },
      {
        labels: { __name__: 'temp', job: 'a' },
        values: [Number.NaN, Number.NaN, Number.NaN, 5, 6, 7, 8],
      },
    ],
    0,
    60_000,
    5 * 60_000,
  );

  it('handles counter resets, the 5-minute lookback and "now"', () => {
    // increase over [60 s, 300 s]: 130 - 60 plus the 120 lost at the reset; samples reach both edges, so no extrapolation.
    const [increase] = evaluateInstant(grid, 'increase(req_total[4m])', 300_000);
    expect(increase!.points[0]!.v).toBeCloseTo(190, 9);
    expect(increase!.labels).toEqual({ job: 'a' });
    // The sample at 360 s is after "now" (300 s): the latest visible value is 130.
    expect(evaluateInstant(grid, 'req_total', 400_000)[0]!.points[0]!.v).toBe(130);
    expect(evaluateInstant(grid, 'temp', 120_000)).toEqual([]);
    expect(evaluateRange(grid, 'temp', 0, 300_000, 60_000)[0]!.points.map((p) => p.t)).toEqual([
      180_000, 240_000, 300_000,
    ]);
  });
});
