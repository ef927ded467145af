import { router } from '../../trpc.js';
import { createInstallUrlProcedure } from './create-install-url.js';
import { disconnectProcedure } from './disconnect.js';
import { getStatusProcedure } from './get-status.js';

export const githubRouter = router({
  installUrl: createInstallUrlProcedure,
  status: getStatusProcedure,
  disconnect: disconnectProcedure,
});
