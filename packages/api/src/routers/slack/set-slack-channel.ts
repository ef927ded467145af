import { setSlackChannel } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema } from '../workspace/workspace-schemas.js';
import { slackChannelIdField } from './slack-schemas.js';

/** Maps a channel to an environment and turns notifications / alert watching on or off there (owners). */
export const setSlackChannelProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      channelId: slackChannelIdField,
      environmentId: z.uuid({ message: 'environmentId must be a UUID' }).nullable().default(null),
      notifications: z.boolean().default(false),
      alerts: z.boolean().default(false),
    }),
  )
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await setSlackChannel({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      input: {
        channelId: input.channelId,
        environmentId: input.environmentId,
        notifications: input.notifications,
        alerts: input.alerts,
      },
    });
    return { ok: true as const };
  });
