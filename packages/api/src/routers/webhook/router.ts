import { router } from '../../trpc.js';
import { createWebhookEndpointProcedure } from './create-webhook-endpoint.js';
import { deleteWebhookEndpointProcedure } from './delete-webhook-endpoint.js';
import { listWebhookDeliveriesProcedure } from './list-webhook-deliveries.js';
import { listWebhookEndpointsProcedure } from './list-webhook-endpoints.js';
import { redeliverWebhookProcedure } from './redeliver-webhook.js';
import { rotateWebhookSecretProcedure } from './rotate-webhook-secret.js';
import { updateWebhookEndpointProcedure } from './update-webhook-endpoint.js';

export const webhookRouter = router({
  endpoints: router({
    list: listWebhookEndpointsProcedure,
    create: createWebhookEndpointProcedure,
    update: updateWebhookEndpointProcedure,
    rotateSecret: rotateWebhookSecretProcedure,
    delete: deleteWebhookEndpointProcedure,
  }),
  deliveries: router({
    list: listWebhookDeliveriesProcedure,
    redeliver: redeliverWebhookProcedure,
  }),
});
