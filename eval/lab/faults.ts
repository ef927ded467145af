import { execFileSync } from 'node:child_process';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import type { CauseClass } from '../scenarios/cause-classes.js';
import type { Lab } from './lab.js';
import { LAB_SERVICES } from './lab-config.js';
import { sleep } from './processes.js';

/** One real fault, injected on this machine and undone by the function `inject` returns. */
export interface LabFault {
  id: string;
  title: string;
  /** The service the report must name, and the cause kinds that count as right. */
  expected: { service: string; causes: readonly CauseClass[] };
  /** Part of the CI subset (needs nothing beyond what CI has: no mount, no extra CPU). */
  ci: boolean;
  /** Why it cannot run here (null: it can). */
  skipReason(lab: Lab): string | null;
  inject(lab: Lab): Promise<() => Promise<void>>;
}

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
}

/** Whether this kernel lets a network namespace of our own put netem on its loopback. */
function netemUnavailable(): string | null {
  try {
    execFileSync(
      'unshare',
      ['-n', 'sh', '-c', 'ip link set lo up && tc qdisc add dev lo root netem delay 1ms'],
      {
        stdio: 'pipe',
        timeout: 5_000,
      },
    );
    return null;
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    return stderr || String(error);
  }
}

export const labFaults: readonly LabFault[] = [
  {
    id: 'error-flag',
    title: 'error-rate flag turned on in shop-api (30% of checkouts throw)',
    expected: { service: LAB_SERVICES.api, causes: ['exception', 'code_error'] },
    ci: true,
    skipReason: () => null,
    async inject(lab) {
      await post(`${lab.demoUrl}/lab/error-rate`, { ratio: 0.3 });
      return () => post(`${lab.demoUrl}/lab/error-rate`, { ratio: 0 });
    },
  },
  {
    id: 'redis-stopped',
    title: 'the private Redis stopped',
    expected: { service: LAB_SERVICES.redis, causes: ['unavailable'] },
    ci: true,
    skipReason: () => null,
    async inject(lab) {
      await lab.stopRedis();
      return () => lab.startRedis();
    },
  },
  {
    id: 'pg-connections',
    title: "the private PostgreSQL's connections exhausted by another client",
    expected: { service: LAB_SERVICES.postgres, causes: ['connections', 'pool'] },
    ci: true,
    skipReason: () => null,
    async inject(lab) {
      // A client that opens connections and keeps them: every slot freed by a checkout is taken again.
      const held: Array<ReturnType<typeof postgres>> = [];
      let running = true;
      const hog = (async () => {
        while (running) {
          if (held.length >= 25) {
            await sleep(200);
            continue;
          }
          const sql = postgres(lab.postgresUrl('hog'), {
            max: 1,
            connect_timeout: 2,
            onnotice: () => undefined,
          });
          try {
            await sql`select 1`;
            held.push(sql);
          } catch {
            await sql.end({ timeout: 1 }).catch(() => undefined);
            await sleep(100);
          }
        }
      })();
      return async () => {
        running = false;
        await hog;
        await Promise.all(held.map((sql) => sql.end({ timeout: 1 }).catch(() => undefined)));
      };
    },
  },
  {
    id: 'cpu-burn',
    title: "one stress-ng CPU worker in shop-api's process group",
    expected: { service: LAB_SERVICES.api, causes: ['cpu'] },
    ci: false,
    skipReason: () => null,
    async inject(lab) {
      // Bounded twice: stress-ng's own timeout, and the stop below.
      await post(`${lab.demoUrl}/lab/cpu-burn`, { seconds: 90 });
      return () => post(`${lab.demoUrl}/lab/cpu-stop`, {});
    },
  },
  {
    id: 'disk-full',
    title: "shop-api's receipts volume (16 MiB tmpfs) filled",
    expected: { service: LAB_SERVICES.api, causes: ['disk'] },
    ci: false,
    skipReason: (lab) => lab.receiptsMounted,
    async inject(lab) {
      const ballast = join(lab.receiptsDir, 'ballast.bin');
      const file = await open(ballast, 'w');
      const chunk = Buffer.alloc(1 << 20);
      try {
        for (let i = 0; i < 32; i++) await file.write(chunk);
      } catch {
        // ENOSPC: full, as intended.
      } finally {
        await file.close().catch(() => undefined);
      }
      return () => unlink(ballast).catch(() => undefined);
    },
  },
  {
    id: 'bad-deploy',
    title: 'a deploy restarts shop-api as version 1.1.0, which throws on 30% of checkouts',
    expected: { service: LAB_SERVICES.api, causes: ['deploy'] },
    ci: false,
    skipReason: () => null,
    async inject(lab) {
      await lab.restartDemo({ version: '1.1.0', bugRatio: 0.3 });
      return () => lab.restartDemo({ version: '1.0.0', bugRatio: 0 });
    },
  },
  {
    id: 'loopback-latency',
    title: 'latency on loopback to the private Redis (network namespace + tc netem)',
    expected: { service: LAB_SERVICES.redis, causes: ['network', 'slow_dependency'] },
    ci: false,
    skipReason: () => {
      const why = netemUnavailable();
      return why
        ? `tc netem is not available here (${why})`
        : 'netem works here, but this lab has no latency fault yet: it was built on a kernel without sch_netem and could not be tested';
    },
    // Never injected: skipReason above always skips this fault (the lab reports it as skipped, with the
    // reason). Kept in the table so the gap shows in every lab run until a kernel with sch_netem lets it be built.
    async inject() {
      throw new Error(
        'loopback-latency has no injection: it is always skipped (no kernel with sch_netem to build it on)',
      );
    },
  },
];
