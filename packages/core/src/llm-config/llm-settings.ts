import type { Resolver } from '@vibemonitor/integrations';
import type { AppConfig } from '../config/app-config.js';
import { allowPrivateIntegrationUrls } from '../integrations/integration-settings.js';
import type { LlmNetwork } from './create-chat-model.js';
import type { LlmProvider } from './llm-providers.js';

/** The deployment's own LLM, used by workspaces that configured none. Never carries the key to callers. */
export interface ServerDefaultLlm {
  provider: 'groq';
  model: string;
}

/** Deployment-wide LLM settings the API and the worker share, derived from configuration at boot. */
export interface LlmSettings {
  /** Groq when GROQ_API_KEY is set; null means investigations use the deterministic analyst. */
  serverDefault: ServerDefaultLlm | null;
  /** Base URL replacements per provider (proxies, gateways, tests); absent means the provider's own. */
  baseUrls: Partial<Record<LlmProvider, string>>;
  /** Whether user-supplied endpoints (Azure) may be private or loopback addresses. */
  allowPrivateEndpoints: boolean;
  /** Deadline for `llmConfig.verify`'s test call. */
  verifyTimeoutMs: number;
  /** Name resolution for LLM endpoints; tests inject one to simulate DNS. Default: the system resolver. */
  resolve?: Resolver;
}

/** The network rule model clients built under these settings follow. */
export function llmNetwork(settings: LlmSettings): LlmNetwork {
  return {
    allowPrivate: settings.allowPrivateEndpoints,
    ...(settings.resolve ? { resolve: settings.resolve } : {}),
  };
}

export const DEFAULT_VERIFY_TIMEOUT_MS = 20_000;

/** Reads the LLM settings out of the validated configuration. */
export function llmSettingsFromConfig(config: Pick<AppConfig, 'core' | 'mode'>): LlmSettings {
  const core = config.core;
  const baseUrls: Partial<Record<LlmProvider, string>> = {};
  if (core.GROQ_BASE_URL) baseUrls.groq = core.GROQ_BASE_URL;
  if (core.OPENAI_BASE_URL) baseUrls.openai = core.OPENAI_BASE_URL;
  if (core.GEMINI_BASE_URL) baseUrls.gemini = core.GEMINI_BASE_URL;
  return {
    serverDefault: core.GROQ_API_KEY ? { provider: 'groq', model: core.GROQ_LLM_MODEL } : null,
    baseUrls,
    // Same rule as integration URLs, from the one place it lives.
    allowPrivateEndpoints: allowPrivateIntegrationUrls(config),
    verifyTimeoutMs: DEFAULT_VERIFY_TIMEOUT_MS,
  };
}
