import { describe, expect, it } from 'vitest';
import { isAppError } from '@vibemonitor/contracts';
import { matchesLine, matchesStream, parseLogql } from './logql-parser.js';

function failure(query: string): string {
  try {
    parseLogql(query);
  } catch (error) {
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    return (error as Error).message;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('parseLogql (Grafana lezer grammar)', () => {
  it('reads log and metric queries into what the demo log source runs', () => {
    const log = parseLogql('{service_name=~"orders|payments", env!="dev"} |~ "(?i)heap" != `gc`');
    expect(log).toMatchObject({
      kind: 'log',
      matchers: [
        { name: 'service_name', op: '=~', value: 'orders|payments' },
        { name: 'env', op: '!=', value: 'dev' },
      ],
      filters: [
        { op: '|~', value: '(?i)heap' },
        { op: '!=', value: 'gc' },
      ],
    });
    if (log.kind !== 'log') throw new Error('expected a log query');
    expect(matchesStream(log.matchers, { service_name: 'orders', env: 'prod' })).toBe(true);
    expect(matchesLine(log.filters, 'java.lang.OutOfMemoryError: Java HEAP space')).toBe(true);
    expect(matchesLine(log.filters, 'HEAP after gc')).toBe(false);

    expect(
      parseLogql('max without (pod) (sum by (service_name, pod) (bytes_rate({a="b"}[1m30s])))'),
    ).toMatchObject({
      kind: 'metric',
      fn: 'bytes_rate',
      rangeMs: 90_000,
      aggregations: [
        { op: 'sum', grouping: { without: false, labels: ['service_name', 'pod'] } },
        { op: 'max', grouping: { without: true, labels: ['pod'] } },
      ],
    });
  });

  it('reports syntax errors with their column and refuses what it does not implement', () => {
    expect(failure('{service_name="orders"')).toMatch(
      /^LogQL parse error at column 23: unexpected end of input/,
    );
    expect(failure('{service_name=""}')).toMatch(/at least one regexp or equality matcher/);
    expect(failure('{a="b"} |~ "("')).toMatch(/invalid line filter regular expression/);
    for (const [query, what] of [
      ['{a="b"} | json', 'pipeline stage'],
      ['{a="b"} |= "x" or "y"', 'line filter'],
      ['avg_over_time({a="b"} | unwrap x [1m])', 'avg_over_time()'],
      ['topk(2, rate({a="b"}[1m]))', 'topk()'],
      ['rate({a="b"}[1m] offset 5m)', 'offset'],
    ]) {
      expect(failure(query!)).toMatch(/subset of LogQL/);
      expect(failure(query!)).toContain(what);
    }
  });
});
