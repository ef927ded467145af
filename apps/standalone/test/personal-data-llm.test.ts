import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInvestigator, runDeterministicChecks } from '@vibemonitor/agent';
import { inMemoryLogSource, type InMemoryLogStream } from '@vibemonitor/agent/testing';
import type { RcaEvent } from '@vibemonitor/contracts';
import { createChatModel } from '@vibemonitor/core';
import {
  FAKE_LLM_KEYS,
  startFakeLlmServer,
  type FakeLlmServer,
} from '@vibemonitor/core/testing/llm';

/*
 * Personal data never reaches the model provider: a real LangChain client
 * (ChatGroq) talks to a local server speaking Groq's chat-completions
 * protocol, and the test reads every request body it received. The question
 * and the log lines carry an email, IPs, a phone number, a card number and a
 * bearer token; the provider sees placeholders, the report the originals.
 */

const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const personal = {
  email: 'jane.doe@example.com',
  ip: '203.0.113.42',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  token: '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
};

const streams: InMemoryLogStream[] = [
  {
    labels: { service_name: 'checkout' },
    lines: [
      ...Array.from({ length: 12 }, (_, i) => ({
        at: minutesAgo(12 - i),
        line: `ERROR payment declined for ${personal.email} card ${personal.card} from ${personal.ip} attempt=${i}`,
      })),
      {
        at: minutesAgo(1),
        line: `WARN upstream 401 Authorization: Bearer ${personal.token} callback ${personal.phone}`,
      },
    ],
  },
];

let llm: FakeLlmServer;
beforeAll(async () => {
  llm = await startFakeLlmServer();
});
afterAll(async () => {
  await llm?.close();
});
beforeEach(() => llm.reset());

async function investigate(maskPersonalData: boolean | undefined) {
  llm.reply(
    { content: 'SAFE' },
    {
      content: 'Reading the checkout errors.',
      toolCalls: [{ name: 'search_logs', args: { service: 'checkout', contains: 'declined' } }],
    },
    {
      content: JSON.stringify({
        summary: 'Payments for <EMAIL_1> from <IP_1> are declined [E1].',
        rootCause: null,
        ruledOut: [],
        timeline: [],
        nextSteps: ['Contact <EMAIL_1>'],
        notChecked: [],
      }),
    },
  );
  const chat = createChatModel({
    provider: 'groq',
    network: { allowPrivate: true },
    model: 'llama-3.3-70b-versatile',
    apiKey: FAKE_LLM_KEYS.groq,
    baseUrlOverride: llm.baseUrlFor('groq'),
    maxRetries: 0,
  });
  const events: RcaEvent[] = [];
  const investigator = createInvestigator({
    loadContext: async () => ({
      services: [{ name: 'checkout', aliases: [] }],
      environment: null,
      metrics: [],
      logs: [inMemoryLogSource(streams)],
      unavailable: [],
      model: { chat, name: 'llama-3.3-70b-versatile', provider: 'groq' },
      ...(maskPersonalData === undefined ? {} : { maskPersonalData }),
    }),
    runChecks: runDeterministicChecks,
  });
  const result = await investigator.investigate({
    question: `Why are payments of ${personal.email} (calling from ${personal.ip}) failing?`,
    workspaceId: 'ws-1',
    turnId: 'turn-1',
    signal: new AbortController().signal,
    emit: async (event) => {
      events.push(event);
    },
  });
  return { result, events, sent: JSON.stringify(llm.requests.map((r) => r.body)) };
}

describe('personal data before the model provider', () => {
  it('masks it by default: the provider receives placeholders, consistently, and never a value', async () => {
    const { result, events, sent } = await investigate(undefined);
    expect(llm.requests).toHaveLength(3);
    for (const value of Object.values(personal)) expect(sent).not.toContain(value);
    expect(sent).toContain('<EMAIL_1>');
    expect(sent).toContain('<IP_1>');
    expect(sent).toContain('<CARD_1>');
    expect(sent).not.toContain('<EMAIL_2>');
    // The classifier's request is masked too.
    expect(JSON.stringify(llm.requests[0]!.body)).toContain('<EMAIL_1>');
    // Members read the originals: the report and the tool output events are unmasked.
    expect(result.report.summary).toContain(personal.email);
    expect(result.report.summary).toContain(personal.ip);
    expect(result.report.nextSteps).toEqual([`Contact ${personal.email}`]);
    // The evidence members read keeps the log lines as they were.
    expect(JSON.stringify(result.report.evidence)).toContain(personal.email);
    expect(events.some((e) => e.type === 'tool_end')).toBe(true);
  });

  it('sends the text as it is when the workspace turned masking off', async () => {
    const { sent } = await investigate(false);
    expect(sent).toContain(personal.email);
    expect(sent).toContain(personal.ip);
  });
});
