import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadEvalEnv } from './env.js';
import { runCase, startEvalStack, type EvalModel } from './run-case.js';
import { evalCases } from './scenarios/eval-cases.js';
import { accuracy, type EvalScore } from './score.js';
import { formatTable } from './table.js';

// `pnpm eval`: every scenario through the real pipeline (Prometheus + Loki
// over HTTP, server, queue, worker with the real engine, SSE), scored.
// Offline with the deterministic analyst; with GROQ_API_KEY / OPENAI_API_KEY
// set, again with each model. Exits 1 when the offline run passes fewer than
// --min-pass cases (default: 10 of the 12).
const { values } = parseArgs({
  options: {
    'min-pass': { type: 'string' },
    only: { type: 'string' },
    seed: { type: 'string', default: '7' },
    'fault-minutes-ago': { type: 'string', default: '30' },
    offline: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const env = loadEvalEnv();
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
const cases = evalCases.filter((c) => only === null || only.has(c.scenario));
if (cases.length === 0)
  throw new Error(
    `--only matched no scenario; known: ${evalCases.map((c) => c.scenario).join(', ')}`,
  );
const minPass =
  values['min-pass'] === undefined
    ? Math.ceil((10 / 12) * cases.length)
    : Number(values['min-pass']);
const seed = Number(values.seed);
const faultMinutesAgo = Number(values['fault-minutes-ago']);

const models: Array<EvalModel | null> = [null];
if (!values.offline && env.GROQ_API_KEY)
  models.push({ provider: 'groq', model: env.GROQ_LLM_MODEL, apiKey: env.GROQ_API_KEY });
if (!values.offline && env.OPENAI_API_KEY)
  models.push({ provider: 'openai', model: env.EVAL_OPENAI_MODEL, apiKey: env.OPENAI_API_KEY });

const mode = `${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'} + ${env.REDIS_URL ? 'Redis' : 'in-process queue'}`;
const write = (text: string) => process.stdout.write(`${text}\n`);
write(
  `VibeMonitor evaluation: ${cases.length} scenarios, seed ${seed}, fault ${faultMinutesAgo} min before now, ${mode}`,
);

const started = performance.now();
const stack = await startEvalStack({
  env: {
    ...(env.GROQ_BASE_URL ? { GROQ_BASE_URL: env.GROQ_BASE_URL } : {}),
    ...(env.OPENAI_BASE_URL ? { OPENAI_BASE_URL: env.OPENAI_BASE_URL } : {}),
  },
});
const runs: Array<{ analyst: string; scores: EvalScore[]; setupSeconds: number }> = [];
try {
  for (const model of models) {
    const analyst = model ? `${model.provider} ${model.model}` : 'deterministic analyst (no LLM)';
    write(`\n## ${analyst}\n`);
    const scores: EvalScore[] = [];
    let setupMs = 0;
    for (const evalCase of cases) {
      const result = await runCase({ eval: stack, evalCase, seed, faultMinutesAgo, model });
      scores.push(result.score);
      setupMs += result.setupMs;
      process.stderr.write(
        `  ${evalCase.scenario}: ${result.score.pass ? 'pass' : `FAIL (${result.score.reason})`}\n`,
      );
      if (values.verbose && result.report) {
        process.stderr.write(
          `    summary: ${result.report.summary}\n    cause: ${result.report.rootCause?.cause ?? '-'}\n`,
        );
      }
    }
    runs.push({ analyst, scores, setupSeconds: setupMs / 1000 });
    const { passed, total } = accuracy(scores);
    const cost = scores.reduce((sum, s) => sum + (s.costUsd ?? 0), 0);
    write(formatTable(scores));
    write(
      `\naccuracy: ${passed}/${total}${model ? `, cost $${cost.toFixed(4)}` : ''}; telemetry setup ${(setupMs / 1000).toFixed(1)} s`,
    );
  }
} finally {
  await stack.close();
}
write(`\ntotal wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (values.json)
  await writeFile(
    values.json,
    `${JSON.stringify({ seed, faultMinutesAgo, mode, runs }, null, 2)}\n`,
  );

const offline = accuracy(runs[0]!.scores);
if (offline.passed < minPass) {
  write(
    `\nFAILED: the offline run passed ${offline.passed}/${offline.total}, below the required ${minPass}.`,
  );
  process.exit(1);
}
process.exit(0);
