import { asc } from 'drizzle-orm';
import type { PlanId } from '@vibemonitor/contracts';
import { plans, type Database } from '@vibemonitor/db';
import type { StripePrice } from '@vibemonitor/integrations';
import type { BillingSettings } from './billing-settings.js';
import { callStripe } from './call-stripe.js';

export interface PriceView {
  /** In the currency's smallest unit (cents). */
  amount: number;
  currency: string;
  interval: string | null;
}

export interface PlanView {
  id: PlanId;
  name: string;
  /** Services the plan includes; null means unlimited. */
  includedServices: number | null;
  dailyInvestigations: number;
  /** The base price (Stripe's price object when billing is configured); null for Free or when not sold here. */
  price: PriceView | null;
  /** The price of each service beyond the included ones; null when not sold. */
  additionalServicePrice: PriceView | null;
}

const PRICE_TTL_MS = 10 * 60 * 1000;
const priceCache = new WeakMap<BillingSettings, { at: number; pro: PriceView; extra: PriceView }>();

function toPriceView(price: StripePrice): PriceView {
  return {
    amount: price.unit_amount ?? 0,
    currency: price.currency,
    interval: price.recurring?.interval ?? null,
  };
}

async function stripePrices(
  billing: BillingSettings,
): Promise<{ pro: PriceView; extra: PriceView }> {
  const cached = priceCache.get(billing);
  if (cached && Date.now() - cached.at < PRICE_TTL_MS) return cached;
  const [pro, extra] = await callStripe('read the prices', () =>
    Promise.all([
      billing.stripe.prices.retrieve(billing.proPriceId),
      billing.stripe.prices.retrieve(billing.additionalServicePriceId),
    ]),
  );
  const fresh = { at: Date.now(), pro: toPriceView(pro), extra: toPriceView(extra) };
  priceCache.set(billing, fresh);
  return fresh;
}

/**
 * Free and Pro from the plans table (public). With billing configured, Pro's
 * prices come from Stripe's price objects (cached for ten minutes); without
 * it prices are null: plans are then assigned by an administrator.
 */
export async function listPlans({
  db,
  billing,
}: {
  db: Database;
  billing: BillingSettings | undefined;
}): Promise<{ billingConfigured: boolean; plans: PlanView[] }> {
  const rows = await db.select().from(plans).orderBy(asc(plans.dailyInvestigations), asc(plans.id));
  const prices = billing ? await stripePrices(billing) : undefined;
  return {
    billingConfigured: billing !== undefined,
    plans: rows.map((row) => ({
      id: row.id,
      name: row.name,
      includedServices: row.maxServices,
      dailyInvestigations: row.dailyInvestigations,
      price: row.id === 'pro' && prices ? prices.pro : null,
      additionalServicePrice: row.id === 'pro' && prices ? prices.extra : null,
    })),
  };
}
