/**
 * Response times of one interval's requests, from a latency histogram's
 * cumulative bucket counts: `samples` values at evenly spaced ranks,
 * interpolated within their bucket the way histogram_quantile does. What a
 * provider that keeps per-request durations (a CloudWatch metric's samples,
 * a Datadog distribution) would compute its percentiles over.
 */
export function latencySamples(
  buckets: Array<{ le: number; count: number }>,
  samples: number,
): number[] {
  const cumulative = [...buckets].sort((a, b) => a.le - b.le);
  const total = cumulative.at(-1)?.count ?? 0;
  if (total <= 0) return [];
  const out: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const rank = ((i + 0.5) / samples) * total;
    const index = cumulative.findIndex((b) => b.count >= rank);
    const bucket = cumulative[index]!;
    const lower = index > 0 ? cumulative[index - 1]! : { le: 0, count: 0 };
    // The +Inf bucket has no upper bound: its requests took at least the last finite one.
    if (!Number.isFinite(bucket.le)) {
      out.push(lower.le);
      continue;
    }
    const within = bucket.count - lower.count;
    out.push(
      within > 0 ? lower.le + ((bucket.le - lower.le) * (rank - lower.count)) / within : bucket.le,
    );
  }
  return out;
}
