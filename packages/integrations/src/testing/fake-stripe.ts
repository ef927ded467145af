import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  bearerOf,
  sendJson,
  startLocalHttpServer,
  type LocalHttpServer,
} from './local-http-server.js';

/*
 * A local server speaking the parts of Stripe's REST API that billing uses:
 * prices, customers, Checkout sessions, billing portal sessions,
 * subscriptions, subscription items and invoices. Requests are what the
 * official `stripe` client sends (form-encoded bodies with bracketed keys,
 * `Authorization: Bearer sk_...`, `Idempotency-Key` on POSTs); answers and
 * errors have Stripe's shapes (`{ error: { type, code, message, param } }`).
 *
 * What Stripe does on its own (a customer paying on the Checkout page,
 * renewals, failed charges, the end of a period) is driven by the helpers
 * below; every change is recorded as an Event object with Stripe's shape,
 * which the test signs and delivers to the webhook in whatever order it likes.
 */

type Json = Record<string, unknown>;

export interface FakeStripePrice {
  id: string;
  unitAmount: number;
  currency?: string;
  interval?: 'month' | 'year';
  nickname?: string;
}

export interface FakeStripeCall {
  method: string;
  path: string;
  params: Json;
  idempotencyKey: string | undefined;
}

export interface FakeStripe extends LocalHttpServer {
  /** Give this to the client as STRIPE_API_URL (its host/port/protocol options). */
  apiUrl: string;
  secretKey: string;
  customers: Map<string, Json>;
  checkoutSessions: Map<string, Json>;
  subscriptions: Map<string, Json>;
  invoices: Map<string, Json>;
  portalSessions: Json[];
  /** Every API call, oldest first (params decoded from the form body or query). */
  calls: FakeStripeCall[];
  /** Every event Stripe would have sent, oldest first. */
  events: Json[];
  /** Events not yet taken by a test, oldest first; clears them. */
  takeEvents(): Json[];
  /** The fake's clock (Unix seconds); starts at the real time. */
  now(): number;
  /** Moves the clock forward. */
  advance(seconds: number): void;
  /** The customer pays on the Checkout page: the subscription starts, its first invoice is paid. */
  completeCheckout(sessionId: string): { subscriptionId: string; events: Json[] };
  /** The next renewal charge fails: a new open invoice, the subscription goes `past_due`. */
  failPayment(subscriptionId: string): Json[];
  /** The open invoice is paid (a retry succeeded): the subscription is `active` again. */
  payOpenInvoice(subscriptionId: string): Json[];
  /** The current period ends: a subscription set to cancel is `canceled`, others renew (paid). */
  endPeriod(subscriptionId: string): Json[];
  /** Makes every API call answer 500 until cleared with false. */
  failApi(on: boolean): void;
}

const PERIOD_SECONDS = 30 * 24 * 3600;

function id(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}

function stripeError(res: ServerResponse, status: number, message: string, extra: Json = {}): void {
  sendJson(res, status, { error: { type: 'invalid_request_error', message, ...extra } });
}

/** Stripe's form encoding (`a[b][0][c]=v`) decoded into nested objects and arrays. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split('[').map((p, i) => (i === 0 ? p : p.replace(/]$/, '')));
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[index + 1]!);
      const container = node as Record<string, unknown>;
      if (last) {
        container[part] = value;
      } else {
        container[part] ??= nextIsIndex ? [] : {};
        node = container[part] as Record<string, unknown>;
      }
    });
  }
  return root;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const asString = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;
const asBool = (v: unknown): boolean | undefined =>
  v === 'true' ? true : v === 'false' ? false : undefined;
const asInt = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
};
const asMetadata = (v: unknown): Record<string, string> =>
  typeof v === 'object' && v !== null
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]))
    : {};
const asList = (v: unknown): Json[] =>
  Array.isArray(v)
    ? (v as Json[])
    : typeof v === 'object' && v !== null
      ? (Object.values(v) as Json[])
      : [];

export async function startFakeStripe(
  options: { secretKey?: string; prices?: FakeStripePrice[] } = {},
): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? 'sk_test_fake';
  let clock = Math.floor(Date.now() / 1000);
  let failing = false;
  let pendingFrom = 0;
  let invoiceNumber = 0;
  const prices = new Map<string, Json>(
    (options.prices ?? []).map((p) => [
      p.id,
      {
        id: p.id,
        object: 'price',
        active: true,
        currency: p.currency ?? 'usd',
        unit_amount: p.unitAmount,
        unit_amount_decimal: String(p.unitAmount),
        nickname: p.nickname ?? null,
        product: `prod_${p.id}`,
        recurring: { interval: p.interval ?? 'month', interval_count: 1, usage_type: 'licensed' },
        type: 'recurring',
        livemode: false,
        metadata: {},
      },
    ]),
  );
  const customers = new Map<string, Json>();
  const checkoutSessions = new Map<string, Json>();
  const subscriptions = new Map<string, Json>();
  const invoices = new Map<string, Json>();
  const portalSessions: Json[] = [];
  const calls: FakeStripeCall[] = [];
  const events: Json[] = [];
  const idempotent = new Map<string, { status: number; body: unknown }>();
  /** The fake's own URL (links in invoices, sessions), known once it listens. */
  let baseUrl = '';

  const clone = <T>(value: T): T => structuredClone(value);

  function emit(type: string, object: Json, previous?: Json): Json {
    const event: Json = {
      id: id('evt'),
      object: 'event',
      api_version: '2026-11-18.endive',
      created: clock,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: clone(object), ...(previous ? { previous_attributes: previous } : {}) },
    };
    events.push(event);
    return event;
  }

  function itemsOf(sub: Json): Json[] {
    return (sub.items as { data: Json[] }).data;
  }

  function makeInvoice(sub: Json, status: 'paid' | 'open'): Json {
    const lines = itemsOf(sub).map((item) => ({
      price: item.price,
      quantity: item.quantity,
      amount: Number((item.price as Json).unit_amount) * Number(item.quantity),
    }));
    const total = lines.reduce((sum, l) => sum + l.amount, 0);
    const first = itemsOf(sub)[0]!;
    const invoice: Json = {
      id: id('in'),
      object: 'invoice',
      customer: sub.customer,
      number: `FAKE-${String(++invoiceNumber).padStart(4, '0')}`,
      status,
      currency: 'usd',
      amount_due: total,
      amount_paid: status === 'paid' ? total : 0,
      amount_remaining: status === 'paid' ? 0 : total,
      attempt_count: 1,
      created: clock,
      period_start: first.current_period_start,
      period_end: first.current_period_end,
      hosted_invoice_url: `${baseUrl}/invoices/${invoiceNumber}`,
      invoice_pdf: `${baseUrl}/invoices/${invoiceNumber}.pdf`,
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: sub.id, metadata: clone(sub.metadata) },
      },
      livemode: false,
    };
    invoices.set(invoice.id as string, invoice);
    sub.latest_invoice = invoice.id;
    return invoice;
  }

  function subscriptionItem(
    subscriptionId: string,
    priceId: string,
    quantity: number,
    start: number,
  ): Json {
    const price = prices.get(priceId);
    if (!price) throw new Error(`No such price: '${priceId}'`);
    return {
      id: id('si'),
      object: 'subscription_item',
      subscription: subscriptionId,
      price: clone(price),
      quantity,
      current_period_start: start,
      current_period_end: start + PERIOD_SECONDS,
      created: clock,
      metadata: {},
    };
  }

  function requireSubscription(res: ServerResponse, subId: string): Json | undefined {
    const sub = subscriptions.get(subId);
    if (!sub)
      stripeError(res, 404, `No such subscription: '${subId}'`, {
        code: 'resource_missing',
        param: 'id',
      });
    return sub;
  }

  type Route = (
    req: IncomingMessage,
    res: ServerResponse,
    params: Json,
    match: RegExpMatchArray,
  ) => void;
  const routes: Array<[string, RegExp, Route]> = [
    [
      'GET',
      /^\/v1\/prices\/([^/]+)$/,
      (_req, res, _p, m) => {
        const price = prices.get(m[1]!);
        if (!price)
          return stripeError(res, 404, `No such price: '${m[1]}'`, {
            code: 'resource_missing',
            param: 'id',
          });
        sendJson(res, 200, price);
      },
    ],
    [
      'POST',
      /^\/v1\/customers$/,
      (_req, res, p) => {
        const customer: Json = {
          id: id('cus'),
          object: 'customer',
          email: asString(p.email) ?? null,
          name: asString(p.name) ?? null,
          metadata: asMetadata(p.metadata),
          created: clock,
          livemode: false,
        };
        customers.set(customer.id as string, customer);
        emit('customer.created', customer);
        sendJson(res, 200, customer);
      },
    ],
    [
      'GET',
      /^\/v1\/customers\/([^/]+)$/,
      (_req, res, _p, m) => {
        const customer = customers.get(m[1]!);
        if (!customer)
          return stripeError(res, 404, `No such customer: '${m[1]}'`, {
            code: 'resource_missing',
            param: 'id',
          });
        sendJson(res, 200, customer);
      },
    ],
    [
      'POST',
      /^\/v1\/checkout\/sessions$/,
      (_req, res, p) => {
        const customer = asString(p.customer);
        if (customer && !customers.has(customer))
          return stripeError(res, 400, `No such customer: '${customer}'`, {
            code: 'resource_missing',
            param: 'customer',
          });
        if (p.mode !== 'subscription')
          return stripeError(res, 400, 'This fake only supports mode=subscription.', {
            param: 'mode',
          });
        if (!asString(p.success_url))
          return stripeError(res, 400, 'Missing required param: success_url.', {
            param: 'success_url',
          });
        const lineItems = asList(p.line_items).map((item, index) => {
          const price = asString(item.price);
          if (!price || !prices.has(price))
            throw Object.assign(new Error(`No such price: '${price}'`), {
              param: `line_items[${index}][price]`,
            });
          return { price, quantity: asInt(item.quantity) ?? 1 };
        });
        if (lineItems.length === 0)
          return stripeError(res, 400, 'Missing required param: line_items.', {
            param: 'line_items',
          });
        const sessionId = id('cs_test');
        const session: Json = {
          id: sessionId,
          object: 'checkout.session',
          mode: 'subscription',
          status: 'open',
          payment_status: 'unpaid',
          customer: customer ?? null,
          client_reference_id: asString(p.client_reference_id) ?? null,
          metadata: asMetadata(p.metadata),
          success_url: p.success_url,
          cancel_url: asString(p.cancel_url) ?? null,
          url: `${baseUrl}/checkout/${sessionId}`,
          subscription: null,
          created: clock,
          expires_at: clock + 24 * 3600,
          livemode: false,
          // Not part of Stripe's object (line items are a sub-resource there); kept for the helpers.
          _line_items: lineItems,
          _subscription_metadata: asMetadata((p.subscription_data as Json | undefined)?.metadata),
        };
        checkoutSessions.set(sessionId, session);
        sendJson(res, 200, publicSession(session));
      },
    ],
    [
      'GET',
      /^\/v1\/checkout\/sessions\/([^/]+)$/,
      (_req, res, _p, m) => {
        const session = checkoutSessions.get(m[1]!);
        if (!session)
          return stripeError(res, 404, `No such checkout.session: '${m[1]}'`, {
            code: 'resource_missing',
            param: 'session',
          });
        sendJson(res, 200, publicSession(session));
      },
    ],
    [
      'POST',
      /^\/v1\/billing_portal\/sessions$/,
      (_req, res, p) => {
        const customer = asString(p.customer);
        if (!customer || !customers.has(customer))
          return stripeError(res, 400, `No such customer: '${customer}'`, {
            code: 'resource_missing',
            param: 'customer',
          });
        const session: Json = {
          id: id('bps'),
          object: 'billing_portal.session',
          customer,
          return_url: asString(p.return_url) ?? null,
          url: `${baseUrl}/portal/${randomBytes(8).toString('hex')}`,
          created: clock,
          livemode: false,
        };
        portalSessions.push(session);
        sendJson(res, 200, session);
      },
    ],
    [
      'GET',
      /^\/v1\/subscriptions\/([^/]+)$/,
      (_req, res, _p, m) => {
        const sub = requireSubscription(res, m[1]!);
        if (sub) sendJson(res, 200, sub);
      },
    ],
    [
      'POST',
      /^\/v1\/subscriptions\/([^/]+)$/,
      (_req, res, p, m) => {
        const sub = requireSubscription(res, m[1]!);
        if (!sub) return;
        if (sub.status === 'canceled')
          return stripeError(
            res,
            400,
            'A canceled subscription can only update its cancellation_details and metadata.',
          );
        const previous: Json = {};
        const cancel = asBool(p.cancel_at_period_end);
        if (cancel !== undefined && cancel !== sub.cancel_at_period_end) {
          previous.cancel_at_period_end = sub.cancel_at_period_end;
          sub.cancel_at_period_end = cancel;
          sub.cancel_at = cancel ? itemsOf(sub)[0]!.current_period_end : null;
          sub.canceled_at = cancel ? clock : null;
        }
        for (const change of asList(p.items)) {
          const item = itemsOf(sub).find((i) => i.id === change.id);
          if (!item)
            return stripeError(res, 400, `No such subscription item: '${String(change.id)}'`, {
              param: 'items',
            });
          const quantity = asInt(change.quantity);
          if (quantity !== undefined) item.quantity = quantity;
        }
        if (p.metadata) sub.metadata = { ...(sub.metadata as Json), ...asMetadata(p.metadata) };
        emit('customer.subscription.updated', sub, previous);
        sendJson(res, 200, sub);
      },
    ],
    [
      'DELETE',
      /^\/v1\/subscriptions\/([^/]+)$/,
      (_req, res, _p, m) => {
        const sub = requireSubscription(res, m[1]!);
        if (!sub) return;
        if (sub.status === 'canceled')
          return stripeError(res, 400, `No such subscription: '${m[1]}'`, {
            code: 'resource_missing',
          });
        sub.status = 'canceled';
        sub.canceled_at = clock;
        sub.ended_at = clock;
        emit('customer.subscription.deleted', sub);
        sendJson(res, 200, sub);
      },
    ],
    [
      'POST',
      /^\/v1\/subscription_items$/,
      (_req, res, p) => {
        const sub = requireSubscription(res, asString(p.subscription) ?? '');
        if (!sub) return;
        const price = asString(p.price);
        if (!price || !prices.has(price))
          return stripeError(res, 400, `No such price: '${price}'`, { param: 'price' });
        if (itemsOf(sub).some((i) => (i.price as Json).id === price))
          return stripeError(
            res,
            400,
            'The price specified is already used by an item of this subscription.',
            { param: 'price' },
          );
        const first = itemsOf(sub)[0]!;
        const item = subscriptionItem(
          sub.id as string,
          price,
          asInt(p.quantity) ?? 1,
          first.current_period_start as number,
        );
        item.current_period_end = first.current_period_end;
        itemsOf(sub).push(item);
        emit('customer.subscription.updated', sub, { items: {} });
        sendJson(res, 200, item);
      },
    ],
    [
      'POST',
      /^\/v1\/subscription_items\/([^/]+)$/,
      (_req, res, p, m) => {
        const sub = [...subscriptions.values()].find((s) => itemsOf(s).some((i) => i.id === m[1]));
        const item = sub && itemsOf(sub).find((i) => i.id === m[1]);
        if (!sub || !item)
          return stripeError(res, 404, `No such subscription item: '${m[1]}'`, {
            code: 'resource_missing',
            param: 'id',
          });
        const quantity = asInt(p.quantity);
        if (quantity !== undefined) {
          if (quantity < 0)
            return stripeError(res, 400, 'Invalid quantity: must be at least 0.', {
              param: 'quantity',
            });
          item.quantity = quantity;
        }
        emit('customer.subscription.updated', sub, { items: {} });
        sendJson(res, 200, item);
      },
    ],
    [
      'GET',
      /^\/v1\/invoices$/,
      (_req, res, p) => {
        const customer = asString(p.customer);
        const limit = Math.min(asInt(p.limit) ?? 10, 100);
        let list = [...invoices.values()]
          .filter((i) => !customer || i.customer === customer)
          .filter(
            (i) =>
              !asString(p.subscription) ||
              (i.parent as { subscription_details: Json }).subscription_details.subscription ===
                p.subscription,
          )
          .sort(
            (a, b) =>
              Number(b.created) - Number(a.created) ||
              String(b.number).localeCompare(String(a.number)),
          );
        const after = asString(p.starting_after);
        if (after) {
          const index = list.findIndex((i) => i.id === after);
          list = index >= 0 ? list.slice(index + 1) : [];
        }
        sendJson(res, 200, {
          object: 'list',
          url: '/v1/invoices',
          has_more: list.length > limit,
          data: list.slice(0, limit),
        });
      },
    ],
  ];

  function publicSession(session: Json): Json {
    const { _line_items: _items, _subscription_metadata: _meta, ...rest } = session;
    return rest;
  }

  const server = await startLocalHttpServer(async (req, res, url) => {
    const body = await readBody(req);
    const params =
      req.method === 'GET' || req.method === 'DELETE'
        ? parseStripeForm(url.search.slice(1))
        : parseStripeForm(body);
    const idempotencyKey =
      typeof req.headers['idempotency-key'] === 'string'
        ? req.headers['idempotency-key']
        : undefined;
    calls.push({ method: req.method ?? 'GET', path: url.pathname, params, idempotencyKey });
    if (bearerOf(req) !== secretKey) {
      return stripeError(res, 401, 'Invalid API Key provided.');
    }
    if (failing)
      return sendJson(res, 500, {
        error: { type: 'api_error', message: 'The fake is failing on purpose.' },
      });
    const cacheKey =
      idempotencyKey && req.method === 'POST' ? `${url.pathname} ${idempotencyKey}` : undefined;
    const cached = cacheKey ? idempotent.get(cacheKey) : undefined;
    if (cached) {
      res.writeHead(cached.status, {
        'content-type': 'application/json',
        'idempotent-replayed': 'true',
      });
      res.end(JSON.stringify(cached.body));
      return;
    }
    if (cacheKey) {
      // Record what this request answers so a retry with the same key gets the same object.
      const end = res.end.bind(res);
      res.end = ((chunk: unknown, ...rest: unknown[]) => {
        if (typeof chunk === 'string')
          idempotent.set(cacheKey, { status: res.statusCode, body: JSON.parse(chunk) });
        return (end as (...a: unknown[]) => ServerResponse)(chunk, ...rest);
      }) as typeof res.end;
    }
    for (const [method, pattern, handler] of routes) {
      const match = url.pathname.match(pattern);
      if (req.method === method && match) {
        try {
          handler(req, res, params, match);
        } catch (error) {
          const param = (error as { param?: string }).param;
          stripeError(res, 400, (error as Error).message, param ? { param } : {});
        }
        return;
      }
    }
    stripeError(res, 404, `Unrecognized request URL (${req.method}: ${url.pathname}).`);
  });

  baseUrl = server.url;

  function subscriptionFor(subscriptionId: string): Json {
    const sub = subscriptions.get(subscriptionId);
    if (!sub) throw new Error(`fake Stripe: no subscription ${subscriptionId}`);
    return sub;
  }

  return {
    ...server,
    apiUrl: server.url,
    secretKey,
    customers,
    checkoutSessions,
    subscriptions,
    invoices,
    portalSessions,
    calls,
    events,
    takeEvents() {
      const taken = events.slice(pendingFrom);
      pendingFrom = events.length;
      return taken;
    },
    now: () => clock,
    advance(seconds) {
      clock += seconds;
    },
    failApi(on) {
      failing = on;
    },
    completeCheckout(sessionId) {
      const session = checkoutSessions.get(sessionId);
      if (!session) throw new Error(`fake Stripe: no checkout session ${sessionId}`);
      if (session.status !== 'open')
        throw new Error(`fake Stripe: checkout session ${sessionId} is ${String(session.status)}`);
      let customer = session.customer as string | null;
      if (!customer) {
        customer = id('cus');
        customers.set(customer, {
          id: customer,
          object: 'customer',
          metadata: {},
          created: clock,
          livemode: false,
        });
      }
      const subId = id('sub');
      const sub: Json = {
        id: subId,
        object: 'subscription',
        customer,
        status: 'active',
        cancel_at_period_end: false,
        cancel_at: null,
        canceled_at: null,
        ended_at: null,
        created: clock,
        start_date: clock,
        metadata: clone(session._subscription_metadata as Json),
        items: {
          object: 'list',
          data: (session._line_items as Array<{ price: string; quantity: number }>).map((l) =>
            subscriptionItem(subId, l.price, l.quantity, clock),
          ),
        },
        latest_invoice: null,
        livemode: false,
      };
      subscriptions.set(subId, sub);
      const invoice = makeInvoice(sub, 'paid');
      Object.assign(session, {
        status: 'complete',
        payment_status: 'paid',
        customer,
        subscription: subId,
      });
      const emitted = [
        emit('customer.subscription.created', sub),
        emit('invoice.paid', invoice),
        emit('checkout.session.completed', publicSession(session)),
      ];
      return { subscriptionId: subId, events: emitted };
    },
    failPayment(subscriptionId) {
      const sub = subscriptionFor(subscriptionId);
      for (const item of itemsOf(sub)) {
        item.current_period_start = item.current_period_end;
        item.current_period_end = Number(item.current_period_end) + PERIOD_SECONDS;
      }
      const invoice = makeInvoice(sub, 'open');
      const previous = { status: sub.status };
      sub.status = 'past_due';
      return [
        emit('invoice.payment_failed', invoice),
        emit('customer.subscription.updated', sub, previous),
      ];
    },
    payOpenInvoice(subscriptionId) {
      const sub = subscriptionFor(subscriptionId);
      const invoice = invoices.get(String(sub.latest_invoice));
      if (!invoice || invoice.status !== 'open') throw new Error('fake Stripe: no open invoice');
      Object.assign(invoice, {
        status: 'paid',
        amount_paid: invoice.amount_due,
        amount_remaining: 0,
        attempt_count: 2,
      });
      const previous = { status: sub.status };
      sub.status = 'active';
      return [emit('invoice.paid', invoice), emit('customer.subscription.updated', sub, previous)];
    },
    endPeriod(subscriptionId) {
      const sub = subscriptionFor(subscriptionId);
      const end = Number(itemsOf(sub)[0]!.current_period_end);
      if (clock < end) clock = end;
      if (sub.cancel_at_period_end) {
        Object.assign(sub, { status: 'canceled', ended_at: clock });
        return [emit('customer.subscription.deleted', sub)];
      }
      for (const item of itemsOf(sub)) {
        item.current_period_start = item.current_period_end;
        item.current_period_end = Number(item.current_period_end) + PERIOD_SECONDS;
      }
      const invoice = makeInvoice(sub, 'paid');
      return [
        emit('invoice.paid', invoice),
        emit('customer.subscription.updated', sub, { items: {} }),
      ];
    },
  };
}
