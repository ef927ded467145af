import { listAvailableRepositories } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** Repositories the workspace's GitHub installation can see (any member); empty with githubConnected false until GitHub is connected. */
export const listAvailableRepositoriesProcedure = workspaceProcedure('user')
  .output(
    z.object({
      repositories: z.array(z.object({ fullName: z.string(), defaultBranch: z.string() })),
      githubConnected: z.boolean(),
      message: z.string().nullable(),
    }),
  )
  .query(({ input }) => listAvailableRepositories({ workspaceId: input.workspaceId }));
