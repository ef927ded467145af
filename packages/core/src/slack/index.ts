export {
  SLACK_BOT_SCOPES,
  SLACK_NOT_CONFIGURED,
  slackClientFor,
  slackSettingsFromConfig,
  type SlackSettings,
} from './slack-settings.js';
export { SLACK_INSTALL_STATE_TTL_MS } from './slack-install-state.js';
export { createSlackInstallUrl } from './create-slack-install-url.js';
export { completeSlackInstall } from './complete-slack-install.js';
export { getSlackStatus, type SlackChannelView, type SlackStatus } from './get-slack-status.js';
export { disconnectSlack } from './disconnect-slack.js';
export { removeSlackInstallation } from './remove-slack-installation.js';
export { forgetSlackDelivery, recordSlackDelivery } from './record-slack-delivery.js';
export { loadSlackInstallation, type LoadedSlackInstallation } from './load-slack-installation.js';
export { resolveSlackMember, type SlackMember } from './resolve-slack-member.js';
export { askFromSlack, SLACK_HELP_TEXT, type SlackAskOutcome } from './ask-from-slack.js';
export { isGreetingOrHelp, questionFromSlackText } from './slack-question.js';
export { readSlackThreadContext, THREAD_CONTEXT_MESSAGES } from './read-slack-thread-context.js';
export {
  handleSlackEvent,
  type SlackEventDeps,
  type SlackEventOutcome,
} from './handle-slack-event.js';
export { handleSlackCommand } from './handle-slack-command.js';
export { handleSlackInteraction, type SlackInteractionReply } from './handle-slack-interaction.js';
export {
  followSlackTurn,
  SLACK_STATUS_MAX_FAILURES,
  SLACK_STATUS_MIN_INTERVAL_MS,
} from './follow-slack-turn.js';
export {
  COMMENT_ACTION,
  COMMENT_VIEW,
  FEEDBACK_DOWN_ACTION,
  FEEDBACK_UP_ACTION,
  markdownToMrkdwn,
  renderSlackAnswer,
  type SlackMessagePayload,
} from './render-slack-answer.js';
export { setSlackChannel } from './set-slack-channel.js';
export { createSlackNotifier } from './create-slack-notifier.js';
export { verifySlackDelivery } from './verify-slack-delivery.js';
export {
  alertSourceOf,
  alertSources,
  parseSlackAlert,
  type AlertSource,
  type SlackAlert,
} from './parse-slack-alert.js';
export {
  alertQuestion,
  SLACK_ALERT_REPEAT_WINDOW_MS,
  startSlackAlertInvestigation,
} from './start-slack-alert-investigation.js';
export {
  startSlackInvestigation,
  type SlackInvestigationDeps,
  type SlackStartOutcome,
} from './start-slack-investigation.js';
