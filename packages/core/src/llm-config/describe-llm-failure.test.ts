import { describe, expect, it } from 'vitest';
import { describeLlmFailure } from './describe-llm-failure.js';

const base = { model: 'gpt-4o', host: 'api.example.com', timeoutMs: 20_000 } as const;

/** Builds an error shaped like the SDKs' (message, status, body on `error`, socket error in `cause`). */
function sdkError(fields: {
  message: string;
  status?: number;
  error?: unknown;
  cause?: unknown;
  name?: string;
}): Error {
  return Object.assign(new Error(fields.message), fields);
}

describe('describeLlmFailure', () => {
  it('prefers the JSON body’s message and drops the status the SDK repeats', () => {
    const openai = sdkError({
      message: '500 boom',
      status: 500,
      error: { message: 'The server had an error' },
    });
    expect(describeLlmFailure({ provider: 'openai', error: openai, ...base }).message).toBe(
      'OpenAI answered with an error (HTTP 500): The server had an error',
    );
    const groq = sdkError({
      message: '502 {"error":{"message":"Bad gateway"}}',
      status: 502,
      error: { error: { message: 'Bad gateway' } },
    });
    expect(describeLlmFailure({ provider: 'groq', error: groq, ...base }).message).toBe(
      'Groq answered with an error (HTTP 502): Bad gateway',
    );
    const gemini = sdkError({
      message:
        '[GoogleGenerativeAI Error]: Error fetching from https://x/v1beta/models/m:generateContent: [500 Internal Server Error] Internal error',
      status: 500,
    });
    expect(describeLlmFailure({ provider: 'gemini', error: gemini, ...base }).message).toBe(
      'Google Gemini answered with an error (HTTP 500): Internal error',
    );
  });

  it('treats 401 and 403 as a rejected key, and Gemini’s 400 API_KEY_INVALID too, but not other 400s', () => {
    expect(
      describeLlmFailure({
        provider: 'azure_openai',
        error: sdkError({ message: 'x', status: 403 }),
        ...base,
      }),
    ).toEqual({
      reason: 'key_rejected',
      status: 403,
      message:
        'The key was rejected by Azure OpenAI (HTTP 403): check that it is complete and still active.',
    });
    const badKey = sdkError({
      message: '[400 Bad Request] API key not valid. Please pass a valid API key.',
      status: 400,
    });
    expect(describeLlmFailure({ provider: 'gemini', error: badKey, ...base }).reason).toBe(
      'key_rejected',
    );
    const badRequest = sdkError({ message: '400 max_tokens is too large', status: 400 });
    expect(describeLlmFailure({ provider: 'openai', error: badRequest, ...base })).toMatchObject({
      reason: 'provider_error',
      message: 'OpenAI answered with an error (HTTP 400): max_tokens is too large',
    });
  });

  it('explains rate limits', () => {
    const limited = sdkError({
      message: '429 You exceeded your current quota',
      status: 429,
      error: { message: 'You exceeded your current quota' },
    });
    expect(describeLlmFailure({ provider: 'openai', error: limited, ...base })).toEqual({
      reason: 'rate_limited',
      status: 429,
      message:
        'OpenAI is rate limiting this key or its quota is used up (HTTP 429): You exceeded your current quota',
    });
  });

  it('names the network cause hidden in the cause chain', () => {
    const dns = sdkError({
      message: 'Connection error.',
      cause: sdkError({
        message: 'fetch failed',
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }),
      }),
    });
    expect(describeLlmFailure({ provider: 'groq', error: dns, ...base })).toEqual({
      reason: 'unreachable',
      message: 'Could not reach Groq at api.example.com: the host name does not resolve.',
    });
    const tls = sdkError({
      message: 'Connection error.',
      cause: Object.assign(new Error('cert'), { code: 'CERT_HAS_EXPIRED' }),
    });
    expect(describeLlmFailure({ provider: 'openai', error: tls, ...base }).message).toBe(
      'Could not reach OpenAI at api.example.com: its TLS certificate has expired.',
    );
    const connectTimeout = sdkError({
      message: 'Connection error.',
      cause: Object.assign(new Error('t'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
    });
    expect(describeLlmFailure({ provider: 'openai', error: connectTimeout, ...base })).toEqual({
      reason: 'timeout',
      message: 'OpenAI at api.example.com did not answer within 20 seconds.',
    });
  });

  it('recognises timeouts and aborts', () => {
    const timeout = Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' });
    expect(
      describeLlmFailure({ provider: 'azure_openai', error: timeout, ...base, timeoutMs: 1_500 })
        .message,
    ).toBe('Azure OpenAI at api.example.com did not answer within 1.5 seconds.');
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(describeLlmFailure({ provider: 'gemini', error: abort, ...base }).reason).toBe(
      'timeout',
    );
  });

  it('falls back to the error text for anything else', () => {
    expect(
      describeLlmFailure({
        provider: 'openai',
        error: new Error('Unexpected token < in JSON'),
        ...base,
      }),
    ).toEqual({
      reason: 'provider_error',
      message: 'The call to OpenAI failed: Unexpected token < in JSON',
    });
    expect(describeLlmFailure({ provider: 'openai', error: 'weird', ...base }).message).toBe(
      'The call to OpenAI failed: no details',
    );
  });
});
