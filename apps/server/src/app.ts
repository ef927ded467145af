import { createExpressMiddleware } from '@trpc/server/adapters/express';
import cors from 'cors';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { appRouter, createApiContext, type ApiDeps } from '@vibemonitor/api';
import { readSessionCookie } from '@vibemonitor/auth';
import { errorSerializers } from '@vibemonitor/core';
import { readBearerToken } from './cookies.js';
import { healthRouter, type DependencyCheck } from './health.js';
import { httpMetricsMiddleware } from './http-metrics.js';
import { httpTracingMiddleware } from './observability/http-tracing.js';
import { githubRoutes } from './github/github-routes.js';
import { oauthRoutes } from './oauth/oauth-routes.js';
import { limitRequestBody } from './limit-request-body.js';
import { requestIdFor } from './request-id.js';
import { slackRoutes } from './slack/slack-routes.js';
import { webConsoleRoutes } from './web-console.js';
import { alertRoutes } from './alerts/alert-routes.js';
import { stripeRoutes } from './billing/stripe-routes.js';
import { trpcMethodGuard } from './trpc-methods.js';
import { installFastTextEncoderStream } from './fast-text-encoder-stream.js';
import { turnEventsRoutes } from './chat/turn-events-routes.js';
import { MAX_TRPC_BATCH_SIZE } from '@vibemonitor/contracts';

/** Largest tRPC request body accepted (the biggest legitimate input is a 4,000-character chat message). */
export const MAX_TRPC_BODY_BYTES = 1024 * 1024;
/** Most calls one batched tRPC request may carry (shared with the SDK, which splits batches at it). */
export { MAX_TRPC_BATCH_SIZE };

export interface HttpAppOptions {
  deps: ApiDeps;
  logger: Logger;
  registry: Registry;
  checks: DependencyCheck[];
  corsOrigins: string[];
  trustProxy: boolean | number | string;
  version: string;
  /** A built web console (apps/web/dist) to serve at `/`, after every API route. */
  webDir?: string | undefined;
}

/**
 * The express host: request ids and logging, security headers, CORS
 * allow-list, health and metrics endpoints, and tRPC at `/trpc`.
 * Webhook routes (raw bodies) must be mounted before any JSON parser; there is
 * deliberately no global `express.json()` here (tRPC parses its own bodies).
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const { deps, logger, registry } = options;
  // tRPC encodes every streamed response (SSE events, streamed queries) with the global one.
  installFastTextEncoderStream();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = requestIdFor(req);
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      // Health probes and metrics scrapes would drown the log.
      autoLogging: {
        ignore: (req) =>
          req.url === '/health' || req.url === '/metrics' || req.url === '/health/ready',
      },
      quietReqLogger: true,
      // Method, path and status are enough; headers stay out of the log entirely.
      serializers: {
        // The path only: query strings can carry OAuth codes, state or tRPC inputs.
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        // pino-http would put its own error serializer back: keep ours (no SQL parameters).
        err: errorSerializers.err,
      },
    }),
  );
  // Right after the request id is known, so the span covers everything else.
  app.use(httpTracingMiddleware());
  app.use(helmet());
  const allowed = new Set(options.corsOrigins);
  app.use(
    cors({
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      credentials: true,
      exposedHeaders: ['x-request-id', 'retry-after'],
    }),
  );
  app.use(
    httpMetricsMiddleware(registry, {
      procedures: new Set(Object.keys(appRouter._def.procedures as Record<string, unknown>)),
    }),
  );

  app.use(healthRouter(options.checks, options.version));
  // Browser redirect flows for Google/GitHub sign-in (REST: the browser navigates through them).
  app.use(oauthRoutes(deps));
  // GitHub setup callback and webhooks (raw body: verified byte for byte, so no JSON parser runs first).
  app.use(githubRoutes(deps));
  // Slack webhooks read their raw bodies (signatures cover the exact bytes): keep them ahead of any parser.
  app.use(slackRoutes(deps));
  // Incoming alerts: raw bodies too (HMAC signatures cover the exact bytes).
  app.use(alertRoutes(deps));
  // Stripe webhooks: raw body too (constructEvent checks the signature over the exact bytes).
  app.use(stripeRoutes(deps));
  // The EventSource-compatible turn stream (one serialisation per event for all its streams).
  app.use(turnEventsRoutes(deps));
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  });

  app.use('/trpc', trpcMethodGuard());
  app.use('/trpc', limitRequestBody(MAX_TRPC_BODY_BYTES));
  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      // A batch is parsed and authorised call by call: cap how many one request may carry.
      maxBatchSize: MAX_TRPC_BATCH_SIZE,
      createContext: ({ req, res }) =>
        createApiContext(deps, {
          requestId: String(req.id),
          logger: req.log,
          ip: req.ip,
          userAgent: req.headers['user-agent'],
          origin: req.headers.origin,
          bearerToken: readBearerToken(req.headers.authorization),
          cookieToken: readSessionCookie(req.headers.cookie) ?? undefined,
          setHeader: (name, value) => {
            if (!res.headersSent) res.append(name, value);
          },
        }),
    }),
  );

  // Last before the 404: the console can never shadow an API route.
  if (options.webDir) app.use(webConsoleRoutes(options.webDir));

  app.use((req, res) => {
    res
      .status(404)
      .json({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` } });
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    req.log.error({ err }, 'unhandled error');
    deps.errorReporter?.captureException(err, { requestId: String(req.id), path: req.path });
    if (res.headersSent) return;
    res.status(500).json({
      error: {
        code: 'INTERNAL',
        message: `Internal server error (request id ${String(req.id)})`,
      },
    });
  };
  app.use(onError);
  return app;
}
