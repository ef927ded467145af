export type { ChatLogger } from './chat-logger.js';
export {
  isTerminalTurnStatus,
  turnErrorSchema,
  type ChatSessionSummary,
  type TurnError,
  type TurnView,
} from './chat-views.js';
export { deriveSessionTitle, SESSION_TITLE_MAX } from './session-title.js';
export {
  appendTurnEvent,
  insertTurnEvent,
  listTurnEvents,
  publishTurnEvent,
  retryOnSeqConflict,
  TURN_EVENTS_PAGE,
} from './turn-events.js';
export { findTurn, loadTurn, type TurnRef } from './load-turn.js';
export {
  CHAT_MESSAGE_MAX,
  enqueueRcaRun,
  RCA_RUN_QUEUE_ATTEMPTS,
  sendChatMessage,
  type SendChatMessageInput,
} from './send-chat-message.js';
export {
  classifyChatMessage,
  smallTalkAnswer,
  type ChatMessageKind,
} from './classify-chat-message.js';
export { EARLIER_TURNS_MAX, listEarlierTurns, type EarlierTurn } from './list-earlier-turns.js';
export { listChatSessions } from './list-chat-sessions.js';
export { searchChatSessions, type ChatSessionMatch } from './search-chat-sessions.js';
export { getChatSession, type ChatSessionDetails } from './get-chat-session.js';
export { SESSION_TITLE_INPUT_MAX, updateChatSession } from './update-chat-session.js';
export { deleteChatSession } from './delete-chat-session.js';
export {
  getTurn,
  TURN_COMMENTS_SHOWN,
  type TurnCommentView,
  type TurnDetails,
  type TurnFeedbackView,
} from './get-turn.js';
export { FEEDBACK_COMMENT_MAX, rateTurn } from './rate-turn.js';
export { commentOnTurn, TURN_COMMENT_MAX } from './comment-on-turn.js';
export { cancelTurn } from './cancel-turn.js';
export { recordTurnHeartbeat } from './record-turn-heartbeat.js';
export {
  openTurnStream,
  STREAM_SILENCE_POLL_MS,
  type OpenTurnStreamOptions,
} from './stream-turn-events.js';
export {
  createTurnBroadcaster,
  STREAM_BUFFER_LIMIT,
  turnBroadcasterFor,
  type TurnBroadcaster,
} from './turn-broadcaster.js';
export {
  claimTurn,
  INTERRUPTED_REASON,
  MAX_TURN_ATTEMPTS,
  type ClaimedTurn,
  type ClaimOutcome,
} from './claim-turn.js';
export { completeTurn, failTurn } from './finish-turn.js';
export { findStaleTurns, markTurnRequeued, type StaleTurn } from './find-stale-turns.js';
