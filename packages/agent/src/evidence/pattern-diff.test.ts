import { describe, expect, it } from 'vitest';
import { diffLogRecords, diffLogWindows, looksLikeError, type TimedLine } from './pattern-diff.js';

const MIN = 60_000;

function lines(template: (i: number) => string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => template(i));
}

const chatter = (i: number) => `GET /api/orders/${i} 200 in ${10 + (i % 7)}ms`;
const cacheMiss = (i: number) => `cache miss for key order:${i}`;
const poolTimeout = (i: number) =>
  `ERROR could not acquire connection from pool after ${5000 + i}ms`;
const heartbeat = (i: number) => `heartbeat ok seq=${i}`;

describe('diffLogWindows', () => {
  const baseline = [...lines(chatter, 200), ...lines(cacheMiss, 10), ...lines(heartbeat, 30)];
  const incident = [...lines(chatter, 190), ...lines(cacheMiss, 60), ...lines(poolTimeout, 25)];
  const diff = diffLogWindows({
    incident: { lines: incident, durationMs: 15 * MIN },
    baseline: { lines: baseline, durationMs: 15 * MIN },
  });

  it('finds the new error pattern with incident examples', () => {
    expect(diff.new).toHaveLength(1);
    expect(diff.new[0]).toMatchObject({
      template: 'ERROR could not acquire connection from pool after <*>',
      incidentCount: 25,
      baselineCount: 0,
      dayEarlierCount: null,
      looksLikeError: true,
    });
    expect(diff.new[0]!.examples).toEqual(
      incident.filter((l) => l.startsWith('ERROR')).slice(0, 3),
    );
    expect(diff.new[0]!.templateId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('finds the elevated pattern and leaves steady chatter alone', () => {
    expect(diff.elevated.map((c) => [c.template, c.incidentCount, c.baselineCount])).toEqual([
      ['cache miss for key order:<*>', 60, 10],
    ]);
    expect(diff.elevated[0]!.ratio).toBeCloseTo(61 / 11, 5);
    expect(
      [...diff.new, ...diff.elevated, ...diff.gone].some((c) => c.template.startsWith('GET')),
    ).toBe(false);
  });

  it('reports patterns that stopped', () => {
    expect(diff.gone.map((c) => [c.template, c.baselineCount, c.incidentCount])).toEqual([
      ['heartbeat ok seq=<*>', 30, 0],
    ]);
    expect(diff.gone[0]!.examples[0]).toBe('heartbeat ok seq=0');
    expect(diff.totalPatterns).toBe(4);
  });

  it('scales the baseline to the incident window length', () => {
    // 10 per 15 min in a 60 min baseline is 2.5 expected: 10 in the incident is 4x, not 1x.
    const d = diffLogWindows({
      incident: { lines: lines(cacheMiss, 10), durationMs: 15 * MIN },
      baseline: { lines: lines(cacheMiss, 10), durationMs: 60 * MIN },
    });
    expect(d.elevated[0]).toMatchObject({ incidentCount: 10, expectedCount: 2.5 });
  });

  it("expects more of a pattern when the service's request log is busier (the daily peak), never less", () => {
    const errorLine = (i: number) => `ERROR request ${i} failed: upstream reset`;
    const peak = diffLogWindows({
      incident: { lines: [...lines(chatter, 400), ...lines(errorLine, 26)], durationMs: 15 * MIN },
      baseline: { lines: [...lines(chatter, 200), ...lines(errorLine, 10)], durationMs: 15 * MIN },
    });
    // 26 against 10 x 2 (traffic doubled) is no news; the same 26 at the usual traffic is.
    expect(peak.elevated).toEqual([]);
    const steady = diffLogWindows({
      incident: { lines: [...lines(chatter, 200), ...lines(errorLine, 26)], durationMs: 15 * MIN },
      baseline: { lines: [...lines(chatter, 200), ...lines(errorLine, 10)], durationMs: 15 * MIN },
    });
    expect(steady.elevated.map((c) => c.incidentCount)).toEqual([26]);
    // A flood of the fault's own non-error lines raises the expectation at most twofold.
    const flood = diffLogWindows({
      incident: { lines: [...lines(chatter, 2000), ...lines(errorLine, 80)], durationMs: 15 * MIN },
      baseline: { lines: [...lines(chatter, 200), ...lines(errorLine, 10)], durationMs: 15 * MIN },
    });
    expect(flood.elevated.find((c) => c.looksLikeError)).toMatchObject({
      incidentCount: 80,
      expectedCount: 20,
    });
  });

  it('takes the busier-by factor measured elsewhere (the request rate) when the logs have no request line', () => {
    const errorLine = (i: number) => `ERROR request ${i} failed: upstream reset`;
    const input = {
      incident: { lines: lines(errorLine, 26), durationMs: 15 * MIN },
      baseline: { lines: lines(errorLine, 10), durationMs: 15 * MIN },
    };
    expect(diffLogWindows(input).elevated).toHaveLength(1);
    expect(diffLogWindows({ ...input, options: { trafficFactor: 1.8 } }).elevated).toEqual([]);
    // Quieter than the baseline never lowers the expectation.
    expect(diffLogWindows({ ...input, options: { trafficFactor: 0.3 } }).elevated).toHaveLength(1);
  });

  it('ignores small counts and small ratios', () => {
    const d = diffLogWindows({
      incident: { lines: [...lines(poolTimeout, 2), ...lines(cacheMiss, 15)], durationMs: MIN },
      baseline: { lines: lines(cacheMiss, 10), durationMs: MIN },
    });
    expect(d.new).toEqual([]);
    expect(d.elevated).toEqual([]);
  });

  it('does not call a pattern elevated when it was as busy a day earlier', () => {
    const d = diffLogWindows({
      incident: { lines: lines(cacheMiss, 60), durationMs: 15 * MIN },
      baseline: { lines: lines(cacheMiss, 10), durationMs: 15 * MIN },
      dayEarlier: { lines: lines(cacheMiss, 55), durationMs: 15 * MIN },
    });
    expect(d.elevated).toEqual([]);
    const without = diffLogWindows({
      incident: { lines: lines(cacheMiss, 60), durationMs: 15 * MIN },
      baseline: { lines: lines(cacheMiss, 10), durationMs: 15 * MIN },
    });
    expect(without.elevated).toHaveLength(1);
  });

  it('ranks error-like patterns above equally surprising chatter', () => {
    const d = diffLogWindows({
      incident: {
        lines: [
          ...lines((i) => `worker ${i} started the nightly export job`, 20),
          ...lines((i) => `worker ${i} failed: disk quota exceeded`, 20),
        ],
        durationMs: MIN,
      },
      baseline: { lines: [], durationMs: MIN },
    });
    expect(d.new.map((c) => c.template)).toEqual([
      'worker <*> failed: disk quota exceeded',
      'worker <*> started the nightly export job',
    ]);
  });
});

describe('diffLogWindows baseline matching', () => {
  it('does not let baseline lines blur incident templates', () => {
    // Two services deploy in the incident: two events. The baseline has more services; mined together with the
    // incident they would make `service` a variable and hide that `web` is new.
    const d = diffLogWindows({
      incident: {
        lines: [
          ...lines(() => 'deploy finished for service api', 10),
          ...lines(() => 'deploy finished for service web', 10),
        ],
        durationMs: MIN,
      },
      baseline: {
        lines: [
          ...lines(() => 'deploy finished for service api', 10),
          ...['cache', 'db', 'queue', 'search', 'cache'].map(
            (s) => `deploy finished for service ${s}`,
          ),
        ],
        durationMs: MIN,
      },
    });
    expect(d.new.map((c) => [c.template, c.incidentCount])).toEqual([
      ['deploy finished for service web', 10],
    ]);
    expect(d.elevated).toEqual([]);
  });

  it('counts baseline lines in the incident template they fit and mines only the rest', () => {
    const job = (i: number, tenant: string) => `export job ${i} finished for tenant ${tenant}`;
    const d = diffLogWindows({
      incident: { lines: lines((i) => job(i, 'acme'), 12), durationMs: MIN },
      baseline: {
        lines: [
          ...lines((i) => job(100 + i, 'acme'), 3),
          job(7, 'globex'),
          job(8, 'globex'),
          job(9, 'initech'),
        ],
        durationMs: MIN,
      },
    });
    // 12 vs 3 acme exports: elevated, in the template learned from the incident; the other tenants are gone.
    expect(d.elevated.map((c) => [c.template, c.incidentCount, c.baselineCount])).toEqual([
      ['export job <*> finished for tenant acme', 12, 3],
    ]);
    expect(d.totalPatterns).toBe(3);
  });
});

describe('diffLogRecords', () => {
  it('splits records into incident, baseline and day-earlier windows by timestamp', () => {
    const start = Date.UTC(2024, 5, 3, 14, 0);
    const records: TimedLine[] = [];
    for (let i = 0; i < 30; i++) {
      records.push({ line: cacheMiss(i), timestamp: start - 86_400_000 + i * 20_000 });
      records.push({ line: cacheMiss(i), timestamp: start - 10 * MIN + i * 20_000 });
      records.push({ line: cacheMiss(i), timestamp: start + i * 20_000 });
      records.push({ line: poolTimeout(i), timestamp: start + i * 10_000 });
    }
    records.push({ line: 'no timestamp' });
    const d = diffLogRecords({ records, incident: { start, end: start + 10 * MIN } });
    expect(d.new.map((c) => [c.template, c.incidentCount, c.dayEarlierCount])).toEqual([
      ['ERROR could not acquire connection from pool after <*>', 30, 0],
    ]);
    // cache misses: 30 in the incident, 30 before; nothing elevated.
    expect(d.elevated).toEqual([]);
    expect(d.totalPatterns).toBe(2);
  });
});

describe('looksLikeError', () => {
  it.each([
    ['ERROR could not acquire connection', true],
    ['x509: certificate has expired', true],
    ['upstream timed out', true],
    ['request completed status=<*>', false],
    ['terror movie list loaded', false],
  ])('%s -> %s', (template, expected) => expect(looksLikeError(template)).toBe(expected));
});
