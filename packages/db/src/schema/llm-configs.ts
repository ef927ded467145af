import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, enumCheck, id, timestamptz, updatedAt } from './columns.js';
import { llmProviders } from './enums.js';
import { workspaceId } from './workspaces.js';

/** A workspace's own LLM (bring your own key); at most one per workspace. */
export const llmConfigs = pgTable(
  'llm_configs',
  {
    id: id(),
    workspaceId: workspaceId().unique('llm_configs_workspace_id_unique'),
    provider: text('provider', { enum: llmProviders }).notNull(),
    model: text('model').notNull(),
    apiKeyEnc: text('api_key_enc'),
    /** Shown in the UI so users can recognise the key without decrypting it. */
    apiKeyLast4: text('api_key_last4'),
    endpoint: text('endpoint'),
    /** Azure OpenAI only. */
    deployment: text('deployment'),
    /** Azure OpenAI only. */
    apiVersion: text('api_version'),
    verifiedAt: timestamptz('verified_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [enumCheck('llm_configs_provider_check', t.provider, llmProviders)],
);

export type LlmConfig = typeof llmConfigs.$inferSelect;
export type NewLlmConfig = typeof llmConfigs.$inferInsert;
