import { router } from '../../trpc.js';
import { disconnectSlackProcedure } from './disconnect-slack.js';
import { getSlackInstallUrlProcedure } from './get-slack-install-url.js';
import { getSlackStatusProcedure } from './get-slack-status.js';
import { setSlackChannelProcedure } from './set-slack-channel.js';

export const slackRouter = router({
  installUrl: getSlackInstallUrlProcedure,
  status: getSlackStatusProcedure,
  disconnect: disconnectSlackProcedure,
  setChannel: setSlackChannelProcedure,
});
