import { runIntegrationHealthCheck } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  healthReportSchema,
  integrationIdField,
  integrationSchema,
} from './integration-schemas.js';

/** Checks an integration now and stores its status, last error and time (members). */
export const checkIntegrationHealthProcedure = workspaceProcedure('user')
  .input(z.object({ integrationId: integrationIdField }))
  .output(z.object({ integration: integrationSchema, check: healthReportSchema }))
  .mutation(({ ctx, input, signal }) =>
    runIntegrationHealthCheck({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      workspaceId: input.workspaceId,
      integrationId: input.integrationId,
      ...(signal ? { signal } : {}),
    }),
  );
