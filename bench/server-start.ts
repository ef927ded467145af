import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Time to ready and idle memory of the API server process, run from the
// TypeScript sources through tsx versus from the compiled JavaScript
// (`pnpm build` first). Each run gets a fresh DATA_DIR (embedded) unless
// DATABASE_URL / REDIS_URL are set. Usage: pnpm exec tsx bench/server-start.ts [runs]
//
// tsx is measured as `node --import tsx` (what the `tsx` command runs in its
// child process), so both figures are for the one process that serves.

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.argv[2] ?? 3);
const idleMs = 3_000;

const variants = {
  'tsx (TypeScript sources)': ['--import', 'tsx', 'apps/server/src/main.ts'],
  'compiled (dist, source maps)': [
    '--conditions=compiled',
    '--enable-source-maps',
    'apps/server/dist/main.js',
  ],
  'compiled, no source maps': ['--conditions=compiled', 'apps/server/dist/main.js'],
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

async function measureOnce(args: string[]): Promise<{ readyMs: number; rssMiB: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vm-bench-start-'));
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) break;
      if (performance.now() - startedAt > 120_000) throw new Error('server not ready in 120 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const readyMs = performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    return { readyMs, rssMiB: await rssMiB(child.pid ?? 0) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const mode = `${process.env.DATABASE_URL ? 'postgres' : 'pglite'} + ${process.env.REDIS_URL ? 'redis' : 'in-process'}`;
console.log(
  `## API server start (${mode}), median of ${runs} runs, RSS after ${idleMs / 1000} s idle`,
);
// Interleaved, so a burst of load on a shared machine hits every variant alike.
const results = new Map<string, Array<{ readyMs: number; rssMiB: number }>>();
for (let i = 0; i < runs; i++) {
  for (const [name, args] of Object.entries(variants)) {
    results.set(name, [...(results.get(name) ?? []), await measureOnce(args)]);
  }
}
for (const [name, runResults] of results) {
  const ready = median(runResults.map((r) => r.readyMs));
  const rss = median(runResults.map((r) => r.rssMiB));
  console.log(
    `  ${name.padEnd(32)} ready ${(ready / 1000).toFixed(2)} s   idle RSS ${rss.toFixed(0)} MiB`,
  );
}
