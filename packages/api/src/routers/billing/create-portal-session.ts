import { createPortalSession } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** A Stripe customer portal URL (owners): payment method, invoices, plan changes. */
export const createPortalSessionProcedure = workspaceProcedure('owner')
  .output(z.object({ url: z.url() }))
  .mutation(({ ctx, input }) => {
    const back = new URL(ctx.deps.settings.webAppUrl);
    back.searchParams.set('billing', 'portal');
    back.searchParams.set('workspaceId', input.workspaceId);
    return createPortalSession({
      db: ctx.deps.db,
      billing: ctx.deps.billing,
      workspaceId: input.workspaceId,
      returnUrl: back.toString(),
    });
  });
