export { createWebhookEndpoint } from './create-webhook-endpoint.js';
export { deleteWebhookEndpoint } from './delete-webhook-endpoint.js';
export { deliverWebhook, type WebhookAttemptOutcome } from './deliver-webhook.js';
export { emitWebhookEvent, webhookAttemptJobId } from './emit-webhook-event.js';
export { listWebhookDeliveries, type WebhookDeliveryView } from './list-webhook-deliveries.js';
export { listWebhookEndpoints } from './list-webhook-endpoints.js';
export { redeliverWebhook } from './redeliver-webhook.js';
export { rotateWebhookSecret } from './rotate-webhook-secret.js';
export { updateWebhookEndpoint } from './update-webhook-endpoint.js';
export { normalizeWebhookUrl, type WebhookEndpointView } from './webhook-endpoint-view.js';
export { createWebhookNotifier } from './webhook-notifier.js';
export {
  DEFAULT_WEBHOOK_SETTINGS,
  MAX_WEBHOOK_ENDPOINTS,
  webhookRetryDelayMs,
  webhookSettingsFromConfig,
  type WebhookSettings,
} from './webhook-settings.js';
