import express, { Router } from 'express';
import type { ApiDeps } from '@vibemonitor/api';
import { isAppError } from '@vibemonitor/contracts';
import { BILLING_NOT_CONFIGURED, receiveStripeWebhook } from '@vibemonitor/core';

/** Stripe's event payloads stay far below this; anything bigger is not Stripe. */
export const MAX_STRIPE_WEBHOOK_BYTES = 1024 * 1024;

/**
 * `POST /api/v1/webhooks/stripe`: Stripe's webhook endpoint. The raw body
 * (this router parses no JSON and is mounted before anything that would) is
 * verified with `stripe.webhooks.constructEvent`; the event is applied inline
 * in one transaction with its id (see receiveStripeWebhook). Answers: 200
 * (applied, duplicate or ignored type), 400 (bad signature: nothing stored),
 * 404 (billing off), 503 (Stripe unreachable: Stripe retries).
 */
export function stripeRoutes(deps: ApiDeps): Router {
  const routes = Router();
  routes.post(
    '/api/v1/webhooks/stripe',
    express.raw({ type: () => true, limit: MAX_STRIPE_WEBHOOK_BYTES }),
    async (req, res) => {
      if (!deps.billing) {
        res.status(404).json({ error: { code: 'NOT_FOUND', message: BILLING_NOT_CONFIGURED } });
        return;
      }
      const signature = req.headers['stripe-signature'];
      try {
        const result = await receiveStripeWebhook({
          db: deps.db,
          billing: deps.billing,
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          signature: typeof signature === 'string' ? signature : undefined,
        });
        req.log.info(
          {
            eventId: result.eventId,
            type: result.type,
            outcome: result.outcome,
            workspaceId: result.workspaceId,
          },
          'Stripe event received',
        );
        res
          .status(200)
          .json({ received: true, duplicate: result.duplicate, outcome: result.outcome });
      } catch (error) {
        if (!isAppError(error)) throw error;
        const status =
          error.code === 'BAD_REQUEST' ? 400 : error.code === 'UNAVAILABLE' ? 503 : 500;
        if (status === 400) req.log.warn('Stripe webhook refused: bad signature');
        res.status(status).json({ error: { code: error.code, message: error.message } });
      }
    },
  );
  return routes;
}
