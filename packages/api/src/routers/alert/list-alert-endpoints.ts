import { listAlertEndpoints } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { alertEndpointSchema, withUrl } from './alert-schemas.js';

/** The workspace's alert endpoints (owners; secrets never returned). */
export const listAlertEndpointsProcedure = workspaceProcedure('owner')
  .output(z.object({ endpoints: z.array(alertEndpointSchema) }))
  .query(async ({ ctx, input }) => {
    const endpoints = await listAlertEndpoints({ db: ctx.deps.db, workspaceId: input.workspaceId });
    return { endpoints: endpoints.map((e) => withUrl(ctx.deps.settings.publicUrl, e)) };
  });
