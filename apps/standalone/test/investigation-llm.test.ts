import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulatedTelemetry, type SimulatedTelemetry } from '@vibemonitor/agent/testing';
import type { RcaEvent } from '@vibemonitor/contracts';
import {
  FAKE_LLM_KEYS,
  startFakeLlmServer,
  type FakeLlmServer,
} from '@vibemonitor/core/testing/llm';
import { streamTurn } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, type TestUser } from './users.js';

/*
 * The engine with a real LangChain client (ChatGroq for the server default,
 * ChatOpenAI for a workspace's own key) talking the streaming chat-completions
 * protocol, tool calls included, to a local stand-in for the providers. The
 * telemetry is a simulated CPU saturation in a real Prometheus and a Loki
 * server; the model's moves are scripted: screen the question, call one tool,
 * answer with citations (one of them invented).
 */

let telemetry: SimulatedTelemetry;
let llm: FakeLlmServer;
let stack: TestStack;

beforeAll(async () => {
  const faultStart = Math.floor(Date.now() / 30_000) * 30 - 30 * 60;
  telemetry = await startSimulatedTelemetry('cpu-saturation', { faultStart });
  llm = await startFakeLlmServer();
  stack = await startTestStack({
    env: {
      ALLOW_PRIVATE_INTEGRATION_URLS: 'true',
      GROQ_API_KEY: FAKE_LLM_KEYS.groq,
      GROQ_LLM_MODEL: 'llama-3.3-70b-versatile',
      GROQ_BASE_URL: llm.baseUrlFor('groq'),
      OPENAI_BASE_URL: llm.baseUrlFor('openai'),
    },
  });
}, 90_000);
afterAll(async () => {
  await stack?.close();
  await llm?.close();
  await telemetry?.close();
});
beforeEach(() => llm.reset());

async function workspaceWithTelemetry(name: string): Promise<TestUser> {
  const user = await createSignedInUser(stack, { name });
  const workspaceId = user.personalWorkspaceId;
  await user.client.integration.connect.mutate({
    workspaceId,
    name: 'Prometheus',
    provider: 'prometheus',
    url: telemetry.prometheusUrl,
  });
  await user.client.integration.connect.mutate({
    workspaceId,
    name: 'Loki',
    provider: 'loki',
    url: telemetry.lokiUrl,
  });
  return user;
}

const finalAnswer = JSON.stringify({
  summary: 'payments is pinned at its CPU limit and throttled, which slows checkout [E1].',
  rootCause: {
    service: 'payments',
    cause: 'CPU saturation and throttling in payments [E1][E999]',
    confidence: 'high',
    evidenceIds: ['E1', 'E999'],
  },
  ruledOut: ['memory and restarts are normal'],
  timeline: [],
  nextSteps: ['Profile payments CPU'],
  notChecked: [],
});

function scriptOneToolRound(): void {
  llm.reply(
    { content: 'SAFE' },
    {
      content: 'Checking the CPU of payments first.',
      toolCalls: [{ name: 'cpu_usage', args: { service: 'payments' } }],
    },
    { content: finalAnswer },
  );
}

async function investigate(user: TestUser): Promise<RcaEvent[]> {
  const workspaceId = user.personalWorkspaceId;
  const { turnId } = await user.client.chat.send.mutate({
    workspaceId,
    message: 'Why is checkout slow?',
  });
  const items = await streamTurn(user.client, { workspaceId, turnId }, { timeoutMs: 60_000 });
  return items.map((item) => item.data.event);
}

function expectAgentRun(events: RcaEvent[], model: string): void {
  const types = events.map((e) => e.type);
  expect(types.slice(0, 7)).toEqual([
    'attempt_started',
    'thinking',
    'finding',
    'finding',
    'finding',
    'finding',
    'finding',
  ]);
  expect(types.slice(7)).toEqual(['thinking', 'thinking', 'tool_start', 'tool_end', 'complete']);
  expect(events[8]).toEqual({ type: 'thinking', text: 'Checking the CPU of payments first.' });
  expect(events[9]).toMatchObject({
    type: 'tool_start',
    tool: 'cpu_usage',
    input: { service: 'payments' },
  });
  expect(events[10]).toMatchObject({
    type: 'tool_end',
    tool: 'cpu_usage',
    status: 'ok',
    summary: expect.stringMatching(/payments CPU: cpu \(cores\): baseline median .* ABNORMAL/),
  });
  const complete = events.at(-1);
  if (complete?.type !== 'complete') throw new Error('expected a complete event');
  expect(complete.report).toMatchObject({
    analyst: 'llm',
    model,
    rootCause: { service: 'payments', confidence: 'high', evidenceIds: ['E1'] },
  });
  expect(complete.report.rootCause?.cause).toBe(
    'CPU saturation and throttling in payments [E1][unverified]',
  );
  expect(complete.report.notChecked.join('\n')).toContain(
    'The model cited evidence that does not exist (E999)',
  );
  expect(complete.report.evidence.at(-1)).toMatchObject({
    source: 'cpu_usage',
    query: expect.stringContaining('container_cpu_usage_seconds_total'),
  });
  // Three calls of 12 prompt + 3 completion tokens, as the fake provider reports them.
  expect(complete.usage).toMatchObject({ inputTokens: 36, outputTokens: 9, toolCalls: 1 });
}

describe('investigations with a real LangChain client against a streaming chat-completions server', () => {
  it('uses the server default (ChatGroq): screens, streams a tool call, runs it and cites evidence', async () => {
    const user = await workspaceWithTelemetry('Groq user');
    scriptOneToolRound();
    const events = await investigate(user);
    expectAgentRun(events, 'llama-3.3-70b-versatile');
    const complete = events.at(-1);
    if (complete?.type === 'complete')
      expect(complete.usage.costUsd).toBeCloseTo((36 * 0.59 + 9 * 0.79) / 1e6, 8);

    expect(llm.requests.map((r) => [r.provider, r.path, r.stream, r.model, r.apiKey])).toEqual([
      ['groq', '/openai/v1/chat/completions', false, 'llama-3.3-70b-versatile', FAKE_LLM_KEYS.groq],
      ['groq', '/openai/v1/chat/completions', true, 'llama-3.3-70b-versatile', FAKE_LLM_KEYS.groq],
      ['groq', '/openai/v1/chat/completions', true, 'llama-3.3-70b-versatile', FAKE_LLM_KEYS.groq],
    ]);
    const [classify, firstStep, secondStep] = llm.requests;
    expect(classify!.body).not.toHaveProperty('tools');
    const tools = (firstStep!.body.tools as Array<{ function: { name: string } }>).map(
      (t) => t.function.name,
    );
    expect(tools).toEqual(
      expect.arrayContaining([
        'error_logs',
        'search_logs',
        'query_logs',
        'cpu_usage',
        'memory_usage',
        'latency',
        'error_rate',
        'query_metrics',
        'find_series',
        'list_labels',
      ]),
    );
    const messages = secondStep!.body.messages as Array<{
      role: string;
      content: string;
      tool_call_id?: string;
    }>;
    const toolMessage = messages.find((m) => m.role === 'tool');
    expect(toolMessage?.content).toMatch(
      /^Evidence E\d+ \(cpu_usage, untrusted data\):\ncpu \(cores\): baseline median/,
    );
    // The checks' findings seeded the agent, with their evidence ids.
    expect(messages[1]?.content).toMatch(/resource_saturation: INTERESTING: .*payments/);
    // No credential of the integrations reaches the model.
    expect(JSON.stringify(llm.requests.map((r) => r.body))).not.toContain(telemetry.prometheusUrl);
  });

  it("uses the workspace's own OpenAI key (ChatOpenAI) ahead of the server default", async () => {
    const user = await workspaceWithTelemetry('OpenAI user');
    await user.client.llmConfig.put.mutate({
      workspaceId: user.personalWorkspaceId,
      provider: 'openai',
      model: 'gpt-4o-mini',
      apiKey: FAKE_LLM_KEYS.openai,
    });
    scriptOneToolRound();
    const events = await investigate(user);
    expectAgentRun(events, 'gpt-4o-mini');
    expect(llm.requests.map((r) => [r.provider, r.path, r.stream, r.model, r.apiKey])).toEqual([
      ['openai', '/v1/chat/completions', false, 'gpt-4o-mini', FAKE_LLM_KEYS.openai],
      ['openai', '/v1/chat/completions', true, 'gpt-4o-mini', FAKE_LLM_KEYS.openai],
      ['openai', '/v1/chat/completions', true, 'gpt-4o-mini', FAKE_LLM_KEYS.openai],
    ]);
    expect(llm.requests[1]!.body.stream_options).toEqual({ include_usage: true });
  });
});
