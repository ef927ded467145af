import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { isAppError } from '@vibemonitor/contracts';
import type { ApiContext } from './context.js';
import { trpcCodeByAppCode } from './errors.js';
import { zodIssues, zodSummary } from './lib/format-zod-error.js';

/**
 * SSE keep-alive: the server pings every 10 s and clients reconnect after 25 s
 * of silence. The ping interval must stay below the client's inactivity limit.
 */
export const SSE_PING_INTERVAL_MS = 10_000;
export const SSE_CLIENT_RECONNECT_AFTER_INACTIVITY_MS = 25_000;

const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  sse: {
    ping: { enabled: true, intervalMs: SSE_PING_INTERVAL_MS },
    client: { reconnectAfterInactivityMs: SSE_CLIENT_RECONNECT_AFTER_INACTIVITY_MS },
  },
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const validation = cause instanceof ZodError ? zodIssues(cause) : undefined;
    const internal = error.code === 'INTERNAL_SERVER_ERROR' && !isAppError(cause);
    return {
      ...shape,
      // Never leak internals: unknown errors keep only the request id.
      message: internal
        ? `Internal server error (request id ${ctx?.requestId ?? 'unknown'})`
        : validation && cause instanceof ZodError
          ? zodSummary(cause)
          : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        requestId: ctx?.requestId,
        appCode: isAppError(cause) ? cause.code : undefined,
        details: isAppError(cause) ? cause.details : undefined,
        validation,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Turns domain `AppError`s into tRPC errors with the mapped code, records
 * metrics, and logs unexpected failures once, with the request id.
 */
const observed = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const isSubscription = type === 'subscription';
  const result = await next();
  const seconds = (performance.now() - started) / 1000;
  const metrics = ctx.deps.metrics;
  if (result.ok) {
    metrics.procedureDuration.observe({ path, type, status: 'ok' }, seconds);
    return result;
  }
  const cause = result.error.cause;
  const error = isAppError(cause)
    ? new TRPCError({ code: trpcCodeByAppCode[cause.code], message: cause.message, cause })
    : result.error;
  metrics.procedureDuration.observe({ path, type, status: 'error' }, seconds);
  metrics.procedureErrors.inc({ path, code: error.code });
  if (error.code === 'INTERNAL_SERVER_ERROR' && !isAppError(cause)) {
    ctx.logger.error({ err: cause ?? error, path, type }, 'procedure failed unexpectedly');
  } else if (!isSubscription) {
    ctx.logger.debug({ path, code: error.code }, error.message);
  }
  throw error;
});

export const publicProcedure = t.procedure.use(observed);
