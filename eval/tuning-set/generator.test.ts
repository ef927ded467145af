import { describe, expect, it } from 'vitest';
import { generateTelemetry } from '../independent/telemetry.js';
import { causeClassPatterns } from '../scenarios/cause-classes.js';
import { tuningCaseDefinitions, tuningSetCases } from './index.js';
import type { TuningCase } from './case.js';

const NOW = Date.UTC(2026, 11, 7, 18, 0, 0) / 1000;
const generate = (c: TuningCase, seed = 7) =>
  generateTelemetry({
    seed,
    faultMinutesAgo: 30,
    shape: c.shape,
    now: NOW,
    generate: (b) => c.generate(b, b.timeline.faultStart),
  });

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

describe('tuning-set corpus', () => {
  it('has unique ids, both systems, at least 14 faults and 2 controls, and the expected answers in its own vocabulary', () => {
    const ids = tuningCaseDefinitions.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(tuningCaseDefinitions.map((c) => c.system))).toEqual(
      new Set(['bookinfo', 'saas']),
    );
    const faults = tuningCaseDefinitions.filter((c) => c.expected.service !== null);
    expect(faults.length).toBeGreaterThanOrEqual(14);
    // Controls: nothing is wrong, the engine should say so.
    expect(tuningCaseDefinitions.length - faults.length).toBeGreaterThanOrEqual(2);
    for (const c of tuningCaseDefinitions) {
      expect(c.id.startsWith(c.system === 'bookinfo' ? 'bookinfo-' : 'saas-')).toBe(true);
      expect(c.question.length).toBeGreaterThan(20);
      expect(c.fault.length).toBeGreaterThan(20);
      for (const cause of c.expected.causes)
        expect(Object.keys(causeClassPatterns)).toContain(cause);
      if (c.expected.service === null) {
        expect(c.expected.causes).toEqual([]);
        continue;
      }
      expect(c.expected.causes.length).toBeGreaterThan(0);
      // The culprit is a service the workspace declares.
      expect(c.services.map((s) => s.name)).toContain(c.expected.service);
      // The question never names the culprit (the asker would not know it), except inside a
      // quoted message the user saw on screen.
      const unquoted = c.question.replace(/"[^"]*"/g, '""').toLowerCase();
      expect(unquoted).not.toMatch(new RegExp(`\\b${c.expected.service.toLowerCase()}\\b`));
    }
  });

  it('wires every case into the runner as the tuning-set corpus', () => {
    expect(tuningSetCases.map((c) => c.scenario)).toEqual(tuningCaseDefinitions.map((c) => c.id));
    for (const c of tuningSetCases) {
      expect(c.corpus).toBe('tuning-set');
      expect(c.heldOut).toBe(false);
    }
  });

  for (const c of tuningCaseDefinitions) {
    it(`${c.id}: deterministic, well-formed telemetry`, () => {
      const first = generate(c);
      const again = generate(c);
      expect(JSON.stringify(again.series)).toBe(JSON.stringify(first.series));
      expect(JSON.stringify(again.streams)).toBe(JSON.stringify(first.streams));
      // Another seed gives other noise.
      expect(JSON.stringify(generate(c, 8).series)).not.toBe(JSON.stringify(first.series));

      const { timeline, series, streams } = first;
      expect(series.length).toBeGreaterThan(300);
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
        expect(s.samples.length).toBeGreaterThan(0);
        // Plain checks per sample (an expect per sample is too slow), one assertion per series.
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
      // Counters only go down when a process restarts (to a value below the previous).
      for (const s of series.filter(
        (x) => x.type === 'counter' && !x.name.startsWith('container_'),
      )) {
        let drops = 0;
        for (let i = 1; i < s.samples.length; i++)
          if (s.samples[i]![1] < s.samples[i - 1]![1]) drops++;
        expect(drops, `${s.name} resets`).toBeLessThanOrEqual(2);
      }
      expect(streams.length).toBeGreaterThan(5);
      for (const stream of streams) {
        expect(stream.entries.length).toBeGreaterThan(0);
        for (const label of Object.keys(stream.labels)) expect(label).toMatch(LABEL_NAME);
        const disordered = stream.entries.filter(
          (e, i) => i > 0 && e.at.getTime() < stream.entries[i - 1]!.at.getTime(),
        );
        expect(disordered).toEqual([]);
        expect(stream.entries.filter((e) => e.at.getTime() / 1000 > timeline.end)).toEqual([]);
      }
      // Volumes a Loki and a promtool backfill handle comfortably.
      const lines = streams.reduce((n, s) => n + s.entries.length, 0);
      expect(lines).toBeLessThan(200_000);
      expect(series.length).toBeLessThan(6_000);
    }, 120_000);
  }
});
