import { deleteService } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { serviceIdField } from './service-schemas.js';

/** Deletes a service (owners). */
export const deleteServiceProcedure = workspaceProcedure('owner')
  .input(z.object({ serviceId: serviceIdField }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await deleteService({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      serviceId: input.serviceId,
    });
    return { ok: true as const };
  });
