import { router } from '../../trpc.js';
import { listMembersProcedure } from './list-members.js';
import { removeMemberProcedure } from './remove-member.js';
import { updateMemberRoleProcedure } from './update-member-role.js';

export const memberRouter = router({
  list: listMembersProcedure,
  updateRole: updateMemberRoleProcedure,
  remove: removeMemberProcedure,
});
