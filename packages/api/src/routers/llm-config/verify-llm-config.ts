import { verifyLlmConfig } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { llmProviderSchema } from './llm-config-schemas.js';

/**
 * Makes one minimal call with the saved LLM through its LangChain client
 * (owners) and records the success. A rejected key or unknown model is
 * PRECONDITION_FAILED ("The key was rejected by OpenAI..."); an unreachable
 * or failing provider is SERVICE_UNAVAILABLE. `details.reason` says which.
 */
export const verifyLlmConfigProcedure = workspaceProcedure('owner')
  .output(
    z.object({
      verified: z.literal(true),
      provider: llmProviderSchema,
      model: z.string(),
      verifiedAt: z.date(),
      latencyMs: z.number().int(),
    }),
  )
  .mutation(({ ctx, input }) =>
    verifyLlmConfig({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.llm,
      workspaceId: input.workspaceId,
    }),
  );
