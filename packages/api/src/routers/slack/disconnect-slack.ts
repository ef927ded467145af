import { disconnectSlack } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema } from '../workspace/workspace-schemas.js';

/** Revokes the bot token and removes the Slack connection (owners). */
export const disconnectSlackProcedure = workspaceProcedure('owner')
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await disconnectSlack({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.slack,
      workspaceId: input.workspaceId,
      logger: ctx.logger,
    });
    return { ok: true as const };
  });
