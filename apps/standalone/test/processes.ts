import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const tsxBin = `${repoRoot}node_modules/.bin/tsx`;

export type AppEntry = 'server' | 'worker' | 'standalone';

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

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

/**
 * Starts one of the real app entry points (`apps/<entry>/src/main.ts`) as a
 * separate OS process, with exactly the given environment plus PATH.
 */
export function startApp(entry: AppEntry, env: Record<string, string>): AppProcess {
  const child = spawn(tsxBin, [`apps/${entry}/src/main.ts`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls `url` until it answers with `status` (default 200). */
export async function waitForHttp(
  url: string,
  options: { status?: number; timeoutMs?: number; process?: AppProcess } = {},
): Promise<void> {
  // Generous: a process boots in seconds, but far slower when a 2-core machine is busy.
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = '';
  while (Date.now() < deadline) {
    if (options.process && options.process.child.exitCode !== null) {
      throw new Error(
        `process exited (${options.process.child.exitCode}) before ${url} was up:\n${options.process.output()}`,
      );
    }
    try {
      const res = await fetch(url);
      last = `${res.status} ${await res.text()}`;
      if (res.status === (options.status ?? 200)) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `timed out waiting for ${url} (last: ${last})${options.process ? `\n${options.process.output()}` : ''}`,
  );
}
