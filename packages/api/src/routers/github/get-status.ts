import { getGithubStatus } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** Whether GitHub is configured on the server and connected to this workspace (any member). */
export const getStatusProcedure = workspaceProcedure('user')
  .output(
    z.object({
      configured: z.boolean(),
      connected: z.boolean(),
      installation: z
        .object({
          installationId: z.number(),
          accountLogin: z.string(),
          suspended: z.boolean(),
          connectedAt: z.string(),
        })
        .nullable(),
      message: z.string().nullable(),
    }),
  )
  .query(({ ctx, input }) =>
    getGithubStatus({ db: ctx.deps.db, github: ctx.deps.github, workspaceId: input.workspaceId }),
  );
