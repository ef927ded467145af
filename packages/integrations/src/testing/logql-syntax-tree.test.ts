import { describe, expect, it } from 'vitest';
import { LogqlSyntaxError } from './logql-subset.js';
import { parseLogql } from './logql-syntax-tree.js';

function syntaxError(query: string): string {
  try {
    parseLogql(query);
  } catch (error) {
    expect(error).toBeInstanceOf(LogqlSyntaxError);
    return (error as Error).message;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe("the fake Loki's LogQL (Grafana's lezer grammar)", () => {
  it('reads selectors, line filters and metric queries', () => {
    expect(
      parseLogql('{app="api", env=~"prod|stage"} |= `a\\b` != "x\\"y" |~ "(?i)err" !~ "debug"'),
    ).toEqual({
      kind: 'log',
      selector: {
        matchers: [
          { name: 'app', op: '=', value: 'api' },
          { name: 'env', op: '=~', value: 'prod|stage' },
        ],
        filters: [
          { op: '|=', value: 'a\\b' },
          { op: '!=', value: 'x"y' },
          { op: '|~', value: '(?i)err' },
          { op: '!~', value: 'debug' },
        ],
      },
    });
    expect(parseLogql('sum(count_over_time({app="api"} |= "x" [5m])) by (app, pod)')).toEqual({
      kind: 'metric',
      metric: {
        fn: 'count_over_time',
        selector: {
          matchers: [{ name: 'app', op: '=', value: 'api' }],
          filters: [{ op: '|=', value: 'x' }],
        },
        rangeMs: 300_000,
        aggregation: { op: 'sum', by: ['app', 'pod'] },
      },
    });
    expect(parseLogql('rate({app="api"}[30s])')).toMatchObject({
      metric: { fn: 'rate', rangeMs: 30_000 },
    });
  });

  it("words syntax errors like Loki's own, with the position", () => {
    expect(syntaxError('{app="api"')).toBe(
      'parse error at line 1, col 11: syntax error: unexpected $end',
    );
    expect(syntaxError('{app="api"} |= "x" )')).toMatch(
      /^parse error at line 1, col 20: syntax error: unexpected "\)"/,
    );
    expect(syntaxError('{app=~"("}')).toMatch(/invalid regular expression/);
  });

  it('refuses real LogQL it does not serve, by name', () => {
    expect(syntaxError('{app="api"} | json')).toMatch(/does not serve the pipeline stage \| json/);
    expect(syntaxError('avg_over_time({app="api"} | unwrap x [1m])')).toMatch(
      /does not serve avg_over_time\(\)/,
    );
    expect(syntaxError('sum without (app) (rate({app="api"}[1m]))')).toMatch(/without/);
  });
});
