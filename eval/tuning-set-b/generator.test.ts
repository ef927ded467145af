import { describe, expect, it } from 'vitest';
import { holdoutBCases } from '../holdout-b/cases.js';
import { holdoutBEvalCases } from '../holdout-b/index.js';
import { generateTelemetry } from '../independent/telemetry.js';
import { causeClassPatterns } from '../scenarios/cause-classes.js';
import type { BlindCase } from './case.js';
import { tuningSetBCases, tuningSetBDefinitions } from './index.js';

const NOW = Date.UTC(2026, 11, 7, 18, 0, 0) / 1000;
const generate = (c: BlindCase, seed = 7) =>
  generateTelemetry({
    seed,
    faultMinutesAgo: 30,
    shape: c.shape,
    now: NOW,
    generate: (b) => c.generate(b, b.timeline.faultStart),
  });

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const all = [...tuningSetBDefinitions, ...holdoutBCases];

/** Per-second rate of a counter between two instants (unix seconds); `_total` counters are stored without the suffix. */
function rate(
  series: ReturnType<typeof generate>['series'],
  name: string,
  match: Record<string, string>,
  from: number,
  to: number,
): number {
  let total = 0;
  for (const s of series) {
    if (s.name !== name) continue;
    if (!Object.entries(match).every(([k, v]) => s.labels?.[k] === v)) continue;
    const inside = s.samples.filter(
      ([at]) => at.getTime() / 1000 >= from && at.getTime() / 1000 <= to,
    );
    if (inside.length < 2) continue;
    total +=
      (inside.at(-1)![1] - inside[0]![1]) /
      ((inside.at(-1)![0].getTime() - inside[0]![0].getTime()) / 1000);
  }
  return total;
}

describe('tuning-set-b and holdout-b corpora', () => {
  it('have unique ids, both systems, 8-10 incidents and one control per system, a third held out', () => {
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const system of ['routewise', 'tixly'] as const) {
      const mine = all.filter((c) => c.system === system);
      const faults = mine.filter((c) => c.expected.service !== null);
      expect(faults.length).toBeGreaterThanOrEqual(8);
      expect(faults.length).toBeLessThanOrEqual(10);
      expect(mine.length - faults.length).toBe(1);
      const held = holdoutBCases.filter((c) => c.system === system).length;
      expect(held).toBe(Math.floor(mine.length / 3));
    }
    for (const c of all) {
      expect(c.id.startsWith(c.system === 'routewise' ? 'rw-' : 'tx-')).toBe(true);
      expect(c.question.length).toBeGreaterThan(20);
      expect(c.fault.length).toBeGreaterThan(20);
      for (const cause of c.expected.causes)
        expect(Object.keys(causeClassPatterns)).toContain(cause);
      if (c.expected.service === null) {
        expect(c.expected.causes).toEqual([]);
        continue;
      }
      expect(c.expected.causes.length).toBeGreaterThan(0);
      expect(c.services.map((s) => s.name)).toContain(c.expected.service);
      // The question never names the culprit (the asker would not know it).
      expect(c.question.toLowerCase()).not.toMatch(
        new RegExp(`\\b${c.expected.service.toLowerCase()}\\b`),
      );
    }
  });

  it('wire tuning-set-b as tuned on and holdout-b as held out', () => {
    expect(tuningSetBCases.map((c) => c.scenario)).toEqual(tuningSetBDefinitions.map((c) => c.id));
    for (const c of tuningSetBCases) {
      expect(c.corpus).toBe('tuning-set-b');
      expect(c.heldOut).toBe(false);
    }
    expect(holdoutBEvalCases.map((c) => c.scenario)).toEqual(holdoutBCases.map((c) => c.id));
    for (const c of holdoutBEvalCases) {
      expect(c.corpus).toBe('holdout-b');
      expect(c.heldOut).toBe(true);
    }
  });

  it('model the faults in the data (spot checks on the standard series)', () => {
    const f = NOW - 30 * 60;
    const before = [f - 1800, f - 60] as const;
    const after = [f + 300, NOW] as const;
    const byId = (id: string) => generate(all.find((c) => c.id === id)!).series;
    // A bad deploy: Internal answers from rates' GetQuote appear, and a new build_info version.
    const deploy = byId('rw-rates-bad-deploy');
    expect(
      rate(
        deploy,
        'grpc_server_handled',
        { job: 'rates', grpc_method: 'GetQuote', grpc_code: 'Internal' },
        ...after,
      ),
    ).toBeGreaterThan(1);
    expect(
      deploy.some((s) => s.name === 'rates_build_info' && s.labels?.version === 'v1.20.0'),
    ).toBe(true);
    // A healthy control: no gateway 5xx beyond noise.
    const control = byId('rw-control-accounts-release');
    expect(
      control.filter((s) => s.name === 'http_requests' && /^5/.test(s.labels?.code ?? '')),
    ).toEqual([]);
    // Pool exhaustion: HikariCP pending connections on order-service only.
    const pool = byId('tx-order-hikari-exhausted');
    const pending = (app: string) =>
      Math.max(
        ...pool
          .filter((s) => s.name === 'hikaricp_connections_pending' && s.labels?.application === app)
          .flatMap((s) => s.samples.map(([, v]) => v)),
      );
    expect(pending('order-service')).toBeGreaterThan(10);
    expect(pending('catalog-service')).toBe(0);
    // A queue backlog: order.created grows while the worker consumes nothing.
    const queue = byId('tx-fulfilment-consumer-stuck');
    const ready = queue.find(
      (s) => s.name === 'rabbitmq_queue_messages_ready' && s.labels?.queue === 'order.created',
    )!;
    expect(ready.samples.at(-1)![1]).toBeGreaterThan(1000);
    expect(
      rate(queue, 'spring_rabbitmq_listener_seconds_count', { queue: 'order.created' }, ...after),
    ).toBe(0);
    expect(
      rate(queue, 'spring_rabbitmq_listener_seconds_count', { queue: 'order.created' }, ...before),
    ).toBeGreaterThan(1);
  });

  for (const c of all) {
    it(`${c.id}: deterministic, well-formed telemetry`, () => {
      const first = generate(c);
      // Determinism and seed sensitivity on one case per system (generation takes seconds a case).
      if (c.id === 'rw-rates-bad-deploy' || c.id === 'tx-order-hikari-exhausted') {
        const again = generate(c);
        expect(JSON.stringify(again.series)).toBe(JSON.stringify(first.series));
        expect(JSON.stringify(again.streams)).toBe(JSON.stringify(first.streams));
        expect(JSON.stringify(generate(c, 8).series)).not.toBe(JSON.stringify(first.series));
      }

      const { timeline, series, streams } = first;
      expect(series.length).toBeGreaterThan(500);
      const seen = new Set<string>();
      const types = new Map<string, string>();
      for (const s of series) {
        expect(s.name).toMatch(METRIC_NAME);
        const key = `${s.name}{${Object.entries(s.labels ?? {})
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}}`;
        expect(seen.has(key), `duplicate series ${key}`).toBe(false);
        seen.add(key);
        const type = s.type ?? 'gauge';
        expect(types.get(s.name) ?? type, `${s.name} has one type`).toBe(type);
        types.set(s.name, type);
        for (const label of Object.keys(s.labels ?? {})) expect(label).toMatch(LABEL_NAME);
        let previous = -Infinity;
        const bad = s.samples.filter(([at, value]) => {
          const wrong =
            !Number.isFinite(value) ||
            at.getTime() / 1000 > timeline.end ||
            at.getTime() <= previous ||
            (type === 'counter' && value < 0);
          previous = at.getTime();
          return wrong;
        });
        expect(bad, `${key}: finite, ordered samples, none after now`).toEqual([]);
      }
      // Counters go down only when the process restarts.
      for (const s of series.filter((x) => x.type === 'counter')) {
        let drops = 0;
        for (let i = 1; i < s.samples.length; i++)
          if (s.samples[i]![1] < s.samples[i - 1]![1]) drops++;
        expect(drops, `${s.name} resets`).toBeLessThanOrEqual(8);
      }
      expect(streams.length).toBeGreaterThan(10);
      for (const stream of streams) {
        expect(stream.entries.length).toBeGreaterThan(0);
        for (const label of Object.keys(stream.labels)) expect(label).toMatch(LABEL_NAME);
        const disordered = stream.entries.filter(
          (e, i) => i > 0 && e.at.getTime() < stream.entries[i - 1]!.at.getTime(),
        );
        expect(disordered).toEqual([]);
        expect(stream.entries.filter((e) => e.at.getTime() / 1000 > timeline.end)).toEqual([]);
      }
      const lines = streams.reduce((n, s) => n + s.entries.length, 0);
      expect(lines).toBeLessThan(200_000);
      expect(series.length).toBeLessThan(6_000);
    }, 120_000);
  }
});
