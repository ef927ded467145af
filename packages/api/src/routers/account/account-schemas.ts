import { memberRoleSchema, workspaceTypeSchema } from '@vibemonitor/contracts';
import { z } from 'zod';

export const accountSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  emailVerified: z.boolean(),
  emailVerifiedAt: z.date().nullable(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  hasPassword: z.boolean(),
  oauthProviders: z.array(z.enum(['google', 'github'])),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
});

const deletionWorkspaceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: workspaceTypeSchema,
  role: memberRoleSchema,
});

export const blockingWorkspaceSchema = deletionWorkspaceSchema.extend({
  otherMembers: z.array(
    z.object({
      userId: z.uuid(),
      email: z.string(),
      name: z.string().nullable(),
      role: memberRoleSchema,
    }),
  ),
  otherMemberCount: z.number().int(),
});

export const deletionPreviewSchema = z.object({
  canDelete: z.boolean(),
  workspacesToDelete: z.array(deletionWorkspaceSchema),
  workspacesToLeave: z.array(deletionWorkspaceSchema),
  blockingWorkspaces: z.array(blockingWorkspaceSchema),
  counts: z.object({
    sessions: z.number().int(),
    memberships: z.number().int(),
    oauthAccounts: z.number().int(),
    workspaces: z.number().int(),
    chatSessions: z.number().int(),
    services: z.number().int(),
    integrations: z.number().int(),
  }),
});
