import { listMembers } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { pageInputFields, pageSchema } from '../workspace/page-schemas.js';
import { memberSchema } from './member-schemas.js';

/** The workspace's members in the order they joined, paginated (any member). */
export const listMembersProcedure = workspaceProcedure('user')
  .input(z.object(pageInputFields))
  .output(pageSchema(memberSchema))
  .query(({ ctx, input }) =>
    listMembers({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      limit: input.limit,
      cursor: input.cursor,
    }),
  );
