import { eq } from 'drizzle-orm';
import { billingCustomers, type Database } from '@vibemonitor/db';
import { requireBilling, type BillingSettings } from './billing-settings.js';
import { callStripe } from './call-stripe.js';

export interface InvoiceView {
  id: string;
  number: string | null;
  status: string | null;
  /** In the currency's smallest unit (cents). */
  amountDue: number;
  amountPaid: number;
  currency: string;
  createdAt: Date;
  periodStart: Date;
  periodEnd: Date;
  hostedInvoiceUrl: string | null;
  pdfUrl: string | null;
}

/** The workspace's Stripe invoices, newest first, a page at a time (owners). */
export async function listInvoices({
  db,
  billing: maybeBilling,
  workspaceId,
  limit,
  cursor,
}: {
  db: Database;
  billing: BillingSettings | undefined;
  workspaceId: string;
  limit: number;
  cursor: string | undefined;
}): Promise<{ items: InvoiceView[]; nextCursor: string | null }> {
  const billing = requireBilling(maybeBilling);
  const [customer] = await db
    .select({ id: billingCustomers.stripeCustomerId })
    .from(billingCustomers)
    .where(eq(billingCustomers.workspaceId, workspaceId));
  if (!customer) return { items: [], nextCursor: null };
  const page = await callStripe('list invoices', () =>
    billing.stripe.invoices.list({
      customer: customer.id,
      limit,
      ...(cursor ? { starting_after: cursor } : {}),
    }),
  );
  const items = page.data.map((invoice): InvoiceView => ({
    id: invoice.id,
    number: invoice.number ?? null,
    status: invoice.status ?? null,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    createdAt: new Date(invoice.created * 1000),
    periodStart: new Date(invoice.period_start * 1000),
    periodEnd: new Date(invoice.period_end * 1000),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    pdfUrl: invoice.invoice_pdf ?? null,
  }));
  return { items, nextCursor: page.has_more ? (items.at(-1)?.id ?? null) : null };
}
