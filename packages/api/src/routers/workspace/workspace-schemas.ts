import { memberRoleSchema, workspaceTypeSchema, text } from '@vibemonitor/contracts';
import { WORKSPACE_NAME_MAX } from '@vibemonitor/core';
import { z } from 'zod';

export const workspaceNameField = text({ message: 'Enter a workspace name.' })
  .trim()
  .min(1, 'Enter a workspace name.')
  .max(WORKSPACE_NAME_MAX, `Workspace names are at most ${WORKSPACE_NAME_MAX} characters.`);

export const workspaceSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: workspaceTypeSchema,
  /** The caller's role in the workspace. */
  role: memberRoleSchema,
  createdAt: z.date(),
});

export const workspaceDetailsSchema = workspaceSummarySchema.extend({
  planId: z.string(),
  memberCount: z.number().int(),
  updatedAt: z.date(),
});

export const okSchema = z.object({ ok: z.literal(true) });

export const privacySettingsSchema = z.object({
  /** Mask emails, IPs, phone and card numbers, tokens and keys before any text reaches a model provider. */
  maskPersonalData: z.boolean({ message: 'maskPersonalData must be true or false.' }),
});
