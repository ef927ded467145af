import { connectIntegration } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  connectIntegrationInput,
  healthReportSchema,
  integrationSchema,
  toConfigInput,
} from './integration-schemas.js';

/**
 * Connects Grafana (URL + service-account token), Prometheus or Loki (URL +
 * optional bearer or basic auth) after a successful check (owners). Secrets
 * are encrypted at rest and never returned.
 */
export const connectIntegrationProcedure = workspaceProcedure('owner')
  .input(connectIntegrationInput)
  .output(z.object({ integration: integrationSchema, check: healthReportSchema }))
  .mutation(({ ctx, input, signal }) =>
    connectIntegration({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: { name: input.name, config: toConfigInput(input) },
      ...(signal ? { signal } : {}),
    }),
  );
