import { listIntegrations } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { integrationSchema } from './integration-schemas.js';

/** The workspace's integrations with their health; never their secrets (members). */
export const listIntegrationsProcedure = workspaceProcedure('user')
  .output(z.object({ integrations: z.array(integrationSchema) }))
  .query(async ({ ctx, input }) => ({
    integrations: await listIntegrations({ db: ctx.deps.db, workspaceId: input.workspaceId }),
  }));
