import { getSlackStatus } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** Whether Slack is configured on the server and connected to the workspace, with channel settings. */
export const getSlackStatusProcedure = workspaceProcedure('user')
  .output(
    z.object({
      configured: z.boolean(),
      connected: z.boolean(),
      teamId: z.string().nullable(),
      teamName: z.string().nullable(),
      connectedAt: z.date().nullable(),
      channels: z.array(
        z.object({
          channelId: z.string(),
          environmentId: z.string().nullable(),
          notifications: z.boolean(),
          alerts: z.boolean(),
        }),
      ),
    }),
  )
  .query(({ ctx, input }) =>
    getSlackStatus({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      configured: Boolean(ctx.deps.slack),
    }),
  );
