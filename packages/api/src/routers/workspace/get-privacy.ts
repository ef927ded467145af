import { getPrivacySettings } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { privacySettingsSchema } from './workspace-schemas.js';

/** The workspace's privacy settings (any member may read them). */
export const getPrivacyProcedure = workspaceProcedure('user')
  .output(privacySettingsSchema)
  .query(({ ctx, input }) =>
    getPrivacySettings({ db: ctx.deps.db, workspaceId: input.workspaceId }),
  );
