import { router } from '../../trpc.js';
import { getInfo } from './get-info.js';
import { ping } from './ping.js';
import { pingEvents } from './ping-events.js';

export const systemRouter = router({
  info: getInfo,
  ping,
  pingEvents,
});
