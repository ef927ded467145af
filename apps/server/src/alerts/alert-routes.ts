import express, { Router, type ErrorRequestHandler, type Response } from 'express';
import type { ApiDeps } from '@vibemonitor/api';
import { isAppError, type AppErrorCode } from '@vibemonitor/contracts';
import { ALERT_SIGNATURE_HEADER, receiveAlert } from '@vibemonitor/core';

/** Alertmanager sends every alert of a group in one request; 1 MB holds hundreds. */
export const MAX_ALERT_BODY_BYTES = 1024 * 1024;

const httpStatus: Partial<Record<AppErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
};

const single = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * `POST /api/v1/alerts/:endpointId`: Alertmanager (webhook v4), Grafana
 * (webhook contact point) and generic JSON alerts. The raw body is read here
 * (an HMAC signature covers its exact bytes); authentication comes before any
 * parsing or storage. Answers 202 with what happened to the alert group
 * (`started`, `duplicate`, `resolved`, `skipped`, `ignored`).
 */
export function alertRoutes(deps: ApiDeps): Router {
  const routes = Router();
  routes.post(
    '/api/v1/alerts/:endpointId',
    express.raw({ type: () => true, limit: MAX_ALERT_BODY_BYTES }),
    async (req, res: Response) => {
      res.setHeader('Cache-Control', 'no-store');
      try {
        const { workspaceId, ...received } = await receiveAlert(
          {
            db: deps.db,
            queue: deps.queue,
            secrets: deps.secrets,
            rateLimiter: deps.rateLimiter,
            llm: deps.llm,
            logger: req.log,
          },
          {
            endpointId: String(req.params.endpointId),
            rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
            authorization: single(req.headers.authorization),
            signature: single(req.headers[ALERT_SIGNATURE_HEADER]),
            ip: req.ip,
          },
        );
        req.log.info(
          { workspaceId, endpointId: req.params.endpointId, ...received },
          'alert received',
        );
        res.status(202).json({ ok: true, ...received });
      } catch (error) {
        if (!isAppError(error)) throw error;
        const status = httpStatus[error.code] ?? 500;
        const retryAfter = error.details?.retryAfterSeconds;
        if (status === 429 && typeof retryAfter === 'number')
          res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
        if (status === 401)
          req.log.warn({ endpointId: req.params.endpointId }, 'alert refused: bad credentials');
        res.status(status).json({ error: { code: error.code, message: error.message } });
      }
    },
  );
  const tooLarge: ErrorRequestHandler = (err, _req, res, next) => {
    if ((err as { type?: unknown }).type !== 'entity.too.large') {
      next(err);
      return;
    }
    res.status(413).json({
      error: {
        code: 'BAD_REQUEST',
        message: `Alert bodies are at most ${MAX_ALERT_BODY_BYTES} bytes.`,
      },
    });
  };
  routes.use('/api/v1/alerts', tooLarge);
  return routes;
}
