import { memberRoleSchema } from '@vibemonitor/contracts';
import { createInvitation } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { emailField } from '../auth/fields.js';
import { invitationSchema } from './invitation-schemas.js';

/**
 * Invites an email address to a team workspace and emails it a 7-day,
 * single-use link (owners). Inviting the same address again refreshes the
 * link and resends it (`resent: true`).
 */
export const createInvitationProcedure = workspaceProcedure('owner')
  .input(z.object({ email: emailField, role: memberRoleSchema.default('user') }))
  .output(z.object({ invitation: invitationSchema, resent: z.boolean() }))
  .mutation(({ ctx, input }) =>
    createInvitation({
      db: ctx.deps.db,
      emailTransport: ctx.deps.email,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: { email: input.email, role: input.role },
      webAppUrl: ctx.deps.settings.webAppUrl,
      logger: ctx.logger,
    }),
  );
