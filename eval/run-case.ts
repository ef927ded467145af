import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RcaEvent, RcaReport } from '@vibemonitor/contracts';
import type { VibeMonitorClient } from '@vibemonitor/sdk';
import { liftServiceLimit, setPlan, streamTurn } from '../apps/standalone/test/chat-helpers.js';
import { startTestStack, type TestStack } from '../apps/standalone/test/harness.js';
import { signUpThroughApi } from '../apps/standalone/test/sign-up.js';
import { startFakeGithub, type FakeGithub } from '@vibemonitor/integrations/testing';
import type { EvalCase } from './eval-case.js';
import { deliverGithubDeploy } from './github-deploy.js';
import type { CaseTelemetry, ProviderRun } from './providers.js';
import { scoreReport, type EvalScore } from './score.js';

/** A model to configure on each workspace (its own key, through llmConfig.put), or none: the deterministic analyst. */
export interface EvalModel {
  provider: 'groq' | 'openai';
  model: string;
  apiKey: string;
}

export interface EvalStack {
  stack: TestStack;
  client: VibeMonitorClient;
  /** The user who asks (their token installs the GitHub App for cases that deploy through it). */
  user: { email: string; token: string; client: VibeMonitorClient };
  /** A GitHub-API-speaking server the stack's GitHub App points at. */
  github: FakeGithub;
  close(): Promise<void>;
}

/**
 * The system under evaluation: the HTTP server and a worker running the real
 * engine (PGlite or PostgreSQL, in-process queue or Redis, per the
 * environment), and one user who signed up through the API. `env` adds
 * server settings (e.g. GROQ_BASE_URL for a proxy).
 */
export async function startEvalStack(
  options: { env?: Record<string, string> } = {},
): Promise<EvalStack> {
  const github = await startFakeGithub();
  const stack = await startTestStack({
    env: {
      ALLOW_PRIVATE_INTEGRATION_URLS: 'true',
      GITHUB_APP_ID: github.appId,
      GITHUB_APP_PRIVATE_KEY: github.privateKey,
      GITHUB_APP_SLUG: 'vibemonitor-eval',
      GITHUB_WEBHOOK_SECRET: github.webhookSecret,
      GITHUB_API_URL: github.url,
      GITHUB_APP_CLIENT_ID: github.clientId,
      GITHUB_APP_CLIENT_SECRET: github.clientSecret,
      ...options.env,
    },
  }).catch(async (error: unknown) => {
    await github.close();
    throw error;
  });
  const close = async () => {
    await stack.close();
    await github.close();
  };
  try {
    const email = `oncall-${randomBytes(4).toString('hex')}@example.com`;
    const { token } = await signUpThroughApi(stack, {
      email,
      password: `Eval-${randomBytes(12).toString('hex')}`,
      name: 'On-call engineer',
    });
    const client = stack.client(token);
    // The systems have more services than Pro includes (10): the operator lifts the limit.
    await liftServiceLimit(stack, 'pro');
    return { stack, client, user: { email, token, client }, github, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The case's own telemetry, connected as a Prometheus and a Loki integration. */
async function prometheusAndLoki(
  evalCase: EvalCase,
  timing: { seed: number; faultMinutesAgo: number },
): Promise<CaseTelemetry> {
  const telemetry = await evalCase.startTelemetry(timing);
  return {
    setupMs: telemetry.setupMs,
    faultStart: telemetry.faultStart,
    async connect(client, workspaceId) {
      await client.integration.connect.mutate({
        workspaceId,
        name: 'Prometheus',
        provider: 'prometheus',
        url: telemetry.prometheusUrl,
      });
      await client.integration.connect.mutate({
        workspaceId,
        name: 'Loki',
        provider: 'loki',
        url: telemetry.lokiUrl,
      });
    },
    close: () => telemetry.close(),
  };
}

/** The report or the failure of one streamed turn. */
function outcome(
  events: RcaEvent[],
): Extract<RcaEvent, { type: 'complete' }> | { type: 'error'; code: string; message: string } {
  const last = events.at(-1);
  if (last?.type === 'complete') return last;
  if (last?.type === 'error') return last;
  return {
    type: 'error',
    code: 'NO_ANSWER',
    message: `the turn ended with ${last?.type ?? 'no event'}`,
  };
}

/**
 * One case through the real pipeline: the case's telemetry in a real
 * Prometheus and a Loki server (or, with `provider`, in that provider's
 * fake), a fresh team workspace with the case's services, the integrations
 * connected through the API, the question sent with chat.send and streamed
 * to its end, then scored.
 */
export async function runCase(input: {
  eval: EvalStack;
  evalCase: EvalCase;
  seed: number;
  faultMinutesAgo: number;
  model: EvalModel | null;
  /** Deliver the case's GitHub deploy (default); false shows what the engine finds without the app. */
  github?: boolean;
  /** Where the telemetry lives (default: the case's own Prometheus + Loki). */
  provider?: ProviderRun;
}): Promise<{ score: EvalScore; setupMs: number; report: RcaReport | null }> {
  const { client, stack } = input.eval;
  const { evalCase } = input;
  const timing = { seed: input.seed, faultMinutesAgo: input.faultMinutesAgo };
  const telemetry = input.provider
    ? await input.provider.telemetry(evalCase, timing)
    : await prometheusAndLoki(evalCase, timing);
  try {
    const workspace = await client.workspace.create.mutate({
      name: evalCase.workspaceName ?? `Eval: ${evalCase.title}`,
    });
    const workspaceId = workspace.id;
    // The systems have more services than the Free plan's 5 (and Pro's limit is lifted at start).
    await setPlan(stack, workspaceId, 'pro');
    for (const service of evalCase.services) {
      // Label matchers are Loki and Prometheus settings: a team on another provider has none
      // (the engine would apply the Loki ones to any log source), so the services are found by name.
      await client.service.create.mutate({
        workspaceId,
        ...service,
        ...(input.provider ? { labelMatchers: {} } : {}),
      });
    }
    await telemetry.connect(client, workspaceId);
    if (evalCase.github && input.github !== false)
      await deliverGithubDeploy({
        stack,
        fake: input.eval.github,
        user: input.eval.user,
        workspaceId,
        deploy: evalCase.github,
        faultStart: telemetry.faultStart,
      });
    if (input.model) await client.llmConfig.put.mutate({ workspaceId, ...input.model });

    const started = performance.now();
    const { turnId } = await client.chat.send.mutate({ workspaceId, message: evalCase.question });
    const items = await streamTurn(client, { workspaceId, turnId }, { timeoutMs: 300_000 });
    const wallMs = performance.now() - started;
    const result = outcome(items.map((item) => item.data.event));
    if (result.type === 'error') {
      return {
        setupMs: telemetry.setupMs,
        report: null,
        score: {
          scenario: evalCase.scenario,
          analyst: input.model?.model ?? 'deterministic',
          expected: evalCase.expected.service ?? 'nothing abnormal',
          found: `error ${result.code}`,
          pass: false,
          reason: result.message.slice(0, 80),
          serviceOk: false,
          causeOk: false,
          evidenceOk: null,
          facts: 0,
          toolCalls: 0,
          tokens: 0,
          costUsd: null,
          wallSeconds: wallMs / 1000,
        },
      };
    }
    return {
      setupMs: telemetry.setupMs,
      report: result.report,
      score: scoreReport({ evalCase, report: result.report, usage: result.usage, wallMs }),
    };
  } finally {
    await telemetry.close();
  }
}
