import { router } from '../../trpc.js';
import { cancelTurnProcedure } from './cancel-turn.js';
import { commentOnTurnProcedure } from './comment-on-turn.js';
import { deleteSessionProcedure } from './delete-session.js';
import { getSessionProcedure } from './get-session.js';
import { getTurnProcedure } from './get-turn.js';
import { listSessionsProcedure } from './list-sessions.js';
import { rateTurnProcedure } from './rate-turn.js';
import { searchSessionsProcedure } from './search-sessions.js';
import { sendMessageProcedure } from './send-message.js';
import { streamTurnProcedure } from './stream-turn.js';
import { updateSessionProcedure } from './update-session.js';

export const chatRouter = router({
  send: sendMessageProcedure,
  sessions: router({
    list: listSessionsProcedure,
    search: searchSessionsProcedure,
    get: getSessionProcedure,
    update: updateSessionProcedure,
    delete: deleteSessionProcedure,
  }),
  turns: router({
    get: getTurnProcedure,
    stream: streamTurnProcedure,
    cancel: cancelTurnProcedure,
    feedback: rateTurnProcedure,
    comment: commentOnTurnProcedure,
  }),
});
