import { eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { llmConfigs, type Database } from '@vibemonitor/db';
import type { ChatModelConfig } from './create-chat-model.js';
import { llmNetwork, type LlmSettings } from './llm-settings.js';

export interface ResolvedChatModelConfig {
  /** Whose model this is: the workspace's own, or the deployment's Groq default. */
  source: 'workspace' | 'server_default';
  config: ChatModelConfig;
}

/**
 * The chat model a workspace's investigations should use, ready for
 * `createChatModel`: its own saved LLM (key decrypted, the operator's base
 * URL override applied), else the server default (Groq with
 * `serverDefaultApiKey`), else null: no LLM, use the deterministic analyst.
 * The workspace's own LLM is used even when not verified yet; a failing call
 * is reported by the run like any provider error.
 */
export async function resolveChatModelConfig({
  db,
  secrets,
  settings,
  workspaceId,
  serverDefaultApiKey,
}: {
  db: Database;
  secrets: SecretBox;
  settings: LlmSettings;
  workspaceId: string;
  /** GROQ_API_KEY; it stays out of LlmSettings so the API never holds it. */
  serverDefaultApiKey: string | undefined;
}): Promise<ResolvedChatModelConfig | null> {
  const [saved] = await db
    .select({
      provider: llmConfigs.provider,
      model: llmConfigs.model,
      apiKeyEnc: llmConfigs.apiKeyEnc,
      endpoint: llmConfigs.endpoint,
      deployment: llmConfigs.deployment,
      apiVersion: llmConfigs.apiVersion,
    })
    .from(llmConfigs)
    .where(eq(llmConfigs.workspaceId, workspaceId));
  if (saved?.apiKeyEnc) {
    const { apiKeyEnc, ...rest } = saved;
    return {
      source: 'workspace',
      config: {
        ...rest,
        apiKey: secrets.decryptSecret(apiKeyEnc),
        baseUrlOverride: settings.baseUrls[saved.provider],
        // Carried into the client's fetch: every call re-checks and pins the endpoint's address.
        network: llmNetwork(settings),
      },
    };
  }
  if (settings.serverDefault && serverDefaultApiKey) {
    return {
      source: 'server_default',
      config: {
        provider: 'groq',
        model: settings.serverDefault.model,
        apiKey: serverDefaultApiKey,
        baseUrlOverride: settings.baseUrls.groq,
        network: llmNetwork(settings),
      },
    };
  }
  return null;
}
