import { cancelSubscription } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { subscriptionViewSchema } from './billing-schemas.js';

/** Cancels the subscription at the end of the period, or at once with `immediately` (owners). */
export const cancelSubscriptionProcedure = workspaceProcedure('owner')
  .input(z.object({ immediately: z.boolean().default(false) }))
  .output(subscriptionViewSchema)
  .mutation(({ ctx, input }) =>
    cancelSubscription({
      db: ctx.deps.db,
      billing: ctx.deps.billing,
      workspaceId: input.workspaceId,
      immediately: input.immediately,
    }),
  );
