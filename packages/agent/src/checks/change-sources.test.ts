import type { RcaReport } from '@vibemonitor/contracts';
import { startPrometheus, type BackfillSeries } from '@vibemonitor/integrations/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deterministicReport,
  localPrometheusSource,
} from '../testing/deterministic-investigation.js';
import { inMemoryLogSource } from '../testing/in-memory-sources.js';

/*
 * Deploys that no deploy tool recorded: a `*_build_info` version that
 * changed, every replica restarting at once, a start-up line announcing a
 * new version. Metrics in a real Prometheus, logs in memory.
 */

const STEP = 30;
const now = Math.floor(Date.now() / 1000 / STEP) * STEP;
const from = now - 100 * 60;
const deployAt = now - 20 * 60;

function gauge(
  name: string,
  labels: Record<string, string>,
  value: (t: number) => number | null,
): BackfillSeries {
  const samples: Array<[Date, number]> = [];
  for (let t = from; t <= now; t += STEP) {
    const v = value(t);
    if (v !== null) samples.push([new Date(t * 1000), v]);
  }
  return { name, type: 'gauge', help: name, labels, samples };
}

describe('change evidence without a deploy tool', () => {
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  let report: RcaReport;

  beforeAll(async () => {
    prometheus = await startPrometheus({
      series: [
        // The cart service's build info: 1.9.3 until the deploy, 2.0.0 after.
        gauge('app_build_info', { job: 'cart', version: '1.9.3', instance: 'cart-a:8080' }, (t) =>
          t < deployAt ? 1 : null,
        ),
        gauge('app_build_info', { job: 'cart', version: '2.0.0', instance: 'cart-b:8080' }, (t) =>
          t >= deployAt ? 1 : null,
        ),
        // Both replicas of quote restart within a minute of each other.
        ...['quote-1:9000', 'quote-2:9000'].map((instance, i) =>
          gauge('process_start_time_seconds', { job: 'quote', instance }, (t) =>
            t < deployAt + i * 30 ? from - 3600 : deployAt + i * 30,
          ),
        ),
      ],
    });
    const metrics = localPrometheusSource(prometheus.url);
    const at = (secondsAgo: number) => new Date((now - secondsAgo) * 1000);
    const logs = inMemoryLogSource([
      {
        labels: { service_name: 'shipping' },
        lines: [
          { at: at(4 * 3600), line: 'INFO Starting shipping service version 3.1.0 on port 50051' },
          { at: at(90 * 60), line: 'INFO Starting shipping service version 3.1.0 on port 50051' },
          { at: at(15 * 60), line: 'INFO Starting shipping service version 3.2.0 on port 50051' },
          { at: at(14 * 60), line: 'INFO listening for requests' },
        ],
      },
    ]);
    report = await deterministicReport({
      question: 'what changed recently?',
      now: new Date(now * 1000),
      metrics: [metrics],
      logs: [logs],
    });
  }, 60_000);
  afterAll(async () => {
    await prometheus?.close();
  });

  const changes = () =>
    report.evidence.filter((e) => e.source === 'recent_changes').map((e) => e.summary);

  it('sees a version that changed on *_build_info', () => {
    expect(changes().some((s) => /cart reports version 2\.0\.0 \(was 1\.9\.3\)/.test(s))).toBe(
      true,
    );
  });

  it('sees every replica restarting at once', () => {
    expect(changes().some((s) => /every replica of quote restarted/.test(s))).toBe(true);
  });

  it('sees a start-up line with a new version, and not a restart of the same one', () => {
    const shipping = changes().filter((s) => s.includes('shipping'));
    expect(shipping).toHaveLength(1);
    expect(shipping[0]).toMatch(/shipping started version 3\.2\.0 \(was 3\.1\.0\)/);
  });
});
