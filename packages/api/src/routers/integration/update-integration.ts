import { updateIntegration } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  healthReportSchema,
  integrationSchema,
  updateIntegrationInput,
} from './integration-schemas.js';

/**
 * Renames an integration or changes its URL or credentials (owners); new
 * URLs and credentials are checked before anything is saved. `check` is null
 * for a rename, which calls nothing.
 */
export const updateIntegrationProcedure = workspaceProcedure('owner')
  .input(updateIntegrationInput)
  .output(z.object({ integration: integrationSchema, check: healthReportSchema.nullable() }))
  .mutation(({ ctx, input, signal }) => {
    const { workspaceId, ...changes } = input;
    return updateIntegration({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      actor: ctx.user,
      workspaceId,
      input: changes,
      ...(signal ? { signal } : {}),
    });
  });
