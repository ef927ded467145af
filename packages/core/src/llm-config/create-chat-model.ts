import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatGroq } from '@langchain/groq';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import type { Resolver } from '@vibemonitor/integrations';
import type { LlmProvider } from './llm-providers.js';
import { createPinnedFetch, type PinnedFetchPolicy } from './pinned-fetch.js';
import { TimedChatGoogleGenerativeAI } from './timed-chat-gemini.js';

/**
 * Where each provider's API lives. Always passed explicitly: left unset, the
 * SDKs fall back to environment variables (OPENAI_BASE_URL, GROQ_BASE_URL,
 * LANGSMITH_GATEWAY...), and a model's destination must not depend on
 * whatever happens to be in the process environment.
 */
export const defaultLlmBaseUrls: Record<Exclude<LlmProvider, 'azure_openai'>, string> = {
  groq: 'https://api.groq.com',
  openai: 'https://api.openai.com/v1',
  gemini: 'https://generativelanguage.googleapis.com',
};

/** How a model client may reach its provider (see `llmDestinationPolicy`). */
export interface LlmNetwork {
  /**
   * Whether a workspace's own endpoint (Azure) may be a private or loopback
   * address: ALLOW_PRIVATE_INTEGRATION_URLS, via `allowPrivateIntegrationUrls`.
   */
  allowPrivate: boolean;
  /** Name resolution; tests inject one to simulate DNS answers. Default: the system resolver. */
  resolve?: Resolver;
}

export interface ChatModelConfig {
  provider: LlmProvider;
  network: LlmNetwork;
  /** The model name (Azure: informational; the deployment decides the model). */
  model: string;
  apiKey: string;
  /** Azure OpenAI only: the resource endpoint, e.g. https://acme.openai.azure.com. */
  endpoint?: string | null;
  /** Azure OpenAI only. */
  deployment?: string | null;
  /** Azure OpenAI only, e.g. 2024-10-21. */
  apiVersion?: string | null;
  /**
   * Replaces the provider's base URL (Azure: the endpoint), for proxies and
   * tests: Groq and Gemini take the host root (the clients add /openai/v1 and
   * /v1beta), OpenAI the URL including /v1.
   */
  baseUrlOverride?: string | null;
  /** Per-request timeout in milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Retries of retryable failures (default 2); 4xx answers such as a rejected key are never retried. */
  maxRetries?: number;
  temperature?: number;
  maxTokens?: number;
  /** Stream tokens even when called with `invoke` (callbacks then see each token). */
  streaming?: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The base URL a configuration's requests go to (Azure: its endpoint), e.g. for error messages. */
export function effectiveLlmBaseUrl(
  config: Pick<ChatModelConfig, 'provider' | 'endpoint' | 'baseUrlOverride'>,
): string {
  if (config.baseUrlOverride) return trimSlash(config.baseUrlOverride);
  if (config.provider === 'azure_openai') return trimSlash(config.endpoint ?? '');
  return defaultLlmBaseUrls[config.provider];
}

/**
 * The destination rule for a configuration's calls. A workspace's own
 * endpoint (Azure, unless the operator overrides it) is user input and may be
 * private only when the deployment allows it; the providers' public hosts and
 * the operator's *_BASE_URL overrides are chosen by whoever runs the server
 * (a gateway on the LAN, a local stand-in), so private addresses are fine
 * there. Link-local / cloud metadata addresses are refused either way, on
 * every redirect hop too.
 */
export function llmDestinationPolicy(
  config: Pick<ChatModelConfig, 'provider' | 'baseUrlOverride' | 'network'>,
): PinnedFetchPolicy {
  const userChosen = config.provider === 'azure_openai' && !config.baseUrlOverride;
  return {
    allowPrivate: userChosen ? config.network.allowPrivate : true,
    ...(config.network.resolve ? { resolve: config.network.resolve } : {}),
  };
}

/**
 * Builds the LangChain chat model for a provider configuration: ChatGroq,
 * ChatOpenAI, AzureChatOpenAI or ChatGoogleGenerativeAI. Used by
 * `llmConfig.verify` and by the RCA worker, so both talk to the provider the
 * same way. Nothing is sent until the first call, so a bad key or an
 * unreachable endpoint surfaces there (see describeLlmFailure); this throws
 * only for an incomplete Azure configuration, which input validation prevents.
 *
 * OpenAI, Azure OpenAI and Groq send every request through `createPinnedFetch`
 * (resolved, checked and pinned destination; redirects checked per hop).
 * Gemini cannot: @google/generative-ai 0.24 calls the global `fetch` with no
 * way to pass another one. Its destination is never user input (Google's
 * host or the operator's GEMINI_BASE_URL), which is why that is acceptable.
 */
export function createChatModel(config: ChatModelConfig): BaseChatModel {
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = config.maxRetries ?? DEFAULT_MAX_RETRIES;
  const common = {
    model: config.model,
    maxRetries,
    ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
    ...(config.maxTokens !== undefined ? { maxTokens: config.maxTokens } : {}),
    ...(config.streaming !== undefined ? { streaming: config.streaming } : {}),
  };
  const baseUrl = effectiveLlmBaseUrl(config);
  const pinnedFetch = createPinnedFetch(llmDestinationPolicy(config));

  switch (config.provider) {
    case 'groq':
      return new ChatGroq({
        ...common,
        apiKey: config.apiKey,
        baseUrl,
        timeout,
        fetch: pinnedFetch,
      });
    case 'openai':
      return new ChatOpenAI({
        ...common,
        apiKey: config.apiKey,
        timeout,
        configuration: { baseURL: baseUrl, fetch: pinnedFetch },
      });
    case 'azure_openai': {
      if (!baseUrl || !config.deployment || !config.apiVersion) {
        throw new Error('Azure OpenAI needs an endpoint, a deployment and an API version');
      }
      return new AzureChatOpenAI({
        ...common,
        azureOpenAIApiKey: config.apiKey,
        // The base path (not azureOpenAIEndpoint) takes precedence over AZURE_OPENAI_* environment variables.
        azureOpenAIBasePath: `${baseUrl}/openai/deployments`,
        azureOpenAIApiDeploymentName: config.deployment,
        azureOpenAIApiVersion: config.apiVersion,
        timeout,
        configuration: { fetch: pinnedFetch },
      });
    }
    case 'gemini':
      return new TimedChatGoogleGenerativeAI({
        ...common,
        apiKey: config.apiKey,
        baseUrl,
        requestTimeoutMs: timeout,
      });
  }
}
