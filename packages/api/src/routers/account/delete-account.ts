import { blankSessionCookie } from '@vibemonitor/auth';
import { deleteAccount } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';

/**
 * Deletes the caller's account and data in one transaction. `confirm` must be
 * the account's email address. Refused (PRECONDITION_FAILED, naming them)
 * while the caller is the only owner of a team with other members.
 */
export const deleteAccountProcedure = protectedProcedure
  .input(
    z.object({
      confirm: text({ message: "Type your account's email address to confirm." })
        .min(1, "Type your account's email address to confirm.")
        .max(320),
    }),
  )
  .output(z.object({ ok: z.literal(true), deletedWorkspaceIds: z.array(z.uuid()) }))
  .mutation(async ({ ctx, input }) => {
    const { deletedWorkspaceIds } = await deleteAccount({
      db: ctx.deps.db,
      actor: ctx.user,
      input,
      ip: ctx.ip,
    });
    // The sessions went with the user; tell the browser to drop its cookie too.
    ctx.setHeader('Set-Cookie', blankSessionCookie({ secure: ctx.deps.settings.secureCookies }));
    return { ok: true as const, deletedWorkspaceIds };
  });
