import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_LLM_KEYS,
  startFakeLlmServer,
  type FakeLlmServer,
} from '@vibemonitor/core/testing/llm';
import { runCase, startEvalStack, type EvalStack } from './run-case.js';
import { independentCases } from './independent/index.js';
import { evalCases } from './scenarios/eval-cases.js';

/*
 * The evaluation's own plumbing, on whichever drivers this run uses: two
 * cases through the real pipeline (Prometheus, Loki server, API, queue,
 * worker, SSE), a case with a deliberately wrong expectation, which must
 * fail (the score comes from the report, not from the case), and the model
 * run's plumbing against a local stand-in for OpenAI's API.
 */

let evalStack: EvalStack;
let llm: FakeLlmServer;

beforeAll(async () => {
  llm = await startFakeLlmServer();
  evalStack = await startEvalStack({ env: { OPENAI_BASE_URL: llm.baseUrlFor('openai') } });
}, 60_000);
afterAll(async () => {
  await evalStack?.close();
  await llm?.close();
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

  it('runs an independent case with its own workspace services and generated telemetry', async () => {
    const evalCase = independentCases.find((c) => c.scenario === 'sock-catalogue-cpu-hog')!;
    const { score, report, setupMs } = await runCase({
      eval: evalStack,
      evalCase,
      seed: 7,
      faultMinutesAgo: 30,
      model: null,
    });
    expect(report).not.toBeNull();
    expect(score).toMatchObject({
      scenario: 'sock-catalogue-cpu-hog',
      expected: 'catalogue/cpu',
      analyst: 'deterministic',
    });
    expect(setupMs).toBeGreaterThan(0);
    const workspaces = await evalStack.client.workspace.list.query();
    expect(workspaces.some((w) => w.name === 'Sock Shop')).toBe(true);
  });

  it('runs a case with a model configured on the workspace and reports its tokens and cost', async () => {
    const answer = {
      summary: 'payments is pinned at its CPU limit and throttled [E1].',
      rootCause: {
        service: 'payments',
        cause: 'CPU saturation: payments is throttled at its CPU limit [E1]',
        confidence: 'high',
        evidenceIds: ['E1'],
      },
      ruledOut: [],
      timeline: [],
      nextSteps: ['Profile the CPU of payments'],
      notChecked: [],
    };
    llm.reply(
      { content: 'SAFE' },
      {
        content: 'Checking CPU.',
        toolCalls: [{ name: 'cpu_usage', args: { service: 'payments' } }],
      },
      { content: JSON.stringify(answer) },
    );
    const { score, report } = await runCase({
      eval: evalStack,
      evalCase: caseOf('cpu-saturation'),
      seed: 7,
      faultMinutesAgo: 30,
      model: { provider: 'openai', model: 'gpt-4o-mini', apiKey: FAKE_LLM_KEYS.openai },
    });
    expect(report?.analyst).toBe('llm');
    expect(score).toMatchObject({
      pass: true,
      analyst: 'gpt-4o-mini',
      found: 'payments/cpu (high)',
      toolCalls: 1,
      tokens: 45,
    });
    expect(score.costUsd).toBeGreaterThan(0);
    expect(
      llm.requests.every((r) => r.provider === 'openai' && r.apiKey === FAKE_LLM_KEYS.openai),
    ).toBe(true);
  });
});
