import { previewAccountDeletion } from '@vibemonitor/core';
import { protectedProcedure } from '../../trpc.js';
import { deletionPreviewSchema } from './account-schemas.js';

/** What `account.delete` would delete, what it would leave, and what blocks it. */
export const getDeletionPreviewProcedure = protectedProcedure
  .output(deletionPreviewSchema)
  .query(({ ctx }) => previewAccountDeletion({ db: ctx.deps.db, userId: ctx.user.id }));
