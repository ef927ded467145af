import { createServer } from 'node:net';
import { AIMessageChunk, HumanMessage, type AIMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createChatModel, effectiveLlmBaseUrl, type ChatModelConfig } from './create-chat-model.js';
import { describeLlmFailure } from './describe-llm-failure.js';
import type { LlmProvider } from './llm-providers.js';
import {
  FAKE_LLM_KEYS,
  startFakeLlmServer,
  type FakeLlmServer,
} from './testing/fake-llm-server.js';

let fake: FakeLlmServer;

beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => fake.reset());

const providers: LlmProvider[] = ['groq', 'openai', 'azure_openai', 'gemini'];

function configFor(
  provider: LlmProvider,
  overrides: Partial<ChatModelConfig> = {},
): ChatModelConfig {
  const model = {
    groq: 'llama-3.3-70b-versatile',
    openai: 'gpt-4o-mini',
    azure_openai: 'gpt-4o',
    gemini: 'gemini-2.0-flash',
  }[provider];
  return {
    provider,
    model,
    apiKey: FAKE_LLM_KEYS[provider],
    network: { allowPrivate: true },
    maxRetries: 0,
    timeoutMs: 5_000,
    ...(provider === 'azure_openai'
      ? {
          endpoint: fake.baseUrlFor('azure_openai'),
          deployment: 'incident-gpt',
          apiVersion: '2024-10-21',
        }
      : { baseUrlOverride: fake.baseUrlFor(provider) }),
    ...overrides,
  };
}

const lookupLogs = {
  name: 'lookup_logs',
  description: 'Searches the logs of a service',
  schema: z.object({ service: z.string(), minutes: z.number() }),
};

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe.each(providers)('createChatModel(%s) against the fake provider', (provider) => {
  it('answers a plain call on the provider’s own path with its own key header', async () => {
    fake.reply({ content: 'Checkout is failing because the database is down.' });
    const answer = await createChatModel(configFor(provider)).invoke([
      new HumanMessage('What is wrong?'),
    ]);
    expect(answer.content).toBe('Checkout is failing because the database is down.');
    const [request] = fake.requests;
    expect(request).toMatchObject({
      provider,
      authorized: true,
      stream: false,
      apiKey: FAKE_LLM_KEYS[provider],
    });
    const expectedPath = {
      groq: '/openai/v1/chat/completions',
      openai: '/v1/chat/completions',
      azure_openai: '/openai/deployments/incident-gpt/chat/completions',
      gemini: '/v1beta/models/gemini-2.0-flash:generateContent',
    }[provider];
    expect(request?.path).toBe(expectedPath);
    if (provider === 'azure_openai') expect(request?.apiVersion).toBe('2024-10-21');
    if (provider === 'gemini') {
      expect(request?.body.contents).toEqual([
        { role: 'user', parts: [{ text: 'What is wrong?' }] },
      ]);
    } else {
      expect(request?.body.messages).toEqual([{ role: 'user', content: 'What is wrong?' }]);
    }
  });

  it('streams text token by token', async () => {
    fake.reply({ content: 'The error rate rose at 14:02 after the deploy.' });
    const model = createChatModel(configFor(provider));
    const pieces: string[] = [];
    let whole: AIMessageChunk | undefined;
    for await (const chunk of await model.stream([new HumanMessage('Summarise')])) {
      if (typeof chunk.content === 'string' && chunk.content) pieces.push(chunk.content);
      whole = whole ? whole.concat(chunk) : chunk;
    }
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe('The error rate rose at 14:02 after the deploy.');
    expect(whole?.content).toBe('The error rate rose at 14:02 after the deploy.');
    expect(fake.requests[0]?.stream).toBe(true);
    if (provider === 'gemini')
      expect(fake.requests[0]?.path).toBe('/v1beta/models/gemini-2.0-flash:streamGenerateContent');
  });

  it('returns scripted tool calls, plain and streamed, and sends the tool definitions', async () => {
    const model = createChatModel(configFor(provider));
    if (!model.bindTools) throw new Error(`${provider} model cannot bind tools`);
    const withTools = model.bindTools([lookupLogs]);
    fake.reply(
      { toolCalls: [{ name: 'lookup_logs', args: { service: 'checkout', minutes: 30 } }] },
      { toolCalls: [{ name: 'lookup_logs', args: { service: 'payments', minutes: 5 } }] },
    );
    const plain = (await withTools.invoke([new HumanMessage('Look at checkout')])) as AIMessage;
    expect(plain.tool_calls?.map(({ name, args }) => ({ name, args }))).toEqual([
      { name: 'lookup_logs', args: { service: 'checkout', minutes: 30 } },
    ]);
    let streamed: AIMessageChunk | undefined;
    for await (const chunk of await withTools.stream([new HumanMessage('Look at payments')])) {
      streamed = streamed ? streamed.concat(chunk) : chunk;
    }
    expect(streamed?.tool_calls?.map(({ name, args }) => ({ name, args }))).toEqual([
      { name: 'lookup_logs', args: { service: 'payments', minutes: 5 } },
    ]);
    const sentTools = JSON.stringify(fake.requests[0]?.body.tools);
    expect(sentTools).toContain('lookup_logs');
    expect(sentTools).toContain('Searches the logs of a service');
  });

  it('reports a bad key as rejected by the provider, without retrying', async () => {
    const error = await failureOf(
      createChatModel(configFor(provider, { apiKey: 'definitely-not-the-key' })).invoke([
        new HumanMessage('hi'),
      ]),
    );
    const failure = describeLlmFailure({
      provider,
      error,
      model: 'm',
      host: 'x',
      timeoutMs: 5_000,
    });
    expect(failure.reason).toBe('key_rejected');
    expect(failure.message).toMatch(
      /^The key was rejected by (Groq|OpenAI|Azure OpenAI|Google Gemini) \(HTTP 40[01]\)/,
    );
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.authorized).toBe(false);
    expect(fake.pending()).toBe(0);
  });

  it('passes provider errors through with their status', async () => {
    fake.reply({ error: { status: 500, message: 'upstream exploded' } });
    const error = await failureOf(
      createChatModel(configFor(provider)).invoke([new HumanMessage('hi')]),
    );
    const failure = describeLlmFailure({
      provider,
      error,
      model: 'm',
      host: 'x',
      timeoutMs: 5_000,
    });
    expect(failure).toMatchObject({ reason: 'provider_error', status: 500 });
    expect(failure.message).toContain('upstream exploded');
  });
});

describe('createChatModel failures', () => {
  it('names an unknown model or Azure deployment', async () => {
    const strict = await startFakeLlmServer({ models: ['gpt-4o-mini'] });
    try {
      const error = await failureOf(
        createChatModel({
          ...configFor('openai'),
          model: 'gpt-9',
          baseUrlOverride: strict.baseUrlFor('openai'),
        }).invoke('hi'),
      );
      expect(
        describeLlmFailure({ provider: 'openai', error, model: 'gpt-9', host: 'x', timeoutMs: 1 }),
      ).toMatchObject({
        reason: 'model_not_found',
        status: 404,
        message: expect.stringContaining('"gpt-9"'),
      });
      const azureError = await failureOf(
        createChatModel({
          ...configFor('azure_openai'),
          endpoint: strict.url,
          deployment: 'missing',
        }).invoke('hi'),
      );
      const azure = describeLlmFailure({
        provider: 'azure_openai',
        error: azureError,
        model: 'gpt-4o',
        deployment: 'missing',
        host: 'x',
        timeoutMs: 1,
      });
      expect(azure.reason).toBe('model_not_found');
      expect(azure.message).toContain('no deployment named "missing"');
    } finally {
      await strict.close();
    }
  });

  it('says when nothing listens at the endpoint', async () => {
    const port = await closedPort();
    for (const provider of providers) {
      const config =
        provider === 'azure_openai'
          ? configFor(provider, { endpoint: `http://127.0.0.1:${port}` })
          : configFor(provider, {
              baseUrlOverride: `http://127.0.0.1:${port}${provider === 'openai' ? '/v1' : ''}`,
            });
      const error = await failureOf(createChatModel(config).invoke('hi'));
      const failure = describeLlmFailure({
        provider,
        error,
        model: config.model,
        host: new URL(effectiveLlmBaseUrl(config)).host,
        timeoutMs: 5_000,
      });
      expect(failure.reason, provider).toBe('unreachable');
      expect(failure.message, provider).toContain(`127.0.0.1:${port}`);
    }
  });

  it.each(providers)(
    'gives up after the client timeout when %s does not answer',
    async (provider) => {
      fake.reply({ content: 'too late', delayMs: 2_000 });
      const started = Date.now();
      const error = await failureOf(
        createChatModel(configFor(provider, { timeoutMs: 300 })).invoke('hi'),
      );
      expect(Date.now() - started).toBeLessThan(1_900);
      const failure = describeLlmFailure({
        provider,
        error,
        model: 'm',
        host: '127.0.0.1',
        timeoutMs: 300,
      });
      expect(failure).toEqual({
        reason: 'timeout',
        message: expect.stringContaining('did not answer within 0.3 seconds'),
      });
    },
  );

  it('honours the caller’s abort signal', async () => {
    fake.reply({ content: 'too late', delayMs: 2_000 });
    const started = Date.now();
    const error = await failureOf(
      createChatModel(configFor('gemini', { streaming: true })).invoke('hi', {
        signal: AbortSignal.timeout(300),
      }),
    );
    expect(Date.now() - started).toBeLessThan(1_900);
    expect(
      describeLlmFailure({ provider: 'gemini', error, model: 'm', host: 'h', timeoutMs: 300 })
        .reason,
    ).toBe('timeout');
  });

  it('ignores provider environment variables: the destination comes from the config only', () => {
    expect(effectiveLlmBaseUrl({ provider: 'openai' })).toBe('https://api.openai.com/v1');
    expect(effectiveLlmBaseUrl({ provider: 'groq', baseUrlOverride: 'http://proxy.local/' })).toBe(
      'http://proxy.local',
    );
    expect(
      effectiveLlmBaseUrl({ provider: 'azure_openai', endpoint: 'https://acme.openai.azure.com/' }),
    ).toBe('https://acme.openai.azure.com');
  });
});

/** A loopback port with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
