import { describe, expect, it } from 'vitest';
import { testRedisUrl } from '@vibemonitor/testing';
import { runChaos, summarise } from './chaos-run.js';
import { privateServicesAvailable } from './private-services.js';

// The reduced chaos run of CI: 3 worker kills, one Redis and one PostgreSQL
// restart on private instances this test starts (the full run is `pnpm chaos`).
// It needs PostgreSQL's binaries and redis-server, which the CI machine has,
// and runs once, in the CI pass on real services (REDIS_URL set), not twice.
const available = Boolean(testRedisUrl()) && (await privateServicesAvailable());

describe.runIf(available)('chaos (reduced)', () => {
  it('recovers from killed workers and restarted stores with every stream exact', async () => {
    const report = await runChaos({
      kills: 3,
      redisRestarts: 1,
      postgresRestarts: 1,
      investigationsPerRestart: 4,
    });
    expect(report.problems, summarise(report)).toEqual([]);
    expect(report.kills).toHaveLength(3);
    for (const kill of report.kills) expect(kill.recoveryMs).toBeLessThan(30_000);
    expect(report.restarts.map((r) => [r.store, r.completed])).toEqual([
      ['redis', 4],
      ['postgres', 4],
    ]);
  }, 900_000);
});
