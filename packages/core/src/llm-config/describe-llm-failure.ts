import { isAppError } from '@vibemonitor/contracts';
import { llmProviderNames, type LlmProvider } from './llm-providers.js';
import { cleanProviderText } from './provider-text.js';

export type LlmFailureReason =
  | 'key_rejected'
  | 'model_not_found'
  | 'rate_limited'
  | 'timeout'
  | 'unreachable'
  | 'blocked_destination'
  | 'provider_error';

export interface LlmFailure {
  reason: LlmFailureReason;
  /** HTTP status the provider answered with, when it answered. */
  status?: number;
  /** One sentence for the person fixing the configuration. */
  message: string;
}

const networkCauses: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (nothing is listening there)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
  ECONNRESET: 'the connection was closed before it answered',
  EHOSTUNREACH: 'there is no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed before it answered',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
};

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  code?: unknown;
  cause?: unknown;
  errorDetails?: unknown;
  error?: unknown;
}

/** Walks an error and its causes (SDKs wrap the socket error a few levels deep). */
function* causeChain(error: unknown): Generator<ErrorLike> {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    yield current as ErrorLike;
    current = (current as ErrorLike).cause;
  }
}

function httpStatus(error: unknown): number | undefined {
  for (const link of causeChain(error)) {
    if (typeof link.status === 'number' && link.status >= 100 && link.status < 600)
      return link.status;
  }
  return undefined;
}

function networkCode(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    if (typeof link.code === 'string' && link.code in networkCauses) return link.code;
  }
  return undefined;
}

function textOf(error: unknown): string {
  return [...causeChain(error)]
    .map((link) => (typeof link.message === 'string' ? link.message : ''))
    .join(' | ');
}

/** Google answers a wrong key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID, not 401. */
function isGeminiKeyError(error: unknown): boolean {
  const text = textOf(error);
  return text.includes('API_KEY_INVALID') || /API key not valid/i.test(text);
}

function isTimeout(error: unknown): boolean {
  return [...causeChain(error)].some(
    (link) =>
      link.name === 'TimeoutError' ||
      link.name === 'AbortError' ||
      link.name === 'APIConnectionTimeoutError' ||
      link.name === 'GoogleGenerativeAIAbortError' ||
      (typeof link.message === 'string' && /timed out|timeout|aborted/i.test(link.message)),
  );
}

function isConnectionFailure(error: unknown): boolean {
  return /connection error|fetch failed|error fetching from/i.test(textOf(error));
}

function seconds(ms: number): string {
  const value = ms < 10_000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000);
  return `${value} ${value === 1 ? 'second' : 'seconds'}`;
}

/** The `error.message` of a provider's JSON error body, which SDKs keep on the thrown error as `error`. */
function bodyMessage(link: ErrorLike): string | undefined {
  const body = link.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  if (typeof body.message === 'string') return body.message;
  return typeof body.error?.message === 'string' ? body.error.message : undefined;
}

/** The provider's own words, shortened: they often name the exact problem (e.g. the unknown model). */
function providerSays(error: unknown): string {
  let text: string | undefined;
  for (const link of causeChain(error)) {
    text = bodyMessage(link);
    if (text) break;
    if (typeof link.message === 'string' && link.message.trim() !== '') {
      // SDK messages repeat the status ("503 ...", "[503 Service Unavailable] ..."): it is shown separately.
      text = link.message.replace(/^.*\[\d{3}[^\]]*\]\s*/, '').replace(/^\d{3}\s+/, '');
      break;
    }
  }
  return cleanProviderText(text ?? 'no details') || 'no details';
}

/**
 * The destination refusal of our pinned fetch, if that is why the call failed
 * (e.g. the endpoint redirected to a metadata address): the SDKs wrap it as a
 * connection error, but it is a configuration problem with its own words.
 */
function refusedDestination(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    if (isAppError(link) && link.code === 'VALIDATION_FAILED') return link.message;
  }
  return undefined;
}

/** Our pinned fetch reports a name that does not resolve as an AppError with cause "dns". */
function isDnsFailure(error: unknown): boolean {
  return [...causeChain(error)].some((link) => isAppError(link) && link.details?.cause === 'dns');
}

/**
 * Explains why a call to an LLM provider failed, in words a person can act
 * on: a rejected key, an unknown model or deployment, rate limiting, a
 * timeout, an unreachable endpoint (naming the network cause), a destination
 * our fetch refused (metadata or private address, also after a redirect) or
 * another provider error. The provider's own text is cut and stripped of
 * anything credential-like (cleanProviderText). Works on the errors of all four LangChain clients (OpenAI
 * and Groq SDK errors carry `status`; the Google SDK puts its status and
 * `API_KEY_INVALID` in the error; network failures hide a socket error in
 * `cause`).
 */
export function describeLlmFailure({
  provider,
  error,
  model,
  deployment,
  host,
  timeoutMs,
}: {
  provider: LlmProvider;
  error: unknown;
  model: string;
  deployment?: string | null;
  /** Where the call went, for unreachable-endpoint messages. */
  host: string;
  timeoutMs: number;
}): LlmFailure {
  const name = llmProviderNames[provider];
  const status = httpStatus(error);
  const withStatus = (reason: LlmFailureReason, message: string): LlmFailure =>
    status === undefined ? { reason, message } : { reason, status, message };

  if (
    status === 401 ||
    status === 403 ||
    (provider === 'gemini' && status === 400 && isGeminiKeyError(error))
  ) {
    return withStatus(
      'key_rejected',
      `The key was rejected by ${name} (HTTP ${status}): check that it is complete and still active.`,
    );
  }
  if (status === 404) {
    return withStatus(
      'model_not_found',
      provider === 'azure_openai'
        ? `Azure OpenAI has no deployment named "${deployment ?? ''}" at this endpoint (HTTP 404): check the deployment name and the API version.`
        : `${name} does not offer the model "${model}" to this key (HTTP 404): check the model name.`,
    );
  }
  if (status === 429) {
    return withStatus(
      'rate_limited',
      `${name} is rate limiting this key or its quota is used up (HTTP 429): ${providerSays(error)}`,
    );
  }
  if (status !== undefined) {
    return withStatus(
      'provider_error',
      `${name} answered with an error (HTTP ${status}): ${providerSays(error)}`,
    );
  }
  const refused = refusedDestination(error);
  if (refused) {
    return {
      reason: 'blocked_destination',
      message: `The call to ${name} was refused: ${refused}`,
    };
  }
  if (isDnsFailure(error)) {
    return {
      reason: 'unreachable',
      message: `Could not reach ${name} at ${host}: ${networkCauses.ENOTFOUND}.`,
    };
  }
  const code = networkCode(error);
  if (code && code !== 'ETIMEDOUT' && code !== 'UND_ERR_CONNECT_TIMEOUT') {
    return {
      reason: 'unreachable',
      message: `Could not reach ${name} at ${host}: ${networkCauses[code]}.`,
    };
  }
  if (code || isTimeout(error)) {
    return {
      reason: 'timeout',
      message: `${name} at ${host} did not answer within ${seconds(timeoutMs)}.`,
    };
  }
  if (isConnectionFailure(error)) {
    // The Google SDK drops the socket error, so the cause cannot always be named.
    return {
      reason: 'unreachable',
      message: `Could not reach ${name} at ${host}: the connection failed (check the address and that it is reachable from this server).`,
    };
  }
  return {
    reason: 'provider_error',
    message: `The call to ${name} failed: ${providerSays(error)}`,
  };
}
