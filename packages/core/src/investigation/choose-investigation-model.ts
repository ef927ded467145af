import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import { createChatModel } from '../llm-config/create-chat-model.js';
import type { LlmProvider } from '../llm-config/llm-providers.js';
import type { LlmSettings } from '../llm-config/llm-settings.js';
import { resolveChatModelConfig } from '../llm-config/resolve-chat-model-config.js';

/** The model an investigation talks to, and where its configuration came from. */
export interface InvestigationLlm {
  chat: BaseChatModel;
  provider: LlmProvider;
  model: string;
  source: 'workspace' | 'server_default';
}

/** Per-request deadline of an investigation's model calls: a stuck provider must not hold the turn. */
export const INVESTIGATION_MODEL_TIMEOUT_MS = 60_000;

/**
 * Which model investigates for this workspace: its own LLM configuration
 * (bring your own key), else the deployment's Groq model when GROQ_API_KEY
 * is set, else none, and the deterministic analyst answers. Deterministic
 * sampling (temperature 0) and one retry: the engine has its own fallbacks.
 */
export async function chooseInvestigationModel({
  db,
  secrets,
  workspaceId,
  settings,
  serverApiKey,
}: {
  db: Database;
  secrets: SecretBox;
  workspaceId: string;
  settings: LlmSettings;
  /** GROQ_API_KEY, read by the app's configuration and passed in, never stored. */
  serverApiKey: string | undefined;
}): Promise<InvestigationLlm | null> {
  const resolved = await resolveChatModelConfig({
    db,
    secrets,
    settings,
    workspaceId,
    serverDefaultApiKey: serverApiKey,
  });
  if (!resolved) return null;
  const { config, source } = resolved;
  const chat = createChatModel({
    ...config,
    timeoutMs: INVESTIGATION_MODEL_TIMEOUT_MS,
    maxRetries: 1,
    temperature: 0,
  });
  return { chat, provider: config.provider, model: config.model, source };
}
