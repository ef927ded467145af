import { router } from '../../trpc.js';
import { acceptInvitationProcedure } from './accept-invitation.js';
import { createInvitationProcedure } from './create-invitation.js';
import { declineInvitationProcedure } from './decline-invitation.js';
import { listMyInvitationsProcedure } from './list-my-invitations.js';
import { listWorkspaceInvitationsProcedure } from './list-workspace-invitations.js';
import { revokeInvitationProcedure } from './revoke-invitation.js';

export const invitationRouter = router({
  create: createInvitationProcedure,
  listForWorkspace: listWorkspaceInvitationsProcedure,
  revoke: revokeInvitationProcedure,
  listMine: listMyInvitationsProcedure,
  accept: acceptInvitationProcedure,
  decline: declineInvitationProcedure,
});
