import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openMetricsText, type BackfillSeries } from './openmetrics.js';

const run = promisify(execFile);

export interface RunningPrometheus {
  /** e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** The TSDB directory (backfilled blocks live here). */
  dataDir: string;
  /** Prometheus's own log so far (stderr), for failure messages. */
  log(): string;
  close(): Promise<void>;
}

const missingBinary =
  "Prometheus is not installed: install Debian's package (`apt-get install -y prometheus`), which provides `prometheus` and `promtool`.";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitReady(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `Prometheus exited with code ${child.exitCode} before it was ready:\n${log()}`,
      );
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Prometheus was not ready within ${timeoutMs} ms:\n${log()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a real Prometheus (Debian's `prometheus` binary) on a free loopback
 * port with its own temporary TSDB, after backfilling `series` into it with
 * `promtool tsdb create-blocks-from openmetrics`. Nothing is scraped: the
 * data is exactly what the test wrote. Retention is 100 years so backfilled
 * samples from the past hours or days are never dropped.
 */
export async function startPrometheus({
  series = [],
  readyTimeoutMs = 30_000,
}: { series?: BackfillSeries[]; readyTimeoutMs?: number } = {}): Promise<RunningPrometheus> {
  const root = await mkdtemp(join(tmpdir(), 'vm-prometheus-'));
  const dataDir = join(root, 'data');
  const configFile = join(root, 'prometheus.yml');
  // No scrape jobs: an empty config keeps the TSDB to the backfilled data.
  await writeFile(configFile, 'global:\n  scrape_interval: 1h\n');
  try {
    if (series.length > 0) {
      const input = join(root, 'backfill.om');
      await writeFile(input, openMetricsText(series));
      await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir], {
        timeout: 60_000,
      });
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    if ((error as { code?: string }).code === 'ENOENT') throw new Error(missingBinary);
    throw error;
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let stderr = '';
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=100y',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
  });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject((error as { code?: string }).code === 'ENOENT' ? new Error(missingBinary) : error),
    ),
  );
  try {
    await Promise.race([waitReady(url, child, () => stderr, readyTimeoutMs), spawnError]);
  } catch (error) {
    await stop(child);
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    port,
    dataDir,
    log: () => stderr,
    async close() {
      await stop(child);
      await rm(root, { recursive: true, force: true });
    },
  };
}
