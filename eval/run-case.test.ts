import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCase, startEvalStack, type EvalStack } from './run-case.js';
import { evalCases } from './scenarios/eval-cases.js';

/*
 * The evaluation's own plumbing, on whichever drivers this run uses: two
 * cases through the real pipeline (Prometheus, Loki server, API, queue,
 * worker, SSE), and a case with a deliberately wrong expectation, which must
 * fail: the score comes from the report, not from the case.
 */

let evalStack: EvalStack;

beforeAll(async () => {
  evalStack = await startEvalStack();
}, 60_000);
afterAll(async () => {
  await evalStack?.close();
});

const caseOf = (scenario: string) => evalCases.find((c) => c.scenario === scenario)!;
const run = (evalCase: (typeof evalCases)[number]) =>
  runCase({ eval: evalStack, evalCase, seed: 7, faultMinutesAgo: 30, model: null });

describe('runCase', () => {
  it('scores a fault scenario answered from a real Prometheus and Loki through the API', async () => {
    const { score, report, setupMs } = await run(caseOf('slow-dependency'));
    expect(score).toMatchObject({
      pass: true,
      found: expect.stringMatching(/^payments\/slow_dependency/),
      evidenceOk: true,
      analyst: 'deterministic',
      toolCalls: 0,
      tokens: 0,
    });
    expect(
      report?.evidence.some((e) =>
        e.query?.includes('http_server_request_duration_seconds_bucket'),
      ),
    ).toBe(true);
    expect(setupMs).toBeGreaterThan(0);
  });

  it('scores the control, and fails a case whose expectation the report does not meet', async () => {
    expect((await run(caseOf('control'))).score).toMatchObject({
      pass: true,
      found: 'nothing abnormal',
    });
    const wrong = {
      ...caseOf('traffic-surge'),
      expected: { service: 'redis', causes: ['unavailable' as const] },
    };
    const { score } = await run(wrong);
    expect(score).toMatchObject({
      pass: false,
      reason: 'wrong service',
      found: expect.stringMatching(/^gateway\/traffic/),
    });
  });
});
