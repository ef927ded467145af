import { planIdSchema } from '@vibemonitor/contracts';
import { countServices } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** How many services the workspace has, against its plan's limit (null = unlimited) (any member). */
export const countServicesProcedure = workspaceProcedure('user')
  .output(
    z.object({ count: z.number().int(), limit: z.number().int().nullable(), plan: planIdSchema }),
  )
  .query(({ ctx, input }) => countServices({ db: ctx.deps.db, workspaceId: input.workspaceId }));
