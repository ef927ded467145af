import { router } from '../../trpc.js';
import { streamNotifications } from './stream-notifications.js';

export const notificationRouter = router({
  stream: streamNotifications,
});
