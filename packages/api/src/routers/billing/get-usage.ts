import { getUsage } from '@vibemonitor/core';
import { planIdSchema } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { planSourceSchema } from './billing-schemas.js';

/** Plan, status, period end, services and investigations against their limits, own LLM key (members). */
export const getUsageProcedure = workspaceProcedure('user')
  .output(
    z.object({
      billingConfigured: z.boolean(),
      plan: z.object({ id: planIdSchema, name: z.string(), source: planSourceSchema }),
      status: z.string().nullable(),
      currentPeriodEnd: z.date().nullable(),
      cancelAtPeriodEnd: z.boolean(),
      graceEndsAt: z.date().nullable(),
      services: z.object({
        used: z.number().int(),
        limit: z.number().int().nullable(),
        included: z.number().int().nullable(),
        additional: z.number().int(),
        investigated: z.number().int(),
      }),
      investigations: z.object({
        today: z.number().int(),
        limit: z.number().int(),
        resetsAt: z.date(),
      }),
      ownLlmKey: z.boolean(),
      notice: z.string().nullable(),
    }),
  )
  .query(({ ctx, input }) =>
    getUsage({ db: ctx.deps.db, billing: ctx.deps.billing, workspaceId: input.workspaceId }),
  );
