import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { createdAt, enumCheck, id, timestamptz, updatedAt } from './columns.js';
import { feedbackRatings, turnSources, turnStatuses } from './enums.js';
import { environments, workspaceId } from './workspaces.js';

/*
 * Chat: a session holds turns (one question + its investigation); each turn
 * streams numbered events that clients replay after reconnecting. JSON
 * columns are typed `unknown` on purpose: readers parse them with the zod
 * schemas in @vibemonitor/contracts instead of trusting a cast.
 * Authors are nulled, not cascaded, when a user is deleted, so a team's
 * history survives a member leaving.
 */

/** PostgreSQL's `tsvector`, read back as its text form (only ever written by the database). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const chatSessions = pgTable(
  'chat_sessions',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Null until one is derived from the first message. */
    title: text('title'),
    environmentId: uuid('environment_id').references(() => environments.id, {
      onDelete: 'set null',
    }),
    /**
     * The questions of the session's turns, newline-separated, appended by
     * sendChatMessage in the transaction that inserts the turn (a generated
     * column cannot read another table). Input to `search_vector` only.
     */
    searchMessages: text('search_messages').notNull().default(''),
    /**
     * Title (weight A) and questions (weight B) as a stored tsvector, kept
     * current by PostgreSQL on every insert and update; GIN-indexed for
     * chat.sessions.search.
     */
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, search_messages), 'B')`,
      ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('chat_sessions_workspace_updated_idx').on(t.workspaceId, t.updatedAt.desc()),
    index('chat_sessions_user_id_idx').on(t.userId),
    index('chat_sessions_search_idx').using('gin', t.searchVector),
  ],
);

export const chatTurns = pgTable(
  'chat_turns',
  {
    id: id(),
    workspaceId: workspaceId(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => chatSessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    status: text('status', { enum: turnStatuses }).notNull().default('queued'),
    source: text('source', { enum: turnSources }).notNull().default('chat'),
    report: jsonb('report'),
    usage: jsonb('usage'),
    error: jsonb('error'),
    attempt: integer('attempt').notNull().default(1),
    createdAt: createdAt(),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    index('chat_turns_workspace_id_idx').on(t.workspaceId),
    index('chat_turns_session_created_idx').on(t.sessionId, t.createdAt),
    enumCheck('chat_turns_status_check', t.status, turnStatuses),
    enumCheck('chat_turns_source_check', t.source, turnSources),
  ],
);

export const turnEvents = pgTable(
  'turn_events',
  {
    id: id(),
    workspaceId: workspaceId(),
    turnId: uuid('turn_id')
      .notNull()
      .references(() => chatTurns.id, { onDelete: 'cascade' }),
    /** 1-based position within the turn; the replay cursor for SSE clients. */
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('turn_events_workspace_id_idx').on(t.workspaceId),
    // Also serves "events of a turn after seq N", the replay query.
    unique('turn_events_turn_seq_unique').on(t.turnId, t.seq),
  ],
);

export const turnFeedback = pgTable(
  'turn_feedback',
  {
    id: id(),
    workspaceId: workspaceId(),
    turnId: uuid('turn_id')
      .notNull()
      .references(() => chatTurns.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rating: text('rating', { enum: feedbackRatings }).notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('turn_feedback_workspace_id_idx').on(t.workspaceId),
    unique('turn_feedback_turn_user_unique').on(t.turnId, t.userId),
    index('turn_feedback_user_id_idx').on(t.userId),
    enumCheck('turn_feedback_rating_check', t.rating, feedbackRatings),
  ],
);

export const turnComments = pgTable(
  'turn_comments',
  {
    id: id(),
    workspaceId: workspaceId(),
    turnId: uuid('turn_id')
      .notNull()
      .references(() => chatTurns.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('turn_comments_workspace_id_idx').on(t.workspaceId),
    index('turn_comments_turn_created_idx').on(t.turnId, t.createdAt),
    index('turn_comments_user_id_idx').on(t.userId),
  ],
);

export type ChatSession = typeof chatSessions.$inferSelect;
export type NewChatSession = typeof chatSessions.$inferInsert;
export type ChatTurn = typeof chatTurns.$inferSelect;
export type NewChatTurn = typeof chatTurns.$inferInsert;
export type TurnEvent = typeof turnEvents.$inferSelect;
export type NewTurnEvent = typeof turnEvents.$inferInsert;
export type TurnFeedback = typeof turnFeedback.$inferSelect;
export type NewTurnFeedback = typeof turnFeedback.$inferInsert;
export type TurnComment = typeof turnComments.$inferSelect;
export type NewTurnComment = typeof turnComments.$inferInsert;
