import { createGithubInstallUrl } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/**
 * The GitHub page that installs the app for this workspace (owners). The link
 * carries a sealed state bound to the caller and the workspace, valid for 15
 * minutes and once; GitHub sends the browser back to GET /api/v1/github/setup.
 */
export const createInstallUrlProcedure = workspaceProcedure('owner')
  .output(z.object({ url: z.url(), expiresAt: z.string() }))
  .mutation(({ ctx, input }) =>
    createGithubInstallUrl({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      github: ctx.deps.github,
      actor: ctx.user,
      workspaceId: input.workspaceId,
    }),
  );
