import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../processes.js';

const run = promisify(execFile);

/*
 * PostgreSQL and Redis instances of our own, on ports of our own, that the
 * chaos suite may stop and start at will. The machine's shared services
 * (5432, 6379) are never touched.
 */

export interface PrivateService {
  url: string;
  port: number;
  /** Stops the instance abruptly (SIGKILL for Redis, immediate mode for PostgreSQL). */
  crash(): Promise<void>;
  /** Starts it again on the same port (Redis comes back empty: no persistence). */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when both binaries exist (the suite needs them). */
export async function privateServicesAvailable(): Promise<boolean> {
  return Boolean((await postgresBin().catch(() => undefined)) && (await which('redis-server')));
}

async function which(name: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${name}`]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

async function postgresBin(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/** Redis on a free port, no persistence, so a restart loses every queued job. */
export async function startPrivateRedis(): Promise<PrivateService> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'vm-chaos-redis-'));
  let child: ChildProcess | undefined;
  const ping = async () => {
    const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
    return stdout.trim() === 'PONG';
  };
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    );
    await waitFor(ping, `redis on ${port}`);
  };
  const crash = async () => {
    const current = child;
    if (!current || current.exitCode !== null) return;
    const exited = new Promise((r) => current.once('exit', r));
    current.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    crash,
    start,
    async destroy() {
      await crash();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A PostgreSQL cluster made with initdb on a free port (trust auth, socket in
 * its own directory). As root, the cluster belongs to the `postgres` user,
 * since PostgreSQL refuses to run as root.
 */
export async function startPrivatePostgres(): Promise<PrivateService> {
  const bin = await postgresBin();
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'vm-chaos-pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', `${bin}/${tool}`, ...args])
      : run(`${bin}/${tool}`, args);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = async () => {
    await pg('pg_ctl', [
      '-D',
      data,
      '-o',
      options,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    await waitFor(async () => {
      await pg('pg_isready', ['-h', '127.0.0.1', '-p', String(port)]);
      return true;
    }, `postgres on ${port}`);
  };
  const crash = async () => {
    await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    crash,
    start,
    async destroy() {
      await crash();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
