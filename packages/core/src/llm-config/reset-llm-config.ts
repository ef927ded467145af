import { eq } from 'drizzle-orm';
import { llmConfigs, type Database } from '@vibemonitor/db';
import { fallbackLlmView, type FallbackLlmView } from './llm-config-view.js';
import type { LlmSettings } from './llm-settings.js';

/**
 * Forgets the workspace's own LLM and its encrypted key (the API allows
 * owners only); investigations go back to the server default. Resetting when
 * nothing is saved is not an error: the outcome is the same.
 */
export async function resetLlmConfig({
  db,
  workspaceId,
  settings,
}: {
  db: Database;
  workspaceId: string;
  settings: Pick<LlmSettings, 'serverDefault'>;
}): Promise<FallbackLlmView> {
  await db.delete(llmConfigs).where(eq(llmConfigs.workspaceId, workspaceId));
  return fallbackLlmView(settings);
}
