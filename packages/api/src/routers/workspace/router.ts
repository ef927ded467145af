import { router } from '../../trpc.js';
import { createDemoWorkspaceProcedure } from './create-demo-workspace.js';
import { createWorkspaceProcedure } from './create-workspace.js';
import { deleteWorkspaceProcedure } from './delete-workspace.js';
import { getWorkspaceProcedure } from './get-workspace.js';
import { leaveWorkspaceProcedure } from './leave-workspace.js';
import { listWorkspacesProcedure } from './list-workspaces.js';
import { updateWorkspaceProcedure } from './update-workspace.js';
import { getPrivacyProcedure } from './get-privacy.js';
import { updatePrivacyProcedure } from './update-privacy.js';

export const workspaceRouter = router({
  create: createWorkspaceProcedure,
  createDemo: createDemoWorkspaceProcedure,
  list: listWorkspacesProcedure,
  get: getWorkspaceProcedure,
  update: updateWorkspaceProcedure,
  delete: deleteWorkspaceProcedure,
  leave: leaveWorkspaceProcedure,
  getPrivacy: getPrivacyProcedure,
  updatePrivacy: updatePrivacyProcedure,
});
