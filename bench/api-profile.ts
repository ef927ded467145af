// Profiling aid (issue 13, API overhead): authenticated reads through tRPC over HTTP at
// concurrency 32 for BENCH_API_MS, one call per request (no batching), raw fetch with a
// bearer token. Run with `tsx --cpu-prof --cpu-prof-dir=DIR bench/api-profile.ts` and read
// the profile's self time by package; prints requests per second.
import { startTestStack } from '../apps/standalone/test/harness.js';
import { createSignedInUser } from '../apps/standalone/test/users.js';
import { throughput } from './lib/stats.js';

const stack = await startTestStack({ worker: false });
try {
  const user = await createSignedInUser(stack);
  const input = encodeURIComponent(
    JSON.stringify({ json: { workspaceId: user.personalWorkspaceId } }),
  );
  const url = `${stack.url}/trpc/service.list?input=${input}`;
  const headers = { authorization: `Bearer ${user.token}` };
  const call = async () => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`service.list answered ${response.status}`);
    await response.arrayBuffer();
  };
  // The workspace API limit (1,200 a minute) would refuse a load test within a second:
  // reset it every 250 ms (the consume itself, a limiter round trip, stays in the profile).
  const reset = setInterval(() => {
    void stack.runtime.rateLimiter.reset('workspace_api', user.personalWorkspaceId);
  }, 250);
  await throughput(call, 32, 1_000);
  const rate = await throughput(call, 32, Number(process.env.BENCH_API_MS ?? 10_000));
  clearInterval(reset);
  console.log(`service.list via tRPC, raw fetch, c32: ${Math.round(rate)} req/s`);
} finally {
  await stack.close();
}
process.exit(0);
