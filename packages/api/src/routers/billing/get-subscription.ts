import { getSubscription } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { subscriptionViewSchema } from './billing-schemas.js';

/** The workspace's plan and Stripe subscription (members). */
export const getSubscriptionProcedure = workspaceProcedure('user')
  .output(subscriptionViewSchema)
  .query(({ ctx, input }) =>
    getSubscription({ db: ctx.deps.db, billing: ctx.deps.billing, workspaceId: input.workspaceId }),
  );
