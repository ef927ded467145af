import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import {
  startFakeLoki,
  type FakeLogStream,
  type FakeLoki,
} from '@vibemonitor/integrations/testing';
import {
  alertmanagerConfig,
  alertRules,
  blackboxConfig,
  LAB_SERVICES,
  processExporterConfig,
  prometheusConfig,
  type LabPorts,
} from './lab-config.js';
import type { LabPart } from './parts.js';
import { freePort, httpOk, sleep, startProcess, waitFor, type LabProcess } from './processes.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_SCRIPT = fileURLToPath(new URL('./demo/main.ts', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;

/** The roles the demo service and the connection hog log in as: neither may use the superuser's reserved slots. */
export const PG_MAX_CONNECTIONS = 20;

export interface Lab {
  dir: string;
  ports: LabPorts;
  receiptsDir: string;
  /** Whether the receipts directory is a size-limited tmpfs (else the disk fault is skipped). */
  receiptsMounted: string | null;
  loki: FakeLoki;
  prometheusUrl: string;
  demoUrl: string;
  demoVersion: string;
  /** Restarts the demo service (a deploy), optionally with a new version and its bug. */
  restartDemo(input: { version: string; bugRatio: number }): Promise<void>;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  postgresUrl(role: 'shop' | 'hog' | 'postgres'): string;
  /** Restarts Prometheus on an empty TSDB and forgets the logs: no fault sees the one before it. */
  resetTelemetry(): Promise<void>;
  /** Points Alertmanager at one receiver and reloads it. */
  routeAlerts(input: { receiver: string; url: string; secret: string } | null): Promise<void>;
  /** Alerts Prometheus holds right now (pending or firing). */
  activeAlerts(): Promise<Array<{ name: string; state: string }>>;
  /** Sends checkout traffic until stopped. */
  load: { requests: number; failures: number };
  close(): Promise<void>;
}

function logStream(loki: FakeLoki, service: string): FakeLogStream {
  const stream: FakeLogStream = { labels: { service, environment: 'lab' }, entries: [] };
  loki.addStream(stream);
  return stream;
}

async function writeJson(path: string, value: unknown) {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The postgres user's ids: initdb and the server refuse to run as root. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Mounts a 16 MiB tmpfs on `dir` when permitted; returns why not otherwise. */
function mountSmallFilesystem(dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0777', 'vmlab-receipts', dir], {
      stdio: 'pipe',
    });
    return null;
  } catch (error) {
    return `mounting a size-limited tmpfs was refused (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
}

/**
 * Starts the whole lab on loopback ports of its own: a private Redis and
 * PostgreSQL, the demo service, the exporters, Prometheus, Alertmanager and
 * the Loki-speaking log server, then checkout traffic. Everything started is
 * stopped by `close` (and killed on exit if the run dies first).
 */
export async function startLab(input: {
  parts: Record<string, LabPart>;
  log: (line: string) => void;
  /** Mount the size-limited receipts volume (only the disk fault needs it). */
  mountReceipts: boolean;
}): Promise<Lab> {
  const bin = (name: string) => {
    const path = input.parts[name]?.path;
    if (!path) throw new Error(`the lab part ${name} is missing`);
    return path;
  };
  const dir = await mkdtemp(join(tmpdir(), 'vm-lab-'));
  await chmod(dir, 0o755);
  const processes: LabProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  let loadRunning = true;
  const load = { requests: 0, failures: 0 };
  let loadLoop: Promise<void> = Promise.resolve();

  const close = async () => {
    loadRunning = false;
    await loadLoop;
    for (const p of [...processes].reverse()) await p.stop().catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const ports: LabPorts = {
      demo: await freePort(),
      redis: await freePort(),
      postgres: await freePort(),
      prometheus: await freePort(),
      alertmanager: await freePort(),
      nodeExporter: await freePort(),
      redisExporter: await freePort(),
      postgresExporter: await freePort(),
      blackboxExporter: await freePort(),
      processExporter: await freePort(),
    };
    const loki = await startFakeLoki();
    cleanups.push(() => loki.close());
    const streams = {
      api: logStream(loki, LAB_SERVICES.api),
      redis: logStream(loki, LAB_SERVICES.redis),
      postgres: logStream(loki, LAB_SERVICES.postgres),
    };
    const ship = (stream: FakeLogStream) => (line: string) => {
      if (line.trim()) stream.entries.push({ at: new Date(), line });
    };

    // Private Redis: no persistence, its own port, logs to stdout.
    let redis: LabProcess | undefined;
    const startRedis = async () => {
      redis = startProcess({
        name: 'redis-server',
        command: bin('redis-server'),
        args: [
          '--port',
          String(ports.redis),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
          '--logfile',
          '',
        ],
        onLine: ship(streams.redis),
      });
      processes.push(redis);
      await waitFor(
        'the private Redis',
        () => redis!.tail().includes('Ready to accept connections'),
        {
          timeoutMs: STARTUP_TIMEOUT_MS,
          process: redis,
        },
      );
    };
    await startRedis();

    // Private PostgreSQL: a fresh cluster, few connections, nothing durable.
    const pgData = join(dir, 'pgdata');
    const pgSocket = join(dir, 'pgsocket');
    await mkdir(pgData);
    await mkdir(pgSocket);
    const pgUser = postgresUser();
    if (pgUser) {
      await chown(pgData, pgUser.uid, pgUser.gid);
      await chown(pgSocket, pgUser.uid, pgUser.gid);
    }
    execFileSync(
      bin('initdb'),
      ['-D', pgData, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'],
      {
        stdio: 'pipe',
        ...(pgUser ?? {}),
      },
    );
    const pg = startProcess({
      name: 'postgres',
      command: bin('postgres'),
      args: [
        '-D',
        pgData,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `port=${ports.postgres}`,
        '-c',
        `unix_socket_directories=${pgSocket}`,
        '-c',
        `max_connections=${PG_MAX_CONNECTIONS}`,
        '-c',
        'superuser_reserved_connections=3',
        '-c',
        'fsync=off',
        '-c',
        'shared_buffers=16MB',
        '-c',
        'log_line_prefix=%m [%p] ',
      ],
      ...(pgUser ?? {}),
      onLine: ship(streams.postgres),
    });
    processes.push(pg);
    const postgresUrl = (role: 'shop' | 'hog' | 'postgres') =>
      `postgres://${role}@127.0.0.1:${ports.postgres}/postgres`;
    await waitFor(
      'the private PostgreSQL',
      async () => {
        const sql = postgres(postgresUrl('postgres'), {
          max: 1,
          connect_timeout: 1,
          onnotice: () => undefined,
        });
        try {
          await sql`select 1`;
          await sql.unsafe('create role shop login; create role hog login');
          return true;
        } finally {
          await sql.end({ timeout: 1 });
        }
      },
      { timeoutMs: STARTUP_TIMEOUT_MS, process: pg },
    );

    // The receipts volume: a small tmpfs where permitted.
    const receiptsDir = join(dir, 'receipts');
    await mkdir(receiptsDir);
    const notMounted = input.mountReceipts
      ? mountSmallFilesystem(receiptsDir)
      : 'the receipts volume was not mounted (no fault selected needs it)';
    if (notMounted === null)
      cleanups.push(async () => {
        execFileSync('umount', ['-l', receiptsDir], { stdio: 'pipe' });
      });

    // The demo service, in a process group of its own.
    let demo: LabProcess | undefined;
    let demoVersion = '1.0.0';
    const startDemo = async (version: string, bugRatio: number) => {
      demo = startProcess({
        name: 'shop-api',
        command: process.execPath,
        args: ['--import', 'tsx', DEMO_SCRIPT],
        cwd: repoRoot,
        env: {
          PORT: String(ports.demo),
          REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
          DATABASE_URL: postgresUrl('shop'),
          RECEIPTS_DIR: receiptsDir,
          SERVICE_VERSION: version,
          BUG_RATIO: String(bugRatio),
          STRESS_NG: bin('stress-ng'),
        },
        onLine: ship(streams.api),
      });
      processes.push(demo);
      demoVersion = version;
      await waitFor('the demo service', () => httpOk(`http://127.0.0.1:${ports.demo}/health`), {
        timeoutMs: STARTUP_TIMEOUT_MS,
        process: demo,
      });
    };
    await startDemo('1.0.0', 0);

    // Exporters.
    const exporter = async (
      name: string,
      args: string[],
      port: number,
      env: Record<string, string> = {},
    ) => {
      const p = startProcess({ name, command: bin(name), args, env });
      processes.push(p);
      await waitFor(`${name} metrics`, () => httpOk(`http://127.0.0.1:${port}/metrics`), {
        timeoutMs: STARTUP_TIMEOUT_MS,
        process: p,
      });
    };
    await exporter(
      'node-exporter',
      [
        `--web.listen-address=127.0.0.1:${ports.nodeExporter}`,
        '--collector.disable-defaults',
        '--collector.cpu',
        '--collector.meminfo',
        '--collector.loadavg',
        '--collector.filesystem',
        '--collector.netstat',
        // Only the lab's own volume: the machine's other mounts are not the demo's.
        `--collector.filesystem.mount-points-exclude=^(?:/$|/[^t]|/t[^m]|/tmp/[^v]|/tmp/v[^m])`,
      ],
      ports.nodeExporter,
    );
    await exporter(
      'redis-exporter',
      [
        `-redis.addr=redis://127.0.0.1:${ports.redis}`,
        `-web.listen-address=127.0.0.1:${ports.redisExporter}`,
      ],
      ports.redisExporter,
    );
    await exporter(
      'postgres-exporter',
      [`--web.listen-address=127.0.0.1:${ports.postgresExporter}`],
      ports.postgresExporter,
      { DATA_SOURCE_NAME: `${postgresUrl('postgres')}?sslmode=disable` },
    );
    const blackboxFile = join(dir, 'blackbox.yml');
    await writeJson(blackboxFile, blackboxConfig());
    await exporter(
      'blackbox-exporter',
      [`--config.file=${blackboxFile}`, `--web.listen-address=127.0.0.1:${ports.blackboxExporter}`],
      ports.blackboxExporter,
    );
    const processFile = join(dir, 'process-exporter.yml');
    await writeJson(processFile, processExporterConfig({ demoScript: DEMO_SCRIPT }));
    await exporter(
      'process-exporter',
      [`-config.path=${processFile}`, `-web.listen-address=127.0.0.1:${ports.processExporter}`],
      ports.processExporter,
    );

    let prom: LabProcess | undefined;
    let generation = 1;
    // Alertmanager, routed nowhere until a fault gives it a receiver.
    const amFile = join(dir, 'alertmanager.yml');
    await writeJson(amFile, alertmanagerConfig(null));
    const alertmanagerUrl = `http://127.0.0.1:${ports.alertmanager}`;
    // Restarted with Prometheus for each fault (resetTelemetry): a killed Prometheus never
    // resolves its alerts, and Alertmanager would hand them to the next fault's receiver.
    let am: LabProcess | undefined;
    const startAlertmanager = async () => {
      const p = startProcess({
        name: 'alertmanager',
        command: bin('alertmanager'),
        args: [
          `--config.file=${amFile}`,
          `--storage.path=${join(dir, `alertmanager-${generation}`)}`,
          `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
          '--cluster.listen-address=',
          '--log.level=warn',
        ],
      });
      processes.push(p);
      am = p;
      await waitFor('Alertmanager', () => httpOk(`${alertmanagerUrl}/-/ready`), {
        timeoutMs: STARTUP_TIMEOUT_MS,
        process: p,
      });
    };

    // Prometheus with the rules.
    const rulesFile = join(dir, 'rules.yml');
    await writeJson(rulesFile, alertRules({ receiptsDir }));
    const promFile = join(dir, 'prometheus.yml');
    await writeJson(promFile, prometheusConfig({ ports, rulesFile }));
    const prometheusUrl = `http://127.0.0.1:${ports.prometheus}`;
    // Each fault gets fresh telemetry (see resetTelemetry): the TSDB lives in a numbered folder.
    const startPrometheus = async () => {
      const p = startProcess({
        name: 'prometheus',
        command: bin('prometheus'),
        args: [
          `--config.file=${promFile}`,
          `--storage.tsdb.path=${join(dir, `prometheus-${generation}`)}`,
          `--web.listen-address=127.0.0.1:${ports.prometheus}`,
          '--log.level=warn',
        ],
      });
      processes.push(p);
      prom = p;
      await waitFor('Prometheus', () => httpOk(`${prometheusUrl}/-/ready`), {
        timeoutMs: STARTUP_TIMEOUT_MS,
        process: p,
      });
      await waitFor(
        'every scrape target up',
        async () => {
          const res = await fetch(
            `${prometheusUrl}/api/v1/query?query=${encodeURIComponent('count(up == 1) == count(up) and count(up) >= 6')}`,
          );
          const body = (await res.json()) as { data: { result: unknown[] } };
          return body.data.result.length > 0;
        },
        { timeoutMs: STARTUP_TIMEOUT_MS, process: p },
      );
    };
    await startAlertmanager();
    await startPrometheus();

    // Checkout traffic: about 10 requests a second, 3 at a time.
    const demoUrl = `http://127.0.0.1:${ports.demo}`;
    const worker = async () => {
      while (loadRunning) {
        const started = Date.now();
        try {
          const res = await fetch(`${demoUrl}/checkout`, { signal: AbortSignal.timeout(3_000) });
          await res.arrayBuffer();
          if (!res.ok) load.failures++;
        } catch {
          load.failures++;
        }
        load.requests++;
        await sleep(Math.max(0, 300 - (Date.now() - started)));
      }
    };
    loadLoop = Promise.all([worker(), worker(), worker()]).then(() => undefined);

    input.log(
      `lab up in ${dir}: Prometheus ${prometheusUrl}, Alertmanager ${alertmanagerUrl}, shop-api ${demoUrl}`,
    );

    return {
      dir,
      ports,
      receiptsDir,
      receiptsMounted: notMounted,
      loki,
      prometheusUrl,
      demoUrl,
      get demoVersion() {
        return demoVersion;
      },
      async restartDemo({ version, bugRatio }) {
        await demo?.stop();
        await startDemo(version, bugRatio);
      },
      async stopRedis() {
        await redis?.stop();
      },
      async startRedis() {
        if (redis && redis.child.exitCode === null && redis.child.signalCode === null) return;
        await startRedis();
      },
      postgresUrl,
      async resetTelemetry() {
        for (const p of [prom, am]) {
          if (!p) continue;
          await p.stop();
          processes.splice(processes.indexOf(p), 1);
        }
        await rm(join(dir, `prometheus-${generation}`), { recursive: true, force: true });
        await rm(join(dir, `alertmanager-${generation}`), { recursive: true, force: true });
        generation++;
        await writeJson(amFile, alertmanagerConfig(null));
        for (const stream of Object.values(streams)) stream.entries.length = 0;
        await startAlertmanager();
        await startPrometheus();
      },
      async routeAlerts(route) {
        await writeJson(amFile, alertmanagerConfig(route));
        const res = await fetch(`${alertmanagerUrl}/-/reload`, { method: 'POST' });
        if (!res.ok) throw new Error(`Alertmanager refused its configuration: ${await res.text()}`);
      },
      async activeAlerts() {
        const res = await fetch(`${prometheusUrl}/api/v1/alerts`);
        const body = (await res.json()) as {
          data: { alerts: Array<{ labels: { alertname: string }; state: string }> };
        };
        return body.data.alerts.map((a) => ({ name: a.labels.alertname, state: a.state }));
      },
      load,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
