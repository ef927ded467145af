import { AppError } from '@vibemonitor/contracts';
import { createStripeClient, type StripeClient } from '@vibemonitor/integrations';
import type { AppConfig } from '../config/app-config.js';

/** Stripe billing for this deployment; present only when all four STRIPE_* variables are set. */
export interface BillingSettings {
  stripe: StripeClient;
  webhookSecret: string;
  /** The recurring price of the Pro base subscription (includes the plan's services). */
  proPriceId: string;
  /** The recurring per-unit price of each service beyond the included ones. */
  additionalServicePriceId: string;
  /** How long `past_due` keeps the paid limits. */
  graceMs: number;
}

/** What every billing action answers when Stripe is not configured on this server. */
export const BILLING_NOT_CONFIGURED =
  'Billing is not configured on this server: set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRO_PLAN_PRICE_ID and STRIPE_ADDITIONAL_SERVICE_PRICE_ID (see README, "Billing"). Without them the plans table decides limits, and an administrator sets a workspace\'s plan with `pnpm admin set-plan`.';

const DAY_MS = 24 * 3600 * 1000;

/** The grace period of a past_due subscription, from BILLING_GRACE_DAYS. */
export function billingGraceMs(config: Pick<AppConfig, 'core'>): number {
  return Math.round(config.core.BILLING_GRACE_DAYS * DAY_MS);
}

export function billingSettingsFromConfig(
  config: Pick<AppConfig, 'core'>,
): BillingSettings | undefined {
  const core = config.core;
  if (
    !core.STRIPE_SECRET_KEY ||
    !core.STRIPE_WEBHOOK_SECRET ||
    !core.STRIPE_PRO_PLAN_PRICE_ID ||
    !core.STRIPE_ADDITIONAL_SERVICE_PRICE_ID
  )
    return undefined;
  return {
    stripe: createStripeClient({ secretKey: core.STRIPE_SECRET_KEY, apiUrl: core.STRIPE_API_URL }),
    webhookSecret: core.STRIPE_WEBHOOK_SECRET,
    proPriceId: core.STRIPE_PRO_PLAN_PRICE_ID,
    additionalServicePriceId: core.STRIPE_ADDITIONAL_SERVICE_PRICE_ID,
    graceMs: billingGraceMs(config),
  };
}

/** The settings, or PRECONDITION_FAILED saying billing is not configured. */
export function requireBilling(billing: BillingSettings | undefined): BillingSettings {
  if (!billing) throw new AppError('PRECONDITION_FAILED', BILLING_NOT_CONFIGURED);
  return billing;
}
