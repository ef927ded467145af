import { planIdSchema } from '@vibemonitor/contracts';
import { z } from 'zod';

export const priceSchema = z.object({
  amount: z.number().int(),
  currency: z.string(),
  interval: z.string().nullable(),
});

export const planSourceSchema = z.enum(['subscription', 'workspace']);

export const subscriptionViewSchema = z.object({
  billingConfigured: z.boolean(),
  plan: z.object({ id: planIdSchema, name: z.string(), source: planSourceSchema }),
  subscription: z
    .object({
      planId: planIdSchema,
      status: z.string(),
      currentPeriodEnd: z.date().nullable(),
      cancelAtPeriodEnd: z.boolean(),
      additionalServices: z.number().int(),
      graceEndsAt: z.date().nullable(),
    })
    .nullable(),
  notice: z.string().nullable(),
});
