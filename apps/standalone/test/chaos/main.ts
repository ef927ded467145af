import { parseArgs } from 'node:util';
import { cleanUpChaos, runChaos, summarise } from './chaos-run.js';

// `pnpm chaos`: the full chaos run (20 worker kills, Redis and PostgreSQL
// restarted twice each, on private instances), printing the figures.
//   pnpm chaos -- --kills 20 --redis-restarts 2 --postgres-restarts 2
const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    'redis-restarts': { type: 'string', default: '2' },
    'postgres-restarts': { type: 'string', default: '2' },
    investigations: { type: 'string', default: '6' },
  },
});

const write = (line: string) => process.stdout.write(`${line}\n`);
// Interrupted: stop the private stores and processes before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUpChaos().finally(() => process.exit(130));
  });
}
const report = await runChaos({
  kills: Number(values.kills),
  redisRestarts: Number(values['redis-restarts']),
  postgresRestarts: Number(values['postgres-restarts']),
  investigationsPerRestart: Number(values.investigations),
  log: write,
});
write(summarise(report));
write(JSON.stringify(report));
process.exitCode = report.problems.length === 0 ? 0 : 1;
