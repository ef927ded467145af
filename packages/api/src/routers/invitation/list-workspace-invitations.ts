import { listWorkspaceInvitations } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { pageInputFields, pageSchema } from '../workspace/page-schemas.js';
import { invitationSchema } from './invitation-schemas.js';

/** The workspace's open invitations, expired ones included, paginated (owners). */
export const listWorkspaceInvitationsProcedure = workspaceProcedure('owner')
  .input(z.object(pageInputFields))
  .output(pageSchema(invitationSchema))
  .query(({ ctx, input }) =>
    listWorkspaceInvitations({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      limit: input.limit,
      cursor: input.cursor,
    }),
  );
