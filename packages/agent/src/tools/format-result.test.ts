import { describe, expect, it } from 'vitest';
import { capText, formatLogLines, formatSeries } from './format-result.js';

describe('tool result formatting', () => {
  it('lists log lines oldest first, cuts long lines and says how to narrow a truncated result', () => {
    const lines = [2, 1].map((i) => ({
      timestamp: Date.UTC(2025, 0, 1, 0, i),
      timestampNs: '0',
      labels: {},
      line: i === 1 ? 'x'.repeat(400) : 'second',
    }));
    const text = formatLogLines(lines, true, 2);
    const rows = text.split('\n');
    expect(rows[0]).toMatch(/^2025-01-01T00:01:00Z x{300}…$/);
    expect(rows[1]).toBe('2025-01-01T00:02:00Z second');
    expect(rows[2]).toMatch(
      /^\(2 lines shown, the newest up to the limit of 2; more matched\. Narrow the query/,
    );
  });

  it('summarises series with stats and a dozen samples, and caps how many are shown', () => {
    const series = Array.from({ length: 3 }, (_, s) => ({
      labels: { service: `svc-${s}` },
      points: Array.from({ length: 100 }, (_, i) => ({
        timestamp: Date.UTC(2025, 0, 1, 0, i),
        value: i * (s + 1),
      })),
    }));
    const text = formatSeries(series, {
      maxSeries: 2,
      truncated: false,
      stepSeconds: 60,
      stepWidened: true,
    });
    expect(text).toContain(
      '{service="svc-0"}: min 0, max 99.00, mean 49.50, first 0, last 99.00 (100 points)',
    );
    expect(text).not.toContain('svc-2');
    expect(text).toContain('2 of 3 series shown');
    expect(text).toContain('step 60s (widened to keep about 100 points per series)');
    const samples = text.split('\n')[1]!.trim().split(' ');
    expect(samples.length).toBeLessThanOrEqual(13);
  });

  it('replaces an oversized result by its beginning and a note', () => {
    const big = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
    const { text, capped } = capText(big, 1_000, 'Add matchers.');
    expect(capped).toBe(true);
    expect(text.length).toBeLessThanOrEqual(1_000);
    expect(text).toMatch(
      /\[Result too large: \d+ characters, only the first \d+ shown\. Add matchers\.\]$/,
    );
    expect(capText('short', 1_000, 'x')).toEqual({ text: 'short', capped: false });
  });
});
