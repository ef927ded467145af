import { updatePrivacySettings } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { privacySettingsSchema } from './workspace-schemas.js';

/** Turns masking of personal data before the model provider on or off (owners). */
export const updatePrivacyProcedure = workspaceProcedure('owner')
  .input(privacySettingsSchema)
  .output(privacySettingsSchema)
  .mutation(({ ctx, input }) =>
    updatePrivacySettings({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: { maskPersonalData: input.maskPersonalData },
    }),
  );
