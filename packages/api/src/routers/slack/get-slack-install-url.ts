import { AppError } from '@vibemonitor/contracts';
import { createSlackInstallUrl, SLACK_NOT_CONFIGURED } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** Slack's OAuth v2 install URL with a signed, single-use, ten-minute state (owners). */
export const getSlackInstallUrlProcedure = workspaceProcedure('owner')
  .output(z.object({ url: z.url(), expiresAt: z.date() }))
  .mutation(async ({ ctx, input }) => {
    const settings = ctx.deps.slack;
    if (!settings) throw new AppError('PRECONDITION_FAILED', SLACK_NOT_CONFIGURED);
    return createSlackInstallUrl({
      db: ctx.deps.db,
      settings,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      redirectUri: `${ctx.deps.settings.publicUrl}/api/v1/slack/oauth/callback`,
    });
  });
