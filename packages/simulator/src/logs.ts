import { createRng, mix, type Rng } from './prng.js';
import type { Scenario } from './scenarios.js';
import { GRID_STEP_SECONDS, normalCdf } from './series.js';
import { LATENCY_SIGMA, type StepState } from './state.js';
import { NAMESPACE, serviceNames, services, type ServiceName, type ServiceSpec } from './topology.js';

export interface SimLogLine {
  /** Epoch milliseconds. */
  timestamp: number;
  line: string;
  /** Loki stream labels. */
  labels: Readonly<Record<string, string>>;
}

type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

interface Chatter {
  level: Level;
  weight: number;
  message: string;
}

/** Normal chatter per service: what a healthy day looks like. */
const chatter: Record<ServiceName, Chatter[]> = {
  gateway: [
    { level: 'info', weight: 20, message: 'request completed method={method} route={route} status=200 duration_ms={num} trace_id={trace}' },
    { level: 'info', weight: 1, message: 'upstream keepalive pool resized upstream={upstream} size={num}' },
    { level: 'warn', weight: 1, message: 'client closed connection before response route={route}' },
  ],
  auth: [
    { level: 'info', weight: 12, message: 'token issued user={email} ttl=3600s' },
    { level: 'info', weight: 6, message: 'token refreshed user={email}' },
    { level: 'warn', weight: 1, message: 'invalid credentials user={email} ip={ip}' },
  ],
  orders: [
    { level: 'info', weight: 10, message: 'c.shop.orders.OrderController : order {order} created for customer {num} total={num} cents' },
    { level: 'info', weight: 14, message: 'c.shop.orders.OrderController : GET /api/orders/{num} completed in {ms}' },
    { level: 'warn', weight: 1, message: 'c.shop.orders.InventoryClient : inventory reservation retried for sku {hex}' },
  ],
  payments: [
    { level: 'info', weight: 10, message: 'charge authorised payment_id={payid} amount_cents={num} currency={currency}' },
    { level: 'info', weight: 1, message: 'refund processed payment_id={payid}' },
  ],
  postgres: [
    { level: 'info', weight: 6, message: 'LOG:  duration: {float} ms  statement: SELECT id, status, total_cents FROM orders WHERE id = {num}' },
    { level: 'info', weight: 1, message: 'LOG:  checkpoint starting: time' },
    { level: 'info', weight: 1, message: 'LOG:  checkpoint complete: wrote {num} buffers ({float}%); 0 WAL file(s) added, 0 removed, 1 recycled' },
  ],
  redis: [
    { level: 'info', weight: 2, message: '* 100 changes in 300 seconds. Saving...' },
    { level: 'info', weight: 2, message: '* Background saving started by pid {num}' },
    { level: 'info', weight: 2, message: '* Background saving terminated with success' },
  ],
  reporting: [{ level: 'info', weight: 1, message: 'heartbeat: scheduler alive, next run at 02:00 UTC' }],
};

/** Lines per second of chatter at normal load. */
const chatterRate: Record<ServiceName, number> = { gateway: 0.3, auth: 0.15, orders: 0.25, payments: 0.1, postgres: 0.05, redis: 0.02, reporting: 0.02 };
const normalRps: Record<ServiceName, number> = { gateway: 150, auth: 52, orders: 82, payments: 16, postgres: 280, redis: 216, reporting: 1 };

const ROUTES = ['/api/orders', '/api/orders/{id}', '/api/checkout', '/api/login', '/api/cart'];

function fill(template: string, rng: Rng, time: number): string {
  return template.replace(/\{(\w+)\}/g, (_all, kind: string) => {
    switch (kind) {
      case 'num':
        return String(rng.int(1, 99_999));
      case 'float':
        return (rng.next() * 100).toFixed(3);
      case 'ms':
        return `${rng.int(5, 900)}ms`;
      case 'secs':
        return `${(rng.next() * 60).toFixed(1)}s`;
      case 'pct':
        return String(rng.int(40, 99));
      case 'mb':
        return String(rng.int(700, 1020));
      case 'line':
        return String(rng.int(40, 220));
      case 'hex':
        return rng.hex(8);
      case 'trace':
        return rng.hex(32);
      case 'payid':
        return `pay_${rng.hex(14)}`;
      case 'order':
        return `ord_${rng.hex(10)}`;
      case 'ip':
        return `10.${rng.int(0, 3)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
      case 'email':
        return `user${rng.int(1, 5000)}@example.com`;
      case 'route':
        return rng.pick(ROUTES);
      case 'method':
        return rng.pick(['GET', 'GET', 'POST']);
      case 'upstream':
        return rng.pick(['auth', 'orders']);
      case 'currency':
        return rng.pick(['EUR', 'USD', 'GBP']);
      case 'date':
        return new Date((time - rng.int(1, 400) * 86_400) * 1000).toISOString().slice(0, 10);
      case 'ts':
        return new Date(time * 1000).toISOString();
      default:
        return kind;
    }
  });
}

function format(spec: ServiceSpec, level: Level, message: string, timestampMs: number, rng: Rng): string {
  const iso = new Date(timestampMs).toISOString();
  switch (spec.logFormat) {
    case 'json':
      return JSON.stringify({ ts: iso, level, service: spec.name, msg: message, trace_id: rng.hex(32) });
    case 'logfmt':
      return `ts=${iso} level=${level} service=${spec.name} msg="${message.replace(/"/g, "'")}"`;
    case 'java':
      return `${iso.replace('T', ' ').replace('Z', '')} ${level.toUpperCase().padStart(5)} 1 --- [nio-8080-exec-${rng.int(1, 10)}] ${message.includes(' : ') ? message : `c.shop.orders.OrderService : ${message}`}`;
    case 'postgres':
      return `${iso.replace('T', ' ').replace('Z', '')} UTC [${rng.int(100, 9999)}] ${message}`;
    case 'redis': {
      const d = new Date(timestampMs);
      const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
      return `1:M ${String(d.getUTCDate()).padStart(2, '0')} ${month} ${d.getUTCFullYear()} ${iso.slice(11, 23)} ${message}`;
    }
    default:
      return `${iso} ${level.toUpperCase()} ${spec.name}: ${message}`;
  }
}

export function streamLabels(name: ServiceName): Record<string, string> {
  const spec = services[name];
  return { service_name: name, namespace: NAMESPACE, pod: spec.pod, container: name, job: `${NAMESPACE}/${name}` };
}

/**
 * Log lines of one service during one grid step: chatter scaled by traffic,
 * generic error and slow-request lines that follow the service's state (so
 * symptoms show up downstream too), and the scenario's incident lines.
 * Deterministic per (seed, service, step).
 */
export function linesForStep(input: { seed: number; scenario: Scenario; faultStart: number; state: StepState; service: ServiceName; stepIndex: number }): SimLogLine[] {
  const { state, service, scenario } = input;
  const spec = services[service];
  const rng = createRng(mix(input.seed, input.stepIndex, serviceNames.indexOf(service), 0x1095));
  const s = state.services[service];
  const load = service === 'reporting' ? 1 : s.rps / normalRps[service];
  const entries: Array<{ level: Level; message: string }> = [];
  const pool = chatter[service];
  const weights = pool.map((c) => c.weight);
  for (let n = rng.poisson(chatterRate[service] * load * GRID_STEP_SECONDS); n > 0; n--) {
    const c = pool[rng.weighted(weights)]!;
    entries.push({ level: c.level, message: fill(c.message, rng, state.time) });
  }
  if (spec.http !== null) {
    const base = service === 'gateway' ? 'upstream returned 5xx upstream={upstream} status=502 route={route}' : 'request failed status=500 route={route}';
    for (let n = rng.poisson(s.rps * s.errorRatio * GRID_STEP_SECONDS * 0.1); n > 0; n--) entries.push({ level: 'error', message: fill(base, rng, state.time) });
    // Share of requests slower than one second under the log-normal latency model.
    const slowShare = s.latencyMedian > 0 ? 1 - normalCdf(-Math.log(s.latencyMedian) / LATENCY_SIGMA) : 0;
    for (let n = rng.poisson(s.rps * slowShare * GRID_STEP_SECONDS * 0.02); n > 0; n--) entries.push({ level: 'warn', message: fill('slow request route={route} took {ms}', rng, state.time) });
  }
  const minute = (state.time - input.faultStart) / 60;
  if (minute >= 0) {
    for (const rule of scenario.logs) {
      if (rule.service !== service) continue;
      for (let n = rng.poisson((rule.perMinute(minute) / 60) * GRID_STEP_SECONDS); n > 0; n--) {
        entries.push({ level: rule.level, message: fill(rng.pick(rule.messages), rng, state.time) });
      }
    }
  }
  const labels = streamLabels(service);
  return entries
    .map((e) => {
      const timestamp = Math.floor((state.time + rng.next() * GRID_STEP_SECONDS) * 1000);
      return { timestamp, line: format(spec, e.level, e.message, timestamp, rng), labels };
    })
    .sort((a, b) => a.timestamp - b.timestamp);
}
