import { Router } from 'express';

export interface DependencyCheck {
  /** What the check covers: `database`, `queue`, `eventBus`. */
  name: string;
  /** The concrete dependency, named in errors: `postgres`, `pglite`, `redis`, `in-process`. */
  dependency: string;
  ping: () => Promise<void>;
}

export interface CheckResult {
  name: string;
  dependency: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: DependencyCheck): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return {
      name: check.name,
      dependency: check.dependency,
      ok: true,
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      name: check.name,
      dependency: check.dependency,
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health` answers while the process is alive (liveness).
 * `GET /health/ready` pings every dependency; 503 names the ones that are down.
 */
export function healthRouter(checks: DependencyCheck[], version: string): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', version });
  });
  router.get('/health/ready', async (_req, res) => {
    const results = await Promise.all(checks.map(runCheck));
    const down = [...new Set(results.filter((r) => !r.ok).map((r) => r.dependency))];
    if (down.length === 0) {
      res.json({ status: 'ready', checks: results });
      return;
    }
    res.status(503).json({
      status: 'unavailable',
      message: `Not ready: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} unavailable`,
      down,
      checks: results,
    });
  });
  return router;
}
