import { AppError, memberRoleSchema, text } from '@vibemonitor/contracts';
import type { InvitationRef } from '@vibemonitor/core';
import { z } from 'zod';

export const invitationSchema = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  email: z.string(),
  role: memberRoleSchema,
  status: z.enum(['pending', 'expired', 'accepted', 'declined', 'revoked']),
  invitedBy: z
    .object({ userId: z.uuid(), name: z.string().nullable(), email: z.string() })
    .nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
});

export const myInvitationSchema = z.object({
  id: z.uuid(),
  workspace: z.object({ id: z.uuid(), name: z.string() }),
  role: memberRoleSchema,
  invitedBy: z.object({ name: z.string().nullable(), email: z.string() }).nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
});

export const invitationIdField = z.uuid({ message: 'invitationId must be a UUID' });

/**
 * Answer an invitation with the token from its email link, or with its id
 * from `invitation.listMine`; exactly one of the two.
 */
export const invitationRefInput = z
  .object({
    token: text()
      .trim()
      .min(1, 'The invitation link is missing its token.')
      .max(200, 'This invitation link is invalid.')
      .optional(),
    invitationId: invitationIdField.optional(),
  })
  .refine((ref) => (ref.token === undefined) !== (ref.invitationId === undefined), {
    message: 'Pass either the token from the invitation link or the invitationId, not both.',
  });

/** Narrows the validated input to the union the domain function takes. */
export function toInvitationRef(input: z.infer<typeof invitationRefInput>): InvitationRef {
  if (input.token !== undefined) return { token: input.token };
  if (input.invitationId !== undefined) return { invitationId: input.invitationId };
  throw new AppError(
    'BAD_REQUEST',
    'Pass either the token from the invitation link or the invitationId.',
  );
}
