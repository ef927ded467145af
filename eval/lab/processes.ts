import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { labPath } from './env.js';

/** Asks the OS for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface LabProcess {
  name: string;
  child: ChildProcess;
  /** The last lines it printed (stdout and stderr), for error messages. */
  tail(): string;
  exited: Promise<number | null>;
  /** SIGTERM to its whole process group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Every process group still running, killed on exit whatever happens. */
const running = new Set<number>();
function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
process.on('exit', () => {
  for (const pid of running) killGroup(pid, 'SIGKILL');
});

/**
 * Starts a program in a process group of its own (so a stop takes its
 * children too), with each output line handed to `onLine`.
 */
export function startProcess(input: {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  uid?: number;
  gid?: number;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}): LabProcess {
  const options: SpawnOptions = {
    cwd: input.cwd,
    env: { PATH: labPath(), ...input.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(input.uid !== undefined ? { uid: input.uid, gid: input.gid } : {}),
  };
  const child = spawn(input.command, input.args, options);
  const lines: string[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (!source) continue;
    createInterface({ input: source }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 40) lines.shift();
      input.onLine?.(line, stream);
    });
  }
  if (child.pid) running.add(child.pid);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      if (child.pid) running.delete(child.pid);
      resolve(code);
    });
    child.once('error', (error) => {
      lines.push(String(error));
      resolve(-1);
    });
  });
  return {
    name: input.name,
    child,
    tail: () => lines.join('\n'),
    exited,
    async stop(graceMs = 3_000) {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Children that outlived their parent in the group.
      killGroup(child.pid, 'SIGKILL');
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (not undefined/false), or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs: number; intervalMs?: number; process?: LabProcess },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (options.process && options.process.child.exitCode !== null)
      throw new Error(
        `${options.process.name} exited while waiting for ${what}:\n${options.process.tail()}`,
      );
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(options.intervalMs ?? 250);
  }
  throw new Error(
    `timed out after ${options.timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}${options.process ? `\n${options.process.tail()}` : ''}`,
  );
}

/** True when an HTTP GET answers 2xx. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
