import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { independentCases } from './independent/index.js';
import { startProviderRun, type ProviderRun } from './providers.js';
import { runCase, startEvalStack, type EvalStack } from './run-case.js';
import { evalCases } from './scenarios/eval-cases.js';

/*
 * `pnpm eval --provider`: a simulator case whose only telemetry is the
 * provider's (its protocol fake behind the relay, connected through
 * integration.connect), on whichever drivers this run uses. The report's
 * queries must all have gone to that provider, and a wrong expectation
 * must fail.
 */

const caseOf = (scenario: string) => evalCases.find((c) => c.scenario === scenario)!;

describe.each([
  { provider: 'cloudwatch' as const, source: 'AWS CloudWatch', scenario: 'slow-dependency' },
  { provider: 'datadog' as const, source: 'Datadog', scenario: 'bad-deploy' },
  { provider: 'newrelic' as const, source: 'New Relic', scenario: 'memory-leak-oom' },
])('eval on $provider', ({ provider, source, scenario }) => {
  let run: ProviderRun;
  let evalStack: EvalStack;
  beforeAll(async () => {
    run = await startProviderRun(provider);
    evalStack = await startEvalStack({ env: run.env });
  }, 120_000);
  afterAll(async () => {
    await evalStack?.close();
    await run?.close();
  });

  it(`answers ${scenario} from ${source} alone, and fails a wrong expectation`, async () => {
    const evalCase = caseOf(scenario);
    const { score, report } = await runCase({
      eval: evalStack,
      evalCase,
      seed: 7,
      faultMinutesAgo: 30,
      model: null,
      provider: run,
    });
    expect(score).toMatchObject({
      pass: true,
      found: expect.stringMatching(`^${evalCase.expected.service}/`),
    });
    const queried = (report?.queries ?? []).filter((q) => q.outcome === 'data');
    expect(queried.length).toBeGreaterThan(5);
    expect(queried.every((q) => q.source.startsWith(source))).toBe(true);

    const wrong = { ...evalCase, expected: { service: 'redis', causes: ['unavailable' as const] } };
    const failed = await runCase({
      eval: evalStack,
      evalCase: wrong,
      seed: 7,
      faultMinutesAgo: 30,
      model: null,
      provider: run,
    });
    expect(failed.score).toMatchObject({ pass: false, reason: 'wrong service' });
  }, 240_000);

  it('refuses a case of another corpus', async () => {
    await expect(
      run.telemetry(independentCases[0]!, { seed: 7, faultMinutesAgo: 30 }),
    ).rejects.toThrow(/simulator corpus only/);
  });
});
