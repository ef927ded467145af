import { eq } from 'drizzle-orm';
import { llmConfigs, type Database } from '@vibemonitor/db';
import type { LlmProvider } from './llm-providers.js';
import type { LlmSettings, ServerDefaultLlm } from './llm-settings.js';

/** The workspace's own LLM as the API shows it: never the key, only its last 4 characters. */
export interface WorkspaceLlmView {
  source: 'workspace';
  provider: LlmProvider;
  model: string;
  apiKeyLast4: string | null;
  /** True once a test call with these exact settings succeeded. */
  verified: boolean;
  verifiedAt: Date | null;
  endpoint: string | null;
  deployment: string | null;
  apiVersion: string | null;
  updatedAt: Date;
  /** What investigations fall back to after a reset. */
  serverDefault: ServerDefaultLlm | null;
}

/** No workspace LLM: investigations use the deployment's Groq model, or the deterministic analyst. */
export type FallbackLlmView =
  | { source: 'server_default'; provider: 'groq'; model: string; serverDefault: ServerDefaultLlm }
  | { source: 'none'; serverDefault: null };

export type LlmConfigView = WorkspaceLlmView | FallbackLlmView;

/** Which LLM the workspace's investigations use, as `llmConfig.get` reports it. */
export async function getLlmConfig({
  db,
  workspaceId,
  settings,
}: {
  db: Database;
  workspaceId: string;
  settings: Pick<LlmSettings, 'serverDefault'>;
}): Promise<LlmConfigView> {
  const [row] = await db
    .select({
      provider: llmConfigs.provider,
      model: llmConfigs.model,
      apiKeyLast4: llmConfigs.apiKeyLast4,
      verifiedAt: llmConfigs.verifiedAt,
      endpoint: llmConfigs.endpoint,
      deployment: llmConfigs.deployment,
      apiVersion: llmConfigs.apiVersion,
      updatedAt: llmConfigs.updatedAt,
    })
    .from(llmConfigs)
    .where(eq(llmConfigs.workspaceId, workspaceId));
  if (row)
    return {
      source: 'workspace',
      ...row,
      verified: row.verifiedAt !== null,
      serverDefault: settings.serverDefault,
    };
  return fallbackLlmView(settings);
}

/** What a workspace without its own LLM uses. */
export function fallbackLlmView(settings: Pick<LlmSettings, 'serverDefault'>): FallbackLlmView {
  const serverDefault = settings.serverDefault;
  if (serverDefault) return { source: 'server_default', ...serverDefault, serverDefault };
  return { source: 'none', serverDefault: null };
}
