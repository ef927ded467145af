import { putLlmConfig } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { llmConfigInputSchema, workspaceLlmViewSchema } from './llm-config-schemas.js';

/**
 * Saves the workspace's own LLM (owners): provider, model and key (encrypted
 * at rest), plus endpoint, deployment and API version for Azure OpenAI.
 * Leaving the key out keeps the saved one for the same provider and endpoint.
 * The configuration is unverified until llmConfig.verify succeeds.
 */
export const putLlmConfigProcedure = workspaceProcedure('owner')
  .input(llmConfigInputSchema)
  .output(workspaceLlmViewSchema)
  .mutation(({ ctx, input }) => {
    const { workspaceId, ...config } = input;
    return putLlmConfig({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.llm,
      actor: ctx.user,
      workspaceId,
      input: config,
    });
  });
