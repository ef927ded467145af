import { MAX_ADDITIONAL_SERVICES, startCheckout } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** A Stripe Checkout URL for Pro, optionally with additional services (owners). */
export const startCheckoutProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      additionalServices: z.number().int().min(0).max(MAX_ADDITIONAL_SERVICES).default(0),
    }),
  )
  .output(z.object({ url: z.url(), sessionId: z.string() }))
  .mutation(({ ctx, input }) =>
    startCheckout({
      db: ctx.deps.db,
      billing: ctx.deps.billing,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      additionalServices: input.additionalServices,
      returnUrl: ctx.deps.settings.webAppUrl,
    }),
  );
