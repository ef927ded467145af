import { memberRoleSchema } from '@vibemonitor/contracts';
import { updateMemberRole } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { memberSchema, memberUserIdField } from './member-schemas.js';

/** Makes a member an owner or a plain user (owners; the last owner cannot be demoted). */
export const updateMemberRoleProcedure = workspaceProcedure('owner')
  .input(z.object({ userId: memberUserIdField, role: memberRoleSchema }))
  .output(memberSchema)
  .mutation(({ ctx, input }) =>
    updateMemberRole({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: { userId: input.userId, role: input.role },
      ip: ctx.ip,
    }),
  );
