import { getLlmConfig } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { llmConfigViewSchema } from './llm-config-schemas.js';

/**
 * Which LLM the workspace's investigations use (any member): its own (provider,
 * model, last 4 of the key, verified or not; never the key), the server
 * default, or none (the deterministic analyst).
 */
export const getLlmConfigProcedure = workspaceProcedure('user')
  .output(llmConfigViewSchema)
  .query(({ ctx, input }) =>
    getLlmConfig({ db: ctx.deps.db, workspaceId: input.workspaceId, settings: ctx.deps.llm }),
  );
