import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LlmProvider } from '../llm-providers.js';

/** Keys the fake server accepts unless told otherwise; anything else is rejected like the real provider does. */
export const FAKE_LLM_KEYS: Record<LlmProvider, string> = {
  groq: 'gsk_fake_good_key_0001',
  openai: 'sk-fake-good-key-0002',
  azure_openai: 'azure-fake-good-key-0003',
  gemini: 'gemini-fake-good-key-0004',
};

export interface ScriptedToolCall {
  name: string;
  args: Record<string, unknown>;
  /** Generated when absent (Gemini never sends one; LangChain makes its own). */
  id?: string;
}

/** One scripted assistant turn: text, tool calls or both. */
export interface ScriptedMessage {
  content?: string;
  toolCalls?: ScriptedToolCall[];
  /** Wait this long before answering (timeouts, slow providers). */
  delayMs?: number;
}

/** A scripted failure, answered in the provider's own error JSON shape. */
export interface ScriptedError {
  error: { status: number; message?: string };
  delayMs?: number;
}

export type ScriptedReply = ScriptedMessage | ScriptedError;

/** A request the fake server received, for assertions. */
export interface ReceivedLlmRequest {
  provider: LlmProvider;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  /** The key the client sent, from whichever header that provider uses. */
  apiKey: string | undefined;
  /** The model asked for (Azure: the deployment; Gemini: from the path). */
  model: string | undefined;
  stream: boolean;
  /** Azure only. */
  deployment?: string;
  /** Azure only: the `api-version` query parameter. */
  apiVersion?: string;
  /** Whether the key was accepted (a rejected request got an error reply and consumed no script). */
  authorized: boolean;
}

export interface FakeLlmServerOptions {
  /** Accepted keys per provider (default FAKE_LLM_KEYS). */
  apiKeys?: Partial<Record<LlmProvider, string | string[]>>;
  /** When set, other models (or Azure deployments) get the provider's "model not found" reply. */
  models?: string[];
  /** What to answer when the script is empty (default: the text "OK"). */
  defaultReply?: ScriptedReply;
}

export interface FakeLlmServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /**
   * The base URL to give each LangChain client: ChatGroq `baseUrl` (it adds
   * /openai/v1), ChatOpenAI `configuration.baseURL` (`/v1` included),
   * AzureChatOpenAI `azureOpenAIEndpoint` (it adds /openai/deployments/...),
   * ChatGoogleGenerativeAI `baseUrl` (it adds /v1beta/models/...).
   */
  baseUrlFor(provider: LlmProvider): string;
  /** Appends replies to the script; each chat request takes the next one, whatever the provider. */
  reply(...replies: ScriptedReply[]): void;
  /** Requests received so far, oldest first. */
  readonly requests: ReceivedLlmRequest[];
  /** Replies scripted but not yet used. */
  pending(): number;
  /** Forgets the script and the received requests. */
  reset(): void;
  close(): Promise<void>;
}

const PROVIDER_NAMES: Record<LlmProvider, string> = {
  groq: 'Groq',
  openai: 'OpenAI',
  azure_openai: 'Azure OpenAI',
  gemini: 'Gemini',
};

interface Route {
  provider: LlmProvider;
  stream: boolean | undefined;
  model?: string;
  deployment?: string;
}

/** Maps a request path to the provider API it belongs to; undefined for anything else. */
function route(path: string): Route | undefined {
  if (path === '/openai/v1/chat/completions') return { provider: 'groq', stream: undefined };
  if (path === '/v1/chat/completions') return { provider: 'openai', stream: undefined };
  const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path);
  if (azure?.[1])
    return {
      provider: 'azure_openai',
      stream: undefined,
      deployment: decodeURIComponent(azure[1]),
    };
  const gemini = /^\/v1(?:beta)?\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(
    path,
  );
  if (gemini?.[1]) {
    return {
      provider: 'gemini',
      stream: gemini[2] === 'streamGenerateContent',
      model: decodeURIComponent(gemini[1]),
    };
  }
  return undefined;
}

function keyFrom(
  provider: LlmProvider,
  req: IncomingMessage,
  query: URLSearchParams,
): string | undefined {
  if (provider === 'azure_openai') return header(req, 'api-key');
  if (provider === 'gemini') return header(req, 'x-goog-api-key') ?? query.get('key') ?? undefined;
  const auth = header(req, 'authorization');
  return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The error body each provider really sends, so client error handling is exercised as in production. */
function errorBody(provider: LlmProvider, status: number, message: string, code: string): unknown {
  if (provider === 'gemini') {
    const statusName: Record<number, string> = {
      400: 'INVALID_ARGUMENT',
      401: 'UNAUTHENTICATED',
      403: 'PERMISSION_DENIED',
      404: 'NOT_FOUND',
      429: 'RESOURCE_EXHAUSTED',
      500: 'INTERNAL',
      503: 'UNAVAILABLE',
    };
    return { error: { code: status, message, status: statusName[status] ?? 'UNKNOWN' } };
  }
  if (provider === 'azure_openai') return { error: { code, message } };
  return {
    error: {
      message,
      type: status === 429 ? 'rate_limit_error' : 'invalid_request_error',
      param: null,
      code,
    },
  };
}

/** What the provider answers for a missing or wrong key. */
function badKeyReply(
  provider: LlmProvider,
  key: string | undefined,
): { status: number; body: unknown } {
  switch (provider) {
    case 'openai':
      return {
        status: 401,
        body: errorBody(
          provider,
          401,
          key
            ? `Incorrect API key provided: ${key.slice(0, 3)}****${key.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`
            : "You didn't provide an API key.",
          'invalid_api_key',
        ),
      };
    case 'groq':
      return { status: 401, body: errorBody(provider, 401, 'Invalid API Key', 'invalid_api_key') };
    case 'azure_openai':
      return {
        status: 401,
        body: errorBody(
          provider,
          401,
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
          '401',
        ),
      };
    case 'gemini':
      // Google answers a wrong key with 400 INVALID_ARGUMENT + reason API_KEY_INVALID, not 401.
      return {
        status: 400,
        body: {
          error: {
            code: 400,
            message: 'API key not valid. Please pass a valid API key.',
            status: 'INVALID_ARGUMENT',
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: 'API_KEY_INVALID',
                domain: 'googleapis.com',
                metadata: { service: 'generativelanguage.googleapis.com' },
              },
            ],
          },
        },
      };
  }
}

function modelNotFoundReply(
  provider: LlmProvider,
  model: string,
): { status: number; body: unknown } {
  switch (provider) {
    case 'azure_openai':
      return {
        status: 404,
        body: errorBody(
          provider,
          404,
          'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
          'DeploymentNotFound',
        ),
      };
    case 'gemini':
      return {
        status: 404,
        body: errorBody(
          provider,
          404,
          `models/${model} is not found for API version v1beta, or is not supported for generateContent.`,
          'NOT_FOUND',
        ),
      };
    default:
      return {
        status: 404,
        body: errorBody(
          provider,
          404,
          `The model \`${model}\` does not exist or you do not have access to it.`,
          'model_not_found',
        ),
      };
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function words(text: string): string[] {
  // Splits after spaces so the chunks concatenate back to the exact text.
  return text.match(/\S+\s*|\s+/g) ?? [];
}

const callId = () => `call_${randomBytes(6).toString('hex')}`;

/** OpenAI-compatible (Groq, OpenAI, Azure) non-streaming completion. */
function openAiCompletion(provider: LlmProvider, model: string, reply: ScriptedMessage): unknown {
  const toolCalls = reply.toolCalls?.map((call) => ({
    id: call.id ?? callId(),
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.args) },
  }));
  const usage = { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 };
  return {
    id: `chatcmpl-${randomBytes(6).toString('hex')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.content ?? (toolCalls?.length ? null : ''),
          ...(toolCalls?.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: toolCalls?.length ? 'tool_calls' : 'stop',
      },
    ],
    usage,
    ...(provider === 'groq' ? { x_groq: { id: `req_${randomBytes(6).toString('hex')}` } } : {}),
  };
}

/** The same answer as OpenAI-compatible stream chunks (SSE `data:` lines, then `[DONE]`). */
function openAiChunks(
  provider: LlmProvider,
  model: string,
  reply: ScriptedMessage,
  includeUsage: boolean,
): unknown[] {
  const id = `chatcmpl-${randomBytes(6).toString('hex')}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (
    delta: Record<string, unknown>,
    finishReason: string | null,
    extra: Record<string, unknown> = {},
  ) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  });
  const chunks: unknown[] = [chunk({ role: 'assistant', content: '' }, null)];
  for (const piece of words(reply.content ?? '')) chunks.push(chunk({ content: piece }, null));
  reply.toolCalls?.forEach((call, index) => {
    const args = JSON.stringify(call.args);
    const half = Math.ceil(args.length / 2);
    chunks.push(
      chunk(
        {
          tool_calls: [
            {
              index,
              id: call.id ?? callId(),
              type: 'function',
              function: { name: call.name, arguments: '' },
            },
          ],
        },
        null,
      ),
      chunk({ tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }, null),
      chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, null),
    );
  });
  const usage = { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 };
  const finish = reply.toolCalls?.length ? 'tool_calls' : 'stop';
  // Groq reports usage inside x_groq on the last chunk; OpenAI in an extra chunk with no choices.
  chunks.push(chunk({}, finish, provider === 'groq' ? { x_groq: { id: 'req_fake', usage } } : {}));
  if (includeUsage && provider !== 'groq') {
    chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
  }
  return chunks;
}

function geminiParts(reply: ScriptedMessage): unknown[] {
  const parts: unknown[] = [];
  if (reply.content) parts.push({ text: reply.content });
  for (const call of reply.toolCalls ?? [])
    parts.push({ functionCall: { name: call.name, args: call.args } });
  return parts.length > 0 ? parts : [{ text: '' }];
}

function geminiResponse(
  model: string,
  parts: unknown[],
  finishReason: string | undefined,
): unknown {
  return {
    candidates: [
      { content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) },
    ],
    usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 3, totalTokenCount: 15 },
    modelVersion: model,
  };
}

function geminiChunks(model: string, reply: ScriptedMessage): unknown[] {
  const pieces = words(reply.content ?? '');
  const chunks: unknown[] = pieces.map((piece) =>
    geminiResponse(model, [{ text: piece }], undefined),
  );
  for (const call of reply.toolCalls ?? []) {
    chunks.push(
      geminiResponse(model, [{ functionCall: { name: call.name, args: call.args } }], undefined),
    );
  }
  chunks.push(geminiResponse(model, [{ text: '' }], 'STOP'));
  return chunks;
}

function isError(reply: ScriptedReply): reply is ScriptedError {
  return 'error' in reply;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a local stand-in for the four LLM providers on 127.0.0.1 (a free
 * port): Groq's `/openai/v1/chat/completions`, OpenAI's `/v1/chat/completions`,
 * Azure's `/openai/deployments/<deployment>/chat/completions?api-version=`
 * (key in `api-key`) and Gemini's `/v1beta/models/<model>:generateContent` /
 * `:streamGenerateContent?alt=sse` (key in `x-goog-api-key`). Plain and
 * streamed answers, tool calls, the providers' own error shapes for bad keys
 * and unknown models; tests script the answers and inspect the requests.
 */
export async function startFakeLlmServer(
  options: FakeLlmServerOptions = {},
): Promise<FakeLlmServer> {
  const accepted = (provider: LlmProvider): string[] => {
    const keys = options.apiKeys?.[provider] ?? FAKE_LLM_KEYS[provider];
    return Array.isArray(keys) ? keys : [keys];
  };
  const script: ScriptedReply[] = [];
  const requests: ReceivedLlmRequest[] = [];
  const defaultReply = options.defaultReply ?? { content: 'OK' };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const target = req.method === 'POST' ? route(url.pathname) : undefined;
    if (!target) {
      sendJson(res, 404, {
        error: {
          message: `The fake LLM server has no route for ${req.method} ${url.pathname}`,
          code: 'not_found',
        },
      });
      return;
    }
    const { provider } = target;
    const body = await readBody(req);
    const apiKey = keyFrom(provider, req, url.searchParams);
    const authorized = apiKey !== undefined && accepted(provider).includes(apiKey);
    const stream = target.stream ?? body.stream === true;
    const model =
      target.model ??
      target.deployment ??
      (typeof body.model === 'string' ? body.model : undefined);
    const apiVersion = url.searchParams.get('api-version') ?? undefined;
    requests.push({
      provider,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      apiKey,
      model,
      stream,
      ...(target.deployment ? { deployment: target.deployment } : {}),
      ...(apiVersion ? { apiVersion } : {}),
      authorized,
    });

    if (!authorized) {
      const reply = badKeyReply(provider, apiKey);
      sendJson(res, reply.status, reply.body);
      return;
    }
    if (provider === 'azure_openai' && !apiVersion) {
      sendJson(res, 404, errorBody(provider, 404, 'Resource not found', '404'));
      return;
    }
    if (options.models && (!model || !options.models.includes(model))) {
      const reply = modelNotFoundReply(provider, model ?? '');
      sendJson(res, reply.status, reply.body);
      return;
    }

    const next = script.shift() ?? defaultReply;
    if (next.delayMs) await sleep(next.delayMs);
    if (isError(next)) {
      const message =
        next.error.message ??
        `The fake ${PROVIDER_NAMES[provider]} failed with status ${next.error.status}.`;
      sendJson(
        res,
        next.error.status,
        errorBody(provider, next.error.status, message, String(next.error.status)),
      );
      return;
    }
    const modelName = model ?? 'unknown';
    if (!stream) {
      sendJson(
        res,
        200,
        provider === 'gemini'
          ? geminiResponse(modelName, geminiParts(next), 'STOP')
          : openAiCompletion(provider, modelName, next),
      );
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    if (provider === 'gemini') {
      for (const chunk of geminiChunks(modelName, next))
        res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
    } else {
      const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
      for (const chunk of openAiChunks(
        provider,
        modelName,
        next,
        streamOptions?.include_usage === true,
      )) {
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      }
      res.write('data: [DONE]\n\n');
    }
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: { message: `fake LLM server error: ${String(error)}` } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseUrlFor: (provider) => (provider === 'openai' ? `${url}/v1` : url),
    reply: (...replies) => {
      script.push(...replies);
    },
    requests,
    pending: () => script.length,
    reset: () => {
      script.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
