import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import { eq } from 'drizzle-orm';
import { isTerminalRcaEvent, type RcaEvent } from '@vibemonitor/contracts';
import { createDatabase, workspaces } from '@vibemonitor/db';
import { createClient, type VibeMonitorClient } from '@vibemonitor/sdk';
import {
  freePort,
  startApp,
  waitForHttp,
  type AppProcess,
} from '../apps/standalone/test/processes.js';
import { formatMs, percentile } from './lib/stats.js';

/**
 * Embedded mode as `pnpm start` runs it (apps/standalone in its own process:
 * PGlite, in-process queue and bus, no configuration), measured from outside:
 * - idle: the server process's RSS and heap a few seconds after start
 *   (`process_resident_memory_bytes` from /metrics), plus the whole process
 *   tree (tsx's launcher included) read from /proc;
 * - investigations: `concurrent` demo investigations at a time, `rounds`
 *   times, while an authenticated read (`workspace.list`) is called back to
 *   back: chat.send -> first streamed event, -> first progress event
 *   (tool_start/thinking), -> complete; the read's latency p50/p99 during the
 *   investigations and when idle; the server's event-loop delay p99/max over
 *   the investigation phase (prom-client's monitorEventLoopDelay, reset by a
 *   scrape just before the phase).
 * Each mode in `modes` is a fresh server process on the same data directory:
 * `INVESTIGATION_THREAD=false` is the anchor (investigations on the server's
 * event loop), `true` runs them on the investigation thread.
 */
export async function benchEmbedded(options: {
  rounds: number;
  concurrent: number;
  idleMs: number;
  modes: Array<'thread' | 'main-loop'>;
}): Promise<Record<string, string | number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vm-bench-embedded-'));
  try {
    const { account, firstStartRss } = await prepareDemoAccount(dataDir, options.idleMs);
    const figures: Record<string, string | number> = {
      'investigations per round': options.concurrent,
      rounds: options.rounds,
      'idle RSS after the very first start (initdb)': mb(firstStartRss),
    };
    for (const mode of options.modes) {
      const measured = await measureMode(dataDir, account, mode, options);
      for (const [key, value] of Object.entries(measured)) figures[`[${mode}] ${key}`] = value;
    }
    return figures;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface DemoAccount {
  token: string;
  workspaceId: string;
}

function appEnv(
  dataDir: string,
  port: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  // What `pnpm start` has on a fresh machine: no DATABASE_URL, no REDIS_URL.
  return {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DEMO_WORKSPACE: 'true',
    // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: profiles the server (and its investigation thread).
    ...(process.env.BENCH_SERVER_NODE_OPTIONS
      ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }
      : {}),
    ...extra,
  };
}

async function startEmbedded(
  dataDir: string,
  extra: Record<string, string> = {},
): Promise<{ app: AppProcess; url: string }> {
  const port = await freePort();
  const app = startApp('standalone', appEnv(dataDir, port, extra));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, { process: app, timeoutMs: 120_000 });
  return { app, url };
}

/**
 * A user with a demo workspace on Pro (100 investigations a day), set while
 * the server is stopped; and the server's idle RSS on its very first start
 * (a fresh data directory: the cluster is created then).
 */
/** Reads the verification link from the outbox under the data directory, confirms the address, signs in. */
async function signInAfterVerifying(
  url: string,
  dataDir: string,
  email: string,
  password: string,
): Promise<string> {
  const dir = join(dataDir, 'outbox');
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('-verify_email.json'))) {
    const entry = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
      to?: string;
      link?: string;
    };
    const token =
      entry.to === email && entry.link ? new URL(entry.link).searchParams.get('token') : null;
    if (!token) continue;
    await client(url).auth.verifyEmail.mutate({ token });
    return (await client(url).auth.login.mutate({ email, password })).token;
  }
  throw new Error(`no verification email for ${email} in ${dir}`);
}

async function prepareDemoAccount(
  dataDir: string,
  idleMs: number,
): Promise<{ account: DemoAccount; firstStartRss: number | undefined }> {
  const { app, url } = await startEmbedded(dataDir);
  let account: DemoAccount;
  let firstStartRss: number | undefined;
  try {
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    firstStartRss = (await scrapeMetrics(url)).get('process_resident_memory_bytes');
    // Sign-up starts no session: confirm the address with the outbox's link, then sign in.
    const email = `bench-${Date.now()}@example.com`;
    const password = 'correct horse battery staple 42';
    await client(url).auth.register.mutate({ email, password, name: 'Bench' });
    const token = await signInAfterVerifying(url, dataDir, email, password);
    const { workspace } = await client(url, token).workspace.createDemo.mutate();
    account = { token, workspaceId: workspace.id };
  } finally {
    await app.stop();
  }
  // PGlite has one owner: the server is stopped, so the bench may open the data directory.
  const database = await createDatabase({ dataDir });
  try {
    await database.db
      .update(workspaces)
      .set({ planId: 'pro' })
      .where(eq(workspaces.id, account.workspaceId));
  } finally {
    await database.close();
  }
  return { account, firstStartRss };
}

function client(url: string, token?: string): VibeMonitorClient {
  return createClient({ url, token, EventSource });
}

async function scrapeMetrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? ([0-9.eE+-]+|NaN)$/.exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}

/** RSS of a process and all its descendants, from /proc (Linux). */
async function treeRssBytes(pid: number): Promise<number> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we listed.
    }
  }
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    try {
      const status = await readFile(`/proc/${current}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status);
      if (kb) total += Number(kb[1]) * 1024;
    } catch {
      continue;
    }
    pending.push(...(children.get(current) ?? []));
  }
  return total;
}

/** The process under `pid` (tsx's launcher) that serves: the node process whose parent it is, else itself. */
async function serverPid(pid: number): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && stat.includes('(node)')) return Number(entry);
    } catch {
      // The process ended while we listed.
    }
  }
  return pid;
}

/**
 * CPU time (user + system, ms) the server's main thread (the one serving
 * HTTP, owning PGlite) has used, from /proc (Linux): unlike latencies it
 * does not grow when other processes share the machine.
 */
async function mainThreadCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const mb = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${Math.round(bytes / 1024 / 1024)} MB`;

interface TurnTiming {
  firstEvent: number;
  firstProgress: number;
  complete: number;
}

/** Sends one demo question and streams it to the end; times are from just before chat.send. */
async function investigate(
  api: VibeMonitorClient,
  workspaceId: string,
  message: string,
): Promise<TurnTiming> {
  const started = performance.now();
  const { turnId } = await api.chat.send.mutate({ workspaceId, message });
  return new Promise((resolve, reject) => {
    let firstEvent: number | undefined;
    let firstProgress: number | undefined;
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`turn ${turnId} did not end within 120 s`));
    }, 120_000);
    const subscription = api.chat.turns.stream.subscribe(
      { workspaceId, turnId },
      {
        onData: ({ data }) => {
          const event: RcaEvent = data.event;
          const at = performance.now() - started;
          firstEvent ??= at;
          if (event.type === 'tool_start' || event.type === 'thinking') firstProgress ??= at;
          if (isTerminalRcaEvent(event)) {
            clearTimeout(timer);
            subscription.unsubscribe();
            if (event.type !== 'complete')
              reject(new Error(`turn ${turnId} ended with ${JSON.stringify(event)}`));
            else resolve({ firstEvent, firstProgress: firstProgress ?? at, complete: at });
          }
        },
        onError: (error) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      },
    );
  });
}

/** Calls `call` back to back until `stop` resolves; returns each call's latency. */
async function probe(call: () => Promise<unknown>, stop: Promise<unknown>): Promise<number[]> {
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const latencies: number[] = [];
  while (!stopped) {
    const started = performance.now();
    await call();
    latencies.push(performance.now() - started);
    // A short pause, so the probe is a client asking often, not a load test.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return latencies;
}

async function measureMode(
  dataDir: string,
  account: DemoAccount,
  mode: 'thread' | 'main-loop',
  options: { rounds: number; concurrent: number; idleMs: number },
): Promise<Record<string, string | number>> {
  const { app, url } = await startEmbedded(dataDir, {
    INVESTIGATION_THREAD: mode === 'thread' ? 'true' : 'false',
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, options.idleMs));
    const idle = await scrapeMetrics(url);
    const idleTree = await treeRssBytes(app.child.pid!);
    const api = client(url, account.token);
    const read = () => api.workspace.list.query();

    // Warm-up: JIT, the first investigation's lazy loads, the SSE path.
    await investigate(api, account.workspaceId, 'Why is checkout slow?');
    const pid = await serverPid(app.child.pid!);
    const quietCpuBefore = await mainThreadCpuMs(pid);
    const quiet = await probe(read, new Promise((resolve) => setTimeout(resolve, 2_000)));
    const cpuPerRead = ((await mainThreadCpuMs(pid)) - quietCpuBefore) / quiet.length;

    await scrapeMetrics(url); // resets the event-loop delay histogram
    const timings: TurnTiming[] = [];
    let releaseProbe!: () => void;
    const probeStop = new Promise<void>((resolve) => (releaseProbe = resolve));
    const cpuBefore = await mainThreadCpuMs(pid);
    const cpuTotalBefore = (await scrapeMetrics(url)).get('process_cpu_seconds_total');
    const busy = probe(read, probeStop);
    for (let round = 0; round < options.rounds; round++) {
      timings.push(
        ...(await Promise.all(
          Array.from({ length: options.concurrent }, (_, i) =>
            investigate(
              api,
              account.workspaceId,
              i % 2 === 0 ? 'Why is checkout slow?' : 'What is wrong with payments?',
            ),
          ),
        )),
      );
    }
    releaseProbe();
    const mainThreadCpu = (await mainThreadCpuMs(pid)) - cpuBefore;
    const during = await busy;
    const afterPhase = await scrapeMetrics(url);
    await new Promise((resolve) => setTimeout(resolve, options.idleMs));
    const afterInvestigations = await scrapeMetrics(url);
    const seconds = (name: string) => afterPhase.get(name);
    return {
      'idle RSS (server process)': mb(idle.get('process_resident_memory_bytes')),
      'idle RSS (process tree, tsx included)': mb(idleTree),
      'idle heap used': mb(idle.get('nodejs_heap_size_used_bytes')),
      'RSS after the investigations (idle again)': mb(
        afterInvestigations.get('process_resident_memory_bytes'),
      ),
      'send -> first event p50': formatMs(
        percentile(
          timings.map((t) => t.firstEvent),
          50,
        ),
      ),
      'send -> first tool_start/thinking p50': formatMs(
        percentile(
          timings.map((t) => t.firstProgress),
          50,
        ),
      ),
      'send -> first tool_start/thinking p99': formatMs(
        percentile(
          timings.map((t) => t.firstProgress),
          99,
        ),
      ),
      'send -> complete p50': formatMs(
        percentile(
          timings.map((t) => t.complete),
          50,
        ),
      ),
      'send -> complete p99': formatMs(
        percentile(
          timings.map((t) => t.complete),
          99,
        ),
      ),
      'event-loop delay p99 (investigations)': formatMs(
        (seconds('nodejs_eventloop_lag_p99_seconds') ?? Number.NaN) * 1000,
      ),
      'event-loop delay max (investigations)': formatMs(
        (seconds('nodejs_eventloop_lag_max_seconds') ?? Number.NaN) * 1000,
      ),
      'API read p50 / p99 (idle)': `${formatMs(percentile(quiet, 50))} / ${formatMs(percentile(quiet, 99))}`,
      'API read p50 / p99 (investigations)': `${formatMs(percentile(during, 50))} / ${formatMs(percentile(during, 99))}`,
      'API reads during investigations': during.length,
      // Contention-proof: CPU, not time; the main thread's and the whole process's (all threads).
      'main-thread CPU per API read (idle)': formatMs(cpuPerRead),
      // The probe's reads included: compare runs with similar read counts.
      'main-thread CPU per investigation (reads included)': formatMs(
        mainThreadCpu / timings.length,
      ),
      'process CPU per investigation (all threads)': formatMs(
        (((afterPhase.get('process_cpu_seconds_total') ?? Number.NaN) -
          (cpuTotalBefore ?? Number.NaN)) *
          1000) /
          timings.length,
      ),
    };
  } catch (error) {
    // The server's own words say whether it failed or the client did.
    throw new Error(
      `${mode}: ${String(error)}\n--- server output (tail) ---\n${app.output().slice(-4_000)}`,
    );
  } finally {
    await app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.env.BENCH_QUICK === '1';
  const figures = await benchEmbedded({
    rounds: quick ? 1 : 3,
    concurrent: 4,
    idleMs: quick ? 1_000 : 3_000,
    modes: (process.env.BENCH_EMBEDDED_MODES?.split(',') as
      Array<'thread' | 'main-loop'> | undefined) ?? ['main-loop', 'thread'],
  });
  console.log('\n## embedded mode (pnpm start: PGlite, in-process queue and bus)');
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(48)} ${value}`);
  process.exit(0);
}
