import { LogPatternMiner } from '../packages/agent/src/evidence/log-patterns/miner.js';
import { corpusDatasets } from '../packages/agent/src/evidence/log-patterns/corpus/datasets.js';
import { generateDataset } from '../packages/agent/src/evidence/log-patterns/corpus/generate.js';

/**
 * Mines `lines` generated lines (all corpus systems mixed, so the tree holds
 * ~120 templates across many lengths) and reports throughput and memory.
 * Generation happens before the clock starts; the lines are held in memory,
 * so peak heap includes them (reported separately as the input size).
 */
export async function benchLogMiner(options: {
  lines: number;
}): Promise<Record<string, string | number>> {
  const perDataset = Math.ceil(options.lines / corpusDatasets.length);
  const pools = corpusDatasets.map((d) =>
    generateDataset(d, Math.min(perDataset, 20_000), 7).map((l) => l.line),
  );
  const lines: string[] = [];
  for (let i = 0; lines.length < options.lines; i++) {
    const pool = pools[i % pools.length]!;
    lines.push(pool[Math.floor(i / pools.length) % pool.length]!);
  }
  // The million lines reuse the pool strings, so the input costs the pools plus one array of references.
  const inputMb = (pools.flat().reduce((n, l) => n + l.length * 2, 0) + lines.length * 8) / 2 ** 20;
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  let peakRss = process.memoryUsage().rss;
  const miner = new LogPatternMiner();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < lines.length; i++) {
    miner.add(lines[i]!, i);
    if ((i & 0xffff) === 0) {
      const usage = process.memoryUsage();
      peakHeap = Math.max(peakHeap, usage.heapUsed);
      peakRss = Math.max(peakRss, usage.rss);
    }
  }
  const patterns = miner.patterns();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time as well as wall time: on a shared machine the wall-clock rate says more about the neighbours.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const usage = process.memoryUsage();
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  peakRss = Math.max(peakRss, usage.rss);
  const stats = miner.stats();
  return {
    lines: lines.length,
    'lines per second': Math.round(lines.length / seconds),
    'lines per CPU second': Math.round(lines.length / cpuSeconds),
    'wall time': `${seconds.toFixed(2)} s`,
    'CPU time': `${cpuSeconds.toFixed(2)} s`,
    patterns: patterns.length,
    clusters: stats.clusters,
    'input held in memory': `${inputMb.toFixed(0)} MB`,
    'peak heap (incl. input)': `${(peakHeap / 2 ** 20).toFixed(0)} MB`,
    'heap growth while mining': `${(Math.max(0, peakHeap - heapBefore) / 2 ** 20).toFixed(0)} MB`,
    'peak RSS': `${(peakRss / 2 ** 20).toFixed(0)} MB`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchLogMiner({ lines: Number(process.argv[2] ?? 1_000_000) });
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else
    for (const [key, value] of Object.entries(result)) console.log(`  ${key.padEnd(30)} ${value}`);
}

/**
 * The miner benchmark in a fresh Node process: CPU time and memory are
 * process-wide, so run after the server benchmarks in the same process they
 * would also count those servers' timers, sockets and heap.
 */
export async function benchLogMinerIsolated(options: {
  lines: number;
}): Promise<Record<string, string | number>> {
  const { execFile } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const script = fileURLToPath(import.meta.url);
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', script, String(options.lines), '--json'],
      { maxBuffer: 1024 * 1024 },
      (error, out) => (error ? reject(error) : resolve(out)),
    ),
  );
  const last = stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as Record<string, string | number>;
}
