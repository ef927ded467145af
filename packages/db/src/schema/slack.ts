import { boolean, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { chatSessions, chatTurns } from './chat.js';
import { createdAt, id, timestamptz, updatedAt } from './columns.js';
import { slackInstallations } from './installations.js';
import { environments, workspaceId } from './workspaces.js';

const installationId = () =>
  uuid('installation_id')
    .notNull()
    .references(() => slackInstallations.id, { onDelete: 'cascade' });

/**
 * Pending Slack installs: the nonce of a signed OAuth `state`. The callback
 * deletes the row it redeems, so a state works once and only before it expires.
 */
export const slackOauthStates = pgTable(
  'slack_oauth_states',
  {
    nonce: text('nonce').primaryKey(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('slack_oauth_states_workspace_id_idx').on(t.workspaceId)],
);

/** A Slack thread that carries a chat session: follow-ups in it continue the session. */
export const slackThreads = pgTable(
  'slack_threads',
  {
    id: id(),
    workspaceId: workspaceId(),
    installationId: installationId(),
    channelId: text('channel_id').notNull(),
    threadTs: text('thread_ts').notNull(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => chatSessions.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('slack_threads_installation_channel_thread_unique').on(
      t.installationId,
      t.channelId,
      t.threadTs,
    ),
    index('slack_threads_workspace_id_idx').on(t.workspaceId),
    index('slack_threads_session_id_idx').on(t.sessionId),
  ],
);

/** Where a turn asked from Slack reports: its thread and the status message updated in place. */
export const slackTurnMessages = pgTable(
  'slack_turn_messages',
  {
    turnId: uuid('turn_id')
      .primaryKey()
      .references(() => chatTurns.id, { onDelete: 'cascade' }),
    workspaceId: workspaceId(),
    installationId: installationId(),
    channelId: text('channel_id').notNull(),
    threadTs: text('thread_ts').notNull(),
    statusTs: text('status_ts'),
    slackUserId: text('slack_user_id').notNull(),
    answeredAt: timestamptz('answered_at'),
    createdAt: createdAt(),
  },
  (t) => [index('slack_turn_messages_workspace_id_idx').on(t.workspaceId)],
);

/** Per-channel choices: the environment questions there investigate, notifications, alert watching. */
export const slackChannelSettings = pgTable(
  'slack_channel_settings',
  {
    id: id(),
    workspaceId: workspaceId(),
    installationId: installationId(),
    channelId: text('channel_id').notNull(),
    environmentId: uuid('environment_id').references(() => environments.id, {
      onDelete: 'set null',
    }),
    /** Investigation finished/failed and integration alerts are posted here. */
    notifications: boolean('notifications').notNull().default(false),
    /** Messages from monitoring bots here start investigations. */
    alerts: boolean('alerts').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('slack_channel_settings_installation_channel_unique').on(t.installationId, t.channelId),
    index('slack_channel_settings_workspace_id_idx').on(t.workspaceId),
  ],
);

/**
 * The last time an alert (by channel and a key of its name and service)
 * started an investigation, so repeats of a firing alert within a window
 * start nothing new.
 */
export const slackAlertFirings = pgTable(
  'slack_alert_firings',
  {
    id: id(),
    workspaceId: workspaceId(),
    installationId: installationId(),
    channelId: text('channel_id').notNull(),
    alertKey: text('alert_key').notNull(),
    lastStartedAt: timestamptz('last_started_at').notNull(),
  },
  (t) => [
    unique('slack_alert_firings_installation_channel_key_unique').on(
      t.installationId,
      t.channelId,
      t.alertKey,
    ),
    index('slack_alert_firings_workspace_id_idx').on(t.workspaceId),
  ],
);

export type SlackOauthState = typeof slackOauthStates.$inferSelect;
export type SlackThread = typeof slackThreads.$inferSelect;
export type SlackTurnMessage = typeof slackTurnMessages.$inferSelect;
export type SlackChannelSetting = typeof slackChannelSettings.$inferSelect;
