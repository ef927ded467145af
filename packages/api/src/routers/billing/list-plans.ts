import { listPlans } from '@vibemonitor/core';
import { planIdSchema } from '@vibemonitor/contracts';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';
import { priceSchema } from './billing-schemas.js';

/** Free and Pro with their limits and, when billing is configured, Stripe's prices (public). */
export const listPlansProcedure = publicProcedure
  .output(
    z.object({
      billingConfigured: z.boolean(),
      plans: z.array(
        z.object({
          id: planIdSchema,
          name: z.string(),
          includedServices: z.number().int().nullable(),
          dailyInvestigations: z.number().int(),
          price: priceSchema.nullable(),
          additionalServicePrice: priceSchema.nullable(),
        }),
      ),
    }),
  )
  .query(({ ctx }) => listPlans({ db: ctx.deps.db, billing: ctx.deps.billing }));
