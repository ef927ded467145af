import { HumanMessage } from '@langchain/core/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '@vibemonitor/contracts';
import {
  startLocalHttpServer,
  startRecordingListener,
  type LocalHttpServer,
  type RecordingListener,
} from '@vibemonitor/integrations/testing';
import { createChatModel } from './create-chat-model.js';
import { describeLlmFailure } from './describe-llm-failure.js';
import { createPinnedFetch } from './pinned-fetch.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function server(
  handler: Parameters<typeof startLocalHttpServer>[0],
): Promise<LocalHttpServer> {
  const started = await startLocalHttpServer(handler);
  closers.push(() => started.close());
  return started;
}

async function listener(): Promise<RecordingListener> {
  const started = await startRecordingListener();
  closers.push(() => started.close());
  return started;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('createPinnedFetch', () => {
  it('hands the body over as it arrives (SSE answers stream)', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const sse = await server(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"n":1}\n\n');
      // The rest only comes once the client has read the first event.
      await released;
      res.end('data: {"n":2}\n\ndata: [DONE]\n\n');
    });
    const response = await createPinnedFetch({ allowPrivate: true })(`${sse.url}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: {"n":1}\n\n');
    release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toBe('data: {"n":2}\n\ndata: [DONE]\n\n');
    expect(sse.requests[0]).toMatchObject({ method: 'POST', url: '/v1/chat' });
  });

  it('connects to the checked address only, whatever DNS says later', async () => {
    const target = await server((_req, res) => {
      res.end('pinned');
    });
    let lookups = 0;
    const pinnedFetch = createPinnedFetch({
      allowPrivate: true,
      resolve: () => {
        lookups += 1;
        return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      },
    });
    const response = await pinnedFetch(`http://llm.example.test:${target.port}/x`);
    expect(await response.text()).toBe('pinned');
    expect(lookups).toBe(1);
    expect(target.requests[0]?.headers.host).toBe(`llm.example.test:${target.port}`);
  });

  it('refuses a metadata address and a private one (setting off) without connecting', async () => {
    const recorder = await listener();
    const metadata = await rejection(
      createPinnedFetch({
        allowPrivate: true,
        resolve: () => Promise.resolve([{ address: '169.254.169.254', family: 4 }]),
      })(`http://llm.example.test:${recorder.port}/`),
    );
    expect(isAppError(metadata) && metadata.code).toBe('VALIDATION_FAILED');
    expect((metadata as Error).message).toContain(
      'link-local/cloud metadata address (169.254.169.254)',
    );
    const local = await rejection(
      createPinnedFetch({ allowPrivate: false })(`http://127.0.0.1:${recorder.port}/`),
    );
    expect((local as Error).message).toContain('private network address (127.0.0.1)');
    expect(recorder.connections()).toBe(0);
  });

  it('checks every redirect hop and drops credentials when the origin changes', async () => {
    const other = await server((_req, res) => {
      res.end('moved here');
    });
    const hops = await server((req, res) => {
      const to =
        req.url === '/to-metadata'
          ? 'http://169.254.169.254/latest/meta-data/iam/'
          : `http://localhost:${other.port}/landed`;
      res.writeHead(307, { location: to }).end();
    });
    const pinnedFetch = createPinnedFetch({ allowPrivate: true });
    const refused = await rejection(
      pinnedFetch(`${hops.url}/to-metadata`, { method: 'POST', body: '{}' }),
    );
    expect((refused as Error).message).toContain('169.254.169.254');

    const landed = await pinnedFetch(`${hops.url}/elsewhere`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-secret', 'api-key': 'azure-secret', 'x-trace': 't' },
      body: '{}',
    });
    expect(await landed.text()).toBe('moved here');
    expect(landed.url).toBe(`http://localhost:${other.port}/landed`);
    const forwarded = other.requests[0]?.headers ?? {};
    expect(forwarded['x-trace']).toBe('t');
    expect(forwarded.authorization).toBeUndefined();
    expect(forwarded['api-key']).toBeUndefined();
  });
});

describe('LLM clients on the pinned fetch', () => {
  it.each(['openai', 'azure_openai', 'groq'] as const)(
    '%s: an endpoint redirecting to a metadata address is refused with a clear reason',
    async (provider) => {
      const redirector = await server((_req, res) => {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      });
      const model = createChatModel({
        provider,
        model: 'gpt-4o',
        apiKey: 'k',
        network: { allowPrivate: true },
        maxRetries: 0,
        timeoutMs: 5_000,
        ...(provider === 'azure_openai'
          ? { endpoint: redirector.url, deployment: 'd', apiVersion: '2024-10-21' }
          : { baseUrlOverride: redirector.url }),
      });
      const error = await rejection(model.invoke([new HumanMessage('hi')]));
      const failure = describeLlmFailure({
        provider,
        error,
        model: 'gpt-4o',
        host: '127.0.0.1',
        timeoutMs: 5_000,
      });
      expect(failure.reason).toBe('blocked_destination');
      expect(failure.message).toMatch(/was refused: .*169\.254\.169\.254.*never allowed/);
      expect(redirector.requests).toHaveLength(1);
    },
  );

  it('a workspace Azure endpoint on a private address is refused when private URLs are off', async () => {
    const recorder = await listener();
    const model = createChatModel({
      provider: 'azure_openai',
      model: 'gpt-4o',
      apiKey: 'k',
      endpoint: `http://127.0.0.1:${recorder.port}`,
      deployment: 'd',
      apiVersion: '2024-10-21',
      network: { allowPrivate: false },
      maxRetries: 0,
    });
    const error = await rejection(model.invoke('hi'));
    expect(
      describeLlmFailure({ provider: 'azure_openai', error, model: 'm', host: 'h', timeoutMs: 1 })
        .reason,
    ).toBe('blocked_destination');
    expect(recorder.connections()).toBe(0);
  });
});
