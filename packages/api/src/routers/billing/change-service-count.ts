import { changeServiceCount, MAX_ADDITIONAL_SERVICES } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { subscriptionViewSchema } from './billing-schemas.js';

/** Sets the number of paid services beyond the plan's included ones, prorated (owners). */
export const changeServiceCountProcedure = workspaceProcedure('owner')
  .input(z.object({ additionalServices: z.number().int().min(0).max(MAX_ADDITIONAL_SERVICES) }))
  .output(subscriptionViewSchema)
  .mutation(({ ctx, input }) =>
    changeServiceCount({
      db: ctx.deps.db,
      billing: ctx.deps.billing,
      workspaceId: input.workspaceId,
      additionalServices: input.additionalServices,
    }),
  );
