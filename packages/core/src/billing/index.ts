export {
  BILLING_NOT_CONFIGURED,
  billingGraceMs,
  billingSettingsFromConfig,
  requireBilling,
  type BillingSettings,
} from './billing-settings.js';
export { cancelSubscription } from './cancel-subscription.js';
export { changeServiceCount } from './change-service-count.js';
export { createPortalSession } from './create-portal-session.js';
export { getSubscription, type SubscriptionView } from './get-subscription.js';
export { getUsage, type UsageView } from './get-usage.js';
export { listInvoices, type InvoiceView } from './list-invoices.js';
export { listPlans, type PlanView, type PriceView } from './list-plans.js';
export { loadEffectivePlan, type EffectivePlan } from './load-effective-plan.js';
export {
  HANDLED_STRIPE_EVENTS,
  receiveStripeWebhook,
  type StripeWebhookResult,
} from './receive-stripe-webhook.js';
export { setWorkspacePlan } from './set-workspace-plan.js';
export { MAX_ADDITIONAL_SERVICES, startCheckout } from './start-checkout.js';
