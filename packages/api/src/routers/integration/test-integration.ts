import { testIntegration } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  healthReportSchema,
  integrationConfigInput,
  toConfigInput,
} from './integration-schemas.js';

/**
 * Checks a configuration without saving it (owners). Unreachable servers and
 * rejected tokens come back as a failing check with the reason; a URL at a
 * refused address (cloud metadata, or private when not allowed) is an error
 * and nothing is sent to it.
 */
export const testIntegrationProcedure = workspaceProcedure('owner')
  .input(integrationConfigInput)
  .output(z.object({ check: healthReportSchema }))
  .mutation(async ({ ctx, input, signal }) => ({
    check: await testIntegration({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      settings: ctx.deps.integrations,
      input: toConfigInput(input),
      ...(signal ? { signal } : {}),
    }),
  }));
