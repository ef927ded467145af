import { resetLlmConfig } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { fallbackLlmViewSchema } from './llm-config-schemas.js';

/** Deletes the workspace's own LLM and its key (owners); investigations go back to the server default. */
export const resetLlmConfigProcedure = workspaceProcedure('owner')
  .output(fallbackLlmViewSchema)
  .mutation(({ ctx, input }) =>
    resetLlmConfig({ db: ctx.deps.db, workspaceId: input.workspaceId, settings: ctx.deps.llm }),
  );
