import { listAvailableRepositories } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/**
 * Repositories the workspace's GitHub installation can see, one page at a
 * time (any member); empty with githubConnected false until GitHub is connected.
 */
export const listAvailableRepositoriesProcedure = workspaceProcedure('user')
  .input(
    z.object({
      page: z.number().int().min(1, 'page starts at 1').max(1000).default(1),
      perPage: z.number().int().min(1).max(100, 'perPage is at most 100').default(30),
    }),
  )
  .output(
    z.object({
      repositories: z.array(
        z.object({ fullName: z.string(), defaultBranch: z.string(), private: z.boolean() }),
      ),
      githubConnected: z.boolean(),
      message: z.string().nullable(),
      page: z.number(),
      perPage: z.number(),
      totalCount: z.number(),
      hasMore: z.boolean(),
    }),
  )
  .query(({ ctx, input }) =>
    listAvailableRepositories({
      db: ctx.deps.db,
      github: ctx.deps.github,
      workspaceId: input.workspaceId,
      page: input.page,
      perPage: input.perPage,
    }),
  );
