import { router } from '../../trpc.js';
import { deleteAccountProcedure } from './delete-account.js';
import { getAccountProcedure } from './get-account.js';
import { getDeletionPreviewProcedure } from './get-deletion-preview.js';
import { updateAccountProcedure } from './update-account.js';

export const accountRouter = router({
  get: getAccountProcedure,
  update: updateAccountProcedure,
  deletionPreview: getDeletionPreviewProcedure,
  delete: deleteAccountProcedure,
});
