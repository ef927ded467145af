import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { isAppError, type MemberRole } from '@vibemonitor/contracts';
import { authenticateSession } from './access/authenticate-session.js';
import { authorizeWorkspace } from './access/authorize-workspace.js';
import type { ApiContext } from './context.js';
import { trpcCodeByAppCode } from './errors.js';
import { zodIssues, zodSummary } from './lib/format-zod-error.js';

/**
 * SSE keep-alive: the server pings every 10 s and clients reconnect after 25 s
 * of silence. The ping interval must stay below the client's inactivity limit.
 */
export const SSE_PING_INTERVAL_MS = 10_000;
export const SSE_CLIENT_RECONNECT_AFTER_INACTIVITY_MS = 25_000;

/**
 * Procedure metadata. The tenant-isolation test reads `access` from every
 * procedure in the router, so a new workspace-scoped procedure is covered
 * without editing the test.
 */
export interface ProcedureMeta {
  access?: { scope: 'public' } | { scope: 'session' } | { scope: 'workspace'; minRole: MemberRole };
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    defaultMeta: { access: { scope: 'public' } },
    transformer: superjson,
    sse: {
      ping: { enabled: true, intervalMs: SSE_PING_INTERVAL_MS },
      client: { reconnectAfterInactivityMs: SSE_CLIENT_RECONNECT_AFTER_INACTIVITY_MS },
    },
    errorFormatter({ shape, error, ctx }) {
      const cause = error.cause;
      // Only input errors explain themselves; a failed OUTPUT validation is a server bug
      // (INTERNAL_SERVER_ERROR) and must not reveal the shape of server data.
      const validation =
        cause instanceof ZodError && error.code === 'BAD_REQUEST' ? zodIssues(cause) : undefined;
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

const tracer = trace.getTracer('@vibemonitor/api');

/**
 * Turns domain `AppError`s into tRPC errors with the mapped code, records
 * metrics and a span per call (a no-op unless tracing is on), and logs and
 * reports unexpected failures once, with the request id.
 */
const observed = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const isSubscription = type === 'subscription';
  const span = tracer.startSpan(`trpc ${path}`, {
    attributes: { 'rpc.system': 'trpc', 'rpc.method': path, 'trpc.type': type },
  });
  const result = await context.with(trace.setSpan(context.active(), span), () => next());
  const seconds = (performance.now() - started) / 1000;
  const metrics = ctx.deps.metrics;
  if (result.ok) {
    metrics.procedureDuration.observe({ path, type, status: 'ok' }, seconds);
    span.end();
    return result;
  }
  const cause = result.error.cause;
  const error = isAppError(cause)
    ? new TRPCError({ code: trpcCodeByAppCode[cause.code], message: cause.message, cause })
    : result.error;
  metrics.procedureDuration.observe({ path, type, status: 'error' }, seconds);
  metrics.procedureErrors.inc({ path, code: error.code });
  span.setAttribute('trpc.error_code', error.code);
  // The code, not the message: messages may quote user input.
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
  if (error.code === 'INTERNAL_SERVER_ERROR' && !isAppError(cause)) {
    const unexpected = cause ?? error;
    span.recordException(unexpected instanceof Error ? unexpected : String(unexpected));
    ctx.logger.error({ err: unexpected, path, type }, 'procedure failed unexpectedly');
    ctx.deps.errorReporter?.captureException(unexpected, { requestId: ctx.requestId, path });
  } else if (!isSubscription) {
    ctx.logger.debug({ path, code: error.code }, error.message);
  }
  span.end();
  throw error;
});

export const publicProcedure = t.procedure.use(observed);

const mutatingTypes = new Set(['mutation']);

/**
 * Requires a valid session: a bearer token (SDK, Slack, scripts) or the
 * session cookie (browsers); see authenticateSession (shared with the REST routes).
 */
export const protectedProcedure = publicProcedure
  .meta({ access: { scope: 'session' } })
  .use(async ({ ctx, type, next }) => {
    const authenticated = await authenticateSession(ctx.deps, ctx, {
      mutating: mutatingTypes.has(type),
    });
    return next({ ctx: { ...ctx, ...authenticated } });
  });

const workspaceInput = z.object({ workspaceId: z.uuid({ message: 'workspaceId must be a UUID' }) });

/**
 * Requires membership of the workspace named by `input.workspaceId` with at
 * least `minRole`; non-members get FORBIDDEN (the same answer whether or not
 * the workspace exists, so ids cannot be probed). Domain functions still
 * filter by workspaceId themselves: this edge check is not the only one.
 */
export function workspaceProcedure(minRole: MemberRole) {
  return protectedProcedure
    .meta({ access: { scope: 'workspace', minRole } })
    .input(workspaceInput)
    .use(async ({ ctx, input, next }) => {
      const membership = await authorizeWorkspace(ctx.deps, {
        workspaceId: input.workspaceId,
        userId: ctx.user.id,
        minRole,
      });
      return next({ ctx: { ...ctx, membership } });
    });
}
