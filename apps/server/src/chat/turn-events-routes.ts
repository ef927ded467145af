import { once } from 'node:events';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  authenticateSession,
  authorizeWorkspace,
  SSE_PING_INTERVAL_MS,
  type ApiDeps,
} from '@vibemonitor/api';
import { readSessionCookie } from '@vibemonitor/auth';
import { isAppError, isTerminalRcaEvent, type AppErrorCode } from '@vibemonitor/contracts';
import { openTurnStream } from '@vibemonitor/core';
import { readBearerToken } from '../cookies.js';
import { END_FRAME, errorFrame, keepAlive, turnEventFrame } from './sse-frames.js';

const PATH = 'GET /api/turns/:turnId/events';

const httpStatus: Partial<Record<AppErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
};

const lastEventIdField = z
  .string()
  .regex(/^\d{1,9}$/, 'Last-Event-ID must be the sequence number of an event of this turn');

const inputSchema = z.object({
  turnId: z.uuid({ message: 'turnId must be a UUID' }),
  workspaceId: z.uuid({ message: 'workspaceId must be a UUID' }),
  // The header is what EventSource sends on reconnect; the query parameter is for a first
  // connection that resumes (EventSource cannot set headers).
  lastEventId: lastEventIdField.optional(),
});

const single = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * `GET /api/turns/:turnId/events?workspaceId=...`: the events of one turn as
 * an EventSource-compatible stream, beside the typed `chat.turns.stream`
 * subscription and with its semantics: `id` = seq, `data` = the same
 * `{"seq","event"}` JSON, stored events after Last-Event-ID first, then live
 * ones, each exactly once and in order; `event: end` after the terminal event
 * (clients close instead of reconnecting). Authenticated by bearer token or
 * session cookie, for workspace members only.
 *
 * Why a REST stream: tRPC's SSE transport serialises every item per
 * subscription; here each live event is serialised once per process
 * (turnEventFrame) and the same bytes are written to every stream of the turn.
 * A stream that stops reading is never buffered without limit: it waits for
 * its socket to drain (its items stay in the broadcaster's bounded queue) and
 * is closed after STREAM_DRAIN_TIMEOUT_MS or when that queue overflows (a
 * `stream_error` frame with code UNAVAILABLE, then the socket is cut); the
 * client resumes with its Last-Event-ID.
 */
export function turnEventsRoutes(deps: ApiDeps): Router {
  const routes = Router();
  routes.get('/api/turns/:turnId/events', async (req: Request, res: Response) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    let items: Awaited<ReturnType<typeof openTurnStream>>;
    try {
      const parsed = inputSchema.safeParse({
        turnId: req.params.turnId,
        workspaceId: single(req.query.workspaceId),
        lastEventId: single(req.headers['last-event-id']) ?? single(req.query.lastEventId),
      });
      if (!parsed.success) {
        res.status(400).json({
          error: {
            code: 'VALIDATION_FAILED',
            message: parsed.error.issues.map((issue) => issue.message).join('; '),
          },
        });
        return;
      }
      const input = parsed.data;
      const { user } = await authenticateSession(
        deps,
        {
          bearerToken: readBearerToken(req.headers.authorization),
          cookieToken: readSessionCookie(req.headers.cookie) ?? undefined,
          origin: req.headers.origin,
          setHeader: (name, value) => res.append(name, value),
        },
        { mutating: false },
      );
      await authorizeWorkspace(deps, {
        workspaceId: input.workspaceId,
        userId: user.id,
        minRole: 'user',
      });
      items = await openTurnStream({
        db: deps.db,
        bus: deps.bus,
        workspaceId: input.workspaceId,
        turnId: input.turnId,
        afterSeq: input.lastEventId === undefined ? 0 : Number(input.lastEventId),
        signal: controller.signal,
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      const status = httpStatus[error.code] ?? 500;
      const retryAfter = error.details?.retryAfterSeconds;
      if (status === 429 && typeof retryAfter === 'number')
        res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
      res.status(status).json({ error: { code: error.code, message: error.message } });
      return;
    }

    // No chunked framing: the body ends when the connection does (an SSE stream holds its
    // connection anyway), so each event is ONE socket write of the shared frame instead of a
    // chunk header, the frame and a CRLF.
    res.removeHeader('transfer-encoding');
    res.shouldKeepAlive = false;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Proxies (nginx) must not hold events back.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    const stopPinging = keepAlive(res, SSE_PING_INTERVAL_MS);
    deps.metrics.activeSubscriptions.inc({ path: PATH });
    try {
      for await (const item of items) {
        // Backpressure: a consumer that stops reading holds the stream here (its items wait in
        // the broadcaster's bounded queue) until its socket drains or STREAM_DRAIN_TIMEOUT_MS.
        if (!res.write(turnEventFrame(item))) await drained(res, controller.signal);
        if (isTerminalRcaEvent(item.event)) break;
      }
      if (!controller.signal.aborted) res.end(END_FRAME);
    } catch (error) {
      if (controller.signal.aborted) return;
      // Not the client's abort (handled above): the drain wait timed out.
      if ((error as { name?: unknown }).name === 'AbortError') {
        req.log.info('turn event stream closed: its consumer stopped reading');
        closeSoon(
          res,
          errorFrame(
            'UNAVAILABLE',
            'This stream stopped reading; reconnect with your Last-Event-ID to resume.',
          ),
        );
      } else if (isAppError(error)) {
        req.log.info({ code: error.code }, 'turn event stream ended early');
        closeSoon(res, errorFrame(error.code, error.message));
      } else {
        req.log.error({ err: error }, 'turn event stream failed');
        closeSoon(
          res,
          errorFrame('INTERNAL', `Internal server error (request id ${String(req.id)})`),
        );
      }
    } finally {
      stopPinging();
      deps.metrics.activeSubscriptions.dec({ path: PATH });
      controller.abort();
    }
  });
  return routes;
}

/**
 * How long a stream's socket may refuse writes before the stream is closed
 * (resumable: the client reconnects with its Last-Event-ID). Meanwhile its
 * items wait in the broadcaster's bounded queue, never in an unbounded buffer.
 */
export const STREAM_DRAIN_TIMEOUT_MS = 10_000;

/**
 * Resolves when `res` drains; rejects (AbortError) when `signal` aborts or after
 * STREAM_DRAIN_TIMEOUT_MS. A plain timer, not AbortSignal.any/timeout: a composite
 * signal nothing else references can be garbage-collected before it fires.
 */
async function drained(res: Response, signal: AbortSignal): Promise<void> {
  const wait = new AbortController();
  const stop = () => wait.abort();
  const timer = setTimeout(stop, STREAM_DRAIN_TIMEOUT_MS);
  signal.addEventListener('abort', stop, { once: true });
  try {
    await once(res, 'drain', { signal: wait.signal });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}

/** How long a closing stream may take to flush its last frame before its socket is cut. */
const CLOSE_FLUSH_MS = 1_000;

/**
 * Ends the stream with `frame`; a consumer that is not reading (the usual
 * reason for an early end) would keep the socket and its buffer forever, so
 * the connection is cut if the frame has not flushed within CLOSE_FLUSH_MS.
 */
function closeSoon(res: Response, frame: Buffer): void {
  const cut = setTimeout(() => res.destroy(), CLOSE_FLUSH_MS);
  cut.unref();
  res.end(frame, () => clearTimeout(cut));
}
