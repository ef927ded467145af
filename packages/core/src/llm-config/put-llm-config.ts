import { eq } from 'drizzle-orm';
import { last4, type SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { llmConfigs, type Database } from '@vibemonitor/db';
import { normalizeIntegrationUrl } from '@vibemonitor/integrations';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { checkLlmEndpoint } from './check-llm-endpoint.js';
import { llmDestinationPolicy } from './create-chat-model.js';
import type { LlmConfigInput } from './llm-config-input.js';
import { getLlmConfig, type WorkspaceLlmView } from './llm-config-view.js';
import { llmProviderNames } from './llm-providers.js';
import { llmNetwork, type LlmSettings } from './llm-settings.js';

/**
 * Saves the workspace's own LLM (owners), replacing any previous one. The key
 * is encrypted at rest; only its last 4 characters are kept readable. Leaving
 * the key out keeps the saved one, but only for the same provider (and for
 * Azure the same endpoint): a key is never sent somewhere it was not typed
 * for. Any change clears the verified mark until `verifyLlmConfig` passes again.
 */
export async function putLlmConfig({
  db,
  secrets,
  settings,
  actor,
  workspaceId,
  input,
}: {
  db: Database;
  secrets: SecretBox;
  settings: LlmSettings;
  actor: { id: string };
  workspaceId: string;
  input: LlmConfigInput;
}): Promise<WorkspaceLlmView> {
  const endpoint =
    input.provider === 'azure_openai' ? normalizeIntegrationUrl(input.endpoint) : null;
  // Checked before the transaction: name resolution must not hold the workspace lock.
  if (endpoint) {
    await checkLlmEndpoint(
      endpoint,
      llmDestinationPolicy({
        provider: input.provider,
        baseUrlOverride: settings.baseUrls[input.provider],
        network: llmNetwork(settings),
      }),
    );
  }

  await db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    const [saved] = await tx
      .select({
        provider: llmConfigs.provider,
        endpoint: llmConfigs.endpoint,
        apiKeyEnc: llmConfigs.apiKeyEnc,
        apiKeyLast4: llmConfigs.apiKeyLast4,
      })
      .from(llmConfigs)
      .where(eq(llmConfigs.workspaceId, workspaceId));
    let key: { apiKeyEnc: string; apiKeyLast4: string };
    if (input.apiKey !== undefined) {
      key = { apiKeyEnc: secrets.encryptSecret(input.apiKey), apiKeyLast4: last4(input.apiKey) };
    } else if (
      saved?.apiKeyEnc &&
      saved.provider === input.provider &&
      saved.endpoint === endpoint
    ) {
      key = { apiKeyEnc: saved.apiKeyEnc, apiKeyLast4: saved.apiKeyLast4 ?? '' };
    } else {
      throw new AppError(
        'VALIDATION_FAILED',
        saved && saved.provider === input.provider
          ? `Enter the ${llmProviderNames[input.provider]} API key again: the endpoint changed.`
          : `Enter the ${llmProviderNames[input.provider]} API key.`,
      );
    }
    const values = {
      provider: input.provider,
      model: input.model,
      ...key,
      endpoint,
      deployment: input.provider === 'azure_openai' ? input.deployment : null,
      apiVersion: input.provider === 'azure_openai' ? input.apiVersion : null,
      verifiedAt: null,
    };
    await tx
      .insert(llmConfigs)
      .values({ workspaceId, ...values })
      .onConflictDoUpdate({ target: llmConfigs.workspaceId, set: values });
  });
  const view = await getLlmConfig({ db, workspaceId, settings });
  if (view.source !== 'workspace')
    throw new Error('the LLM configuration just saved was not found');
  return view;
}
