import { describe, expect, it } from 'vitest';
import { createRng } from '@vibemonitor/simulator';
import { cusumOnset, meanShiftIndex, type SeriesPoint } from './change-point.js';
import { orderOnsets, rankMetricChanges, type MetricCandidate } from './rank.js';

const T0 = 1_717_416_000;
const STEP = 30;

/** 120 points (one hour at 30 s): `shape(i)` plus seeded noise of `noise`. */
function series(shape: (i: number) => number, noise: number, seed: string): SeriesPoint[] {
  const rng = createRng(seed);
  return Array.from({ length: 120 }, (_, i) => [T0 + i * STEP, shape(i) + noise * rng.normal()] as const);
}

const incident = { start: T0 + 60 * STEP, end: T0 + 120 * STEP };
const onsetAt = (i: number) => T0 + i * STEP;

describe('change points', () => {
  it('CUSUM dates a step change within two points', () => {
    const points = series((i) => (i < 70 ? 0.2 : 0.6), 0.02, 'step');
    const onset = cusumOnset(points, { reference: 0.2, scale: 0.02, direction: 'up' });
    expect(Math.abs(onset!.timestamp - onsetAt(70))).toBeLessThanOrEqual(2 * STEP);
    expect(onset!.detectedAt).toBeGreaterThanOrEqual(onset!.timestamp);
  });

  it('CUSUM dates the start of a ramp, not its middle', () => {
    const points = series((i) => (i < 65 ? 100 : 100 + (i - 65) * 3), 2, 'ramp');
    const onset = cusumOnset(points, { reference: 100, scale: 2, direction: 'up' });
    expect(Math.abs(onset!.timestamp - onsetAt(65))).toBeLessThanOrEqual(4 * STEP);
  });

  it('CUSUM ignores a change in the harmless direction and noise alone', () => {
    const drop = series((i) => (i < 70 ? 0.5 : 0.1), 0.02, 'drop');
    expect(cusumOnset(drop, { reference: 0.5, scale: 0.02, direction: 'up' })).toBeNull();
    expect(cusumOnset(drop, { reference: 0.5, scale: 0.02, direction: 'down' })).not.toBeNull();
    const flat = series(() => 1, 0.05, 'flat');
    expect(cusumOnset(flat, { reference: 1, scale: 0.05, direction: 'both' })).toBeNull();
  });

  it('mean-shift split finds a level change and needs four points', () => {
    expect(meanShiftIndex([1, 1, 1, 1, 5, 5, 5])).toBe(4);
    expect(meanShiftIndex([1, 2, 3])).toBe(-1);
  });
});

describe('rankMetricChanges', () => {
  const candidates: MetricCandidate[] = [
    { service: 'orders', signal: 'pool_saturation', points: series((i) => (i < 62 ? 0.3 : 1), 0.015, 'pool') },
    { service: 'orders', signal: 'latency_p99', points: series((i) => (i < 66 ? 0.25 : 0.9), 0.03, 'lat') },
    { service: 'gateway', signal: 'latency_p99', points: series((i) => (i < 68 ? 0.3 : 0.55), 0.04, 'gwlat') },
    // Latency improving and throughput steady: not abnormal.
    { service: 'auth', signal: 'latency_p99', points: series((i) => (i < 62 ? 0.3 : 0.1), 0.02, 'auth') },
    { service: 'payments', signal: 'throughput', points: series(() => 50, 2, 'tp') },
    { service: 'redis', signal: 'cpu', points: [] },
  ];
  const ranked = rankMetricChanges({ candidates, incident });

  it('ranks the most abnormal signal first and keeps the harmless ones unflagged', () => {
    expect(ranked[0]).toMatchObject({ service: 'orders', signal: 'pool_saturation', abnormal: true });
    expect(ranked.filter((c) => c.abnormal).map((c) => `${c.service}/${c.signal}`)).toEqual([
      'orders/pool_saturation',
      'orders/latency_p99',
      'gateway/latency_p99',
    ]);
    const auth = ranked.find((c) => c.service === 'auth')!;
    expect(auth.z).toBeLessThan(-3);
    expect(auth.score).toBe(0);
  });

  it('orders onsets so the first mover comes first', () => {
    const order = orderOnsets(ranked);
    expect(order.map((o) => `${o.service}/${o.signal}`)).toEqual(['orders/pool_saturation', 'orders/latency_p99', 'gateway/latency_p99']);
    expect(Math.abs(order[0]!.onset - onsetAt(62))).toBeLessThanOrEqual(2 * STEP);
    expect(order[0]!.lag).toBe(0);
    expect(order[2]!.lag).toBeGreaterThan(0);
  });

  it('reports candidates without data instead of guessing', () => {
    expect(ranked.find((c) => c.service === 'redis')).toMatchObject({ score: 0, abnormal: false, note: 'insufficient data' });
  });

  it('handles NaN gaps, a flat baseline and tiny samples', () => {
    const gappy: SeriesPoint[] = series((i) => (i < 60 ? 0 : 0.2), 0, 'x').map(([t, v], i) => [t, i % 3 === 0 ? Number.NaN : v] as const);
    const [errors] = rankMetricChanges({ candidates: [{ service: 'orders', signal: 'error_ratio', points: gappy }], incident });
    expect(errors).toMatchObject({ abnormal: true, baselineMedian: 0, incidentMedian: 0.2, relativeChange: null });
    expect(errors!.score).toBeGreaterThan(10);
    expect(Number.isFinite(errors!.score)).toBe(true);

    const tiny: SeriesPoint[] = [[incident.start - 60, 1], [incident.start - 30, 1], [incident.start + 1, 9]];
    expect(rankMetricChanges({ candidates: [{ service: 's', signal: 'cpu', points: tiny }], incident })[0]).toMatchObject({ note: 'insufficient data' });
    const enough: SeriesPoint[] = [[incident.start - 90, 1], ...tiny];
    expect(rankMetricChanges({ candidates: [{ service: 's', signal: 'cpu', points: enough }], incident })[0]!.abnormal).toBe(true);
  });

  it('treats throughput as abnormal both ways and availability only when it drops', () => {
    const surge = series((i) => (i < 60 ? 100 : 400), 5, 'surge');
    const fall = series((i) => (i < 60 ? 1 : 0), 0, 'down');
    const rise = series((i) => (i < 60 ? 0 : 1), 0, 'up');
    const r = rankMetricChanges({
      candidates: [
        { service: 'gateway', signal: 'throughput', points: surge },
        { service: 'redis', signal: 'availability', points: fall },
        { service: 'cache', signal: 'availability', points: rise },
      ],
      incident,
    });
    expect(r.filter((c) => c.abnormal).map((c) => c.service).sort()).toEqual(['gateway', 'redis']);
  });

  it('uses an explicit baseline window when given', () => {
    const points = series((i) => (i < 30 ? 5 : 1), 0.05, 'explicit');
    const defaultBaseline = rankMetricChanges({ candidates: [{ service: 's', signal: 'latency_p99', points }], incident });
    expect(defaultBaseline[0]!.abnormal).toBe(false);
    const early = rankMetricChanges({
      candidates: [{ service: 's', signal: 'latency_p99', points }],
      incident,
      baseline: { start: T0, end: T0 + 30 * STEP },
    });
    expect(early[0]!.z).toBeLessThan(0);
  });
});
