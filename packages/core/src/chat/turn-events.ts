import { and, asc, eq, gt, sql } from 'drizzle-orm';
import {
  AppError,
  channels,
  rcaEventSchema,
  terminalRcaEventTypes,
  type RcaEvent,
  type TurnStreamItem,
} from '@vibemonitor/contracts';
import {
  chatTurns,
  isUniqueViolation,
  queryRows,
  turnEvents,
  type Database,
} from '@vibemonitor/db';
import type { EventBus } from '@vibemonitor/jobs';
import type { ChatLogger } from './chat-logger.js';

const SEQ_CONSTRAINT = 'turn_events_turn_seq_unique';

const terminalTypesSql = sql.join(
  [...terminalRcaEventTypes].map((type) => sql`${type}`),
  sql`, `,
);

function validEvent(event: RcaEvent): RcaEvent {
  const parsed = rcaEventSchema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`)
      .join('; ');
    throw new AppError('VALIDATION_FAILED', `Invalid turn event: ${issues}`);
  }
  return parsed.data;
}

/**
 * Stores `event` as the turn's next event, without publishing it (use it
 * inside a transaction, then `publishTurnEvent` after the commit). The next
 * seq and the "turn has not ended" check are one statement; two writers
 * racing for the same seq make the unique (turn_id, seq) constraint fail for
 * one of them: wrap the caller in `retryOnSeqConflict`.
 * @throws AppError NOT_FOUND (no such turn in the workspace), PRECONDITION_FAILED
 *   (the turn already has a terminal event), VALIDATION_FAILED (not an RcaEvent).
 */
export async function insertTurnEvent({
  db,
  workspaceId,
  turnId,
  event,
  attempt,
}: {
  db: Database;
  workspaceId: string;
  turnId: string;
  event: RcaEvent;
  /**
   * The writer's attempt number. When given, the event is refused once a
   * newer attempt owns the turn (a stalled job re-delivered while the old run
   * still lives): two runs must never interleave their events.
   */
  attempt?: number | undefined;
}): Promise<TurnStreamItem> {
  const valid = validEvent(event);
  const attemptFence = attempt === undefined ? sql`` : sql` and t.attempt = ${attempt}`;
  // Nothing follows a terminal event (this very check guarantees it), so
  // looking at the turn's last event is enough: one backward step on the
  // (turn_id, seq) index instead of scanning the turn's events.
  const rows = await queryRows<{ seq: number }>(
    db,
    sql`insert into turn_events (workspace_id, turn_id, seq, type, payload)
        select ${workspaceId}::uuid, ${turnId}::uuid, coalesce(last.seq, 0) + 1, ${valid.type}::text, ${JSON.stringify(valid)}::jsonb
        from chat_turns t
        left join lateral (
          select e.seq, e.type from turn_events e where e.turn_id = t.id order by e.seq desc limit 1
        ) last on true
        where t.id = ${turnId}::uuid and t.workspace_id = ${workspaceId}::uuid${attemptFence}
          and (last.type is null or last.type not in (${terminalTypesSql}))
        returning seq`,
  );
  const row = rows[0];
  if (row) return { seq: Number(row.seq), event: valid };
  const [turn] = await db
    .select({ id: chatTurns.id, attempt: chatTurns.attempt })
    .from(chatTurns)
    .where(and(eq(chatTurns.id, turnId), eq(chatTurns.workspaceId, workspaceId)));
  if (!turn) throw new AppError('NOT_FOUND', 'Turn not found in this workspace.');
  if (attempt !== undefined && turn.attempt !== attempt) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `Attempt ${attempt} of this turn was superseded by attempt ${turn.attempt}; its events are refused.`,
    );
  }
  throw new AppError(
    'PRECONDITION_FAILED',
    'This turn has already ended; no more events can be added to it.',
  );
}

/**
 * Runs `fn` again once when it lost a race for a turn event's seq (another
 * writer took the same number first). `fn` must be safe to repeat: a whole
 * transaction, or a single statement.
 */
export async function retryOnSeqConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!isUniqueViolation(error, SEQ_CONSTRAINT)) throw error;
    return fn();
  }
}

/**
 * Tells live subscribers about a stored event. Bus messages are not durable,
 * so a failed publish is logged, not thrown: the event is already in the
 * database and streams re-read it when the bus stays silent.
 */
export async function publishTurnEvent({
  bus,
  turnId,
  item,
  logger,
}: {
  bus: EventBus;
  turnId: string;
  item: TurnStreamItem;
  logger?: ChatLogger | undefined;
}): Promise<void> {
  try {
    await bus.publish(channels.turn(turnId), item);
  } catch (error) {
    logger?.warn(
      { err: error, turnId, seq: item.seq },
      'turn event stored but not published; streams will poll for it',
    );
  }
}

/**
 * Persists `event` with the turn's next sequence number, then publishes
 * `{ seq, event }` on `channels.turn(turnId)`. Refuses any event once the turn
 * has a terminal one (`complete`, `error`, `cancelled`), so a cancelled turn
 * gets no more tool events from a worker that has not stopped yet.
 */
export async function appendTurnEvent({
  db,
  bus,
  workspaceId,
  turnId,
  event,
  logger,
  attempt,
}: {
  db: Database;
  bus: EventBus;
  workspaceId: string;
  turnId: string;
  event: RcaEvent;
  logger?: ChatLogger | undefined;
  /** See `insertTurnEvent`: refuses the event once a newer attempt owns the turn. */
  attempt?: number | undefined;
}): Promise<TurnStreamItem> {
  const item = await retryOnSeqConflict(() =>
    insertTurnEvent({ db, workspaceId, turnId, event, attempt }),
  );
  await publishTurnEvent({ bus, turnId, item, logger });
  return item;
}

/** Replay pages are capped so a long turn is read in slices, not one huge result. */
export const TURN_EVENTS_PAGE = 500;

/** The turn's stored events with seq > `afterSeq`, oldest first (at most `limit`). */
export async function listTurnEvents({
  db,
  workspaceId,
  turnId,
  afterSeq = 0,
  limit = TURN_EVENTS_PAGE,
}: {
  db: Database;
  workspaceId: string;
  turnId: string;
  afterSeq?: number;
  limit?: number;
}): Promise<TurnStreamItem[]> {
  const rows = await db
    .select({ seq: turnEvents.seq, payload: turnEvents.payload })
    .from(turnEvents)
    .where(
      and(
        eq(turnEvents.turnId, turnId),
        eq(turnEvents.workspaceId, workspaceId),
        gt(turnEvents.seq, afterSeq),
      ),
    )
    .orderBy(asc(turnEvents.seq))
    .limit(limit);
  return rows.map((row) => ({ seq: row.seq, event: rcaEventSchema.parse(row.payload) }));
}
