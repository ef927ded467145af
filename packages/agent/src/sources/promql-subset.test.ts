import { describe, expect, it } from 'vitest';
import { parsePromql } from './promql-subset.js';

describe('the PromQL subset non-Prometheus sources answer (lezer grammar)', () => {
  it('reads the catalogue recipes with PromQL precedence', () => {
    expect(
      parsePromql(
        'sum by (job) (rate(http_requests_total{job="orders", code=~"5.."}[5m])) / sum(rate(http_requests_total{job="orders"}[5m])) > 0',
      ),
    ).toMatchObject({
      t: 'filter',
      op: '>',
      value: 0,
      arg: {
        t: 'bin',
        op: '/',
        left: {
          t: 'agg',
          op: 'sum',
          arg: {
            t: 'range',
            fn: 'rate',
            seconds: 300,
            sel: {
              name: 'http_requests_total',
              matchers: [
                { label: 'job', op: '=', value: 'orders' },
                { label: 'code', op: '=~', value: '5..' },
              ],
            },
          },
        },
      },
    });
    expect(
      parsePromql('histogram_quantile(0.99, sum by (le) (rate(latency_bucket[1h])))'),
    ).toMatchObject({ t: 'quantile', q: 0.99, arg: { t: 'agg', arg: { seconds: 3600 } } });
    expect(parsePromql('1 - avg(x{mode="idle"})')).toMatchObject({
      t: 'bin',
      op: '-',
      left: { t: 'num', value: 1 },
    });
  });

  it('refuses the rest, and syntax errors, saying what and where', () => {
    expect(() => parsePromql('topk(3, up)')).toThrow(/subset of PromQL.*: the aggregation topk/);
    expect(() => parsePromql('rate(up[5m:1m])')).toThrow(/rate\(\) without a range/);
    expect(() => parsePromql('up > bool 1')).toThrow(/modifiers/);
    expect(() => parsePromql('{job="a"}')).toThrow(/without a metric name/);
    expect(() => parsePromql('sum(up')).toThrow(
      /PromQL parse error at column 7: unexpected end of input/,
    );
  });
});
