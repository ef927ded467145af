import type { RcaReport } from '@vibemonitor/contracts';
import { startPrometheus, type BackfillSeries } from '@vibemonitor/integrations/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deterministicReport,
  localPrometheusSource,
} from '../testing/deterministic-investigation.js';

/*
 * The honesty rule: "ruled out" lists only signals that were queried and
 * returned data, each line citing the queries behind it; everything that
 * could not be measured is listed under "not checked" by name. Checked on a
 * system that exports container metrics but no request counter at all, in a
 * real Prometheus.
 */

const STEP = 30;
const now = Math.floor(Date.now() / 1000 / STEP) * STEP;
const from = now - 100 * 60;

/** A steady cAdvisor CPU counter for one container (no fault anywhere). */
function cpuCounter(container: string, cores: number, until = now): BackfillSeries {
  const samples: Array<[Date, number]> = [];
  for (let t = from, total = 0; t <= until; t += STEP) {
    total += cores * STEP * (1 + 0.02 * Math.sin(t / 300));
    samples.push([new Date(t * 1000), total]);
  }
  return {
    name: 'container_cpu_usage_seconds_total',
    type: 'gauge',
    help: 'cAdvisor CPU',
    labels: { container, pod: `${container}-5d8f7c9b4-x2k9p`, namespace: 'shop' },
    samples,
  };
}

describe('report honesty on a system without error counters', () => {
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  let report: RcaReport;

  beforeAll(async () => {
    prometheus = await startPrometheus({
      // search's pod went away 40 minutes ago: its series stop before the incident window.
      series: [
        cpuCounter('cart', 0.3),
        cpuCounter('checkout', 0.5),
        cpuCounter('search', 0.2, now - 40 * 60),
      ],
    });
    const metrics = localPrometheusSource(prometheus.url);
    report = await deterministicReport({
      question: 'Why is checkout returning errors?',
      now: new Date(now * 1000),
      metrics: [metrics],
    });
  }, 60_000);
  afterAll(async () => {
    await prometheus?.close();
  });

  it('lists the HTTP error ratio under notChecked, never under ruledOut', () => {
    expect(report.ruledOut.join('\n')).not.toMatch(/error ratio|HTTP/i);
    expect(report.notChecked.some((line) => line.startsWith('HTTP error ratio:'))).toBe(true);
    expect(report.notChecked.some((line) => line.startsWith('HTTP latency:'))).toBe(true);
  });

  it('never calls a series that stopped reporting normal: it is named under notChecked', () => {
    expect(report.ruledOut.join('\n')).not.toMatch(/search/);
    expect(
      report.notChecked.some((line) =>
        /^CPU usage: no data in the incident window for .*search/.test(line),
      ),
    ).toBe(true);
  });

  it('rules out only what it measured, citing queries that ran and returned data', () => {
    expect(report.ruledOut.some((line) => /^CPU usage: normal for .*cart/.test(line))).toBe(true);
    const queries = new Map((report.queries ?? []).map((q) => [q.id, q]));
    expect(queries.size).toBeGreaterThan(0);
    for (const line of report.ruledOut) {
      const ids = [...line.matchAll(/\bQ\d+\b/g)].map((m) => m[0]);
      expect(ids.length, line).toBeGreaterThan(0);
      for (const id of ids) expect(queries.get(id)?.outcome, `${id} in "${line}"`).toBe('data');
    }
  });
});
