import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { loadDemoEnv } from './env.js';

// The incident lab's demo service: a small checkout API with the telemetry a
// real one has. Metrics follow the OpenTelemetry HTTP semantic conventions as
// the Prometheus exporter renders them; logs are JSON lines on stdout (the
// lab ships them to the Loki-speaking server). Each checkout reads the cart
// from Redis, records the order in PostgreSQL with a connection of its own
// (like a serverless handler) and writes a receipt file. The `/lab/*` routes
// are the fault switches the lab flips.

const env = loadDemoEnv();
const service = env.SERVICE_NAME;

function log(level: 'info' | 'warn' | 'error', msg: string, extra: Record<string, unknown> = {}) {
  process.stdout.write(
    `${JSON.stringify({ ts: new Date().toISOString(), level, service, version: env.SERVICE_VERSION, msg, ...extra })}\n`,
  );
}

const registry = new Registry();
registry.setDefaultLabels({ service_name: service });
collectDefaultMetrics({ register: registry });
const duration = new Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'Duration of HTTP server requests.',
  labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  registers: [registry],
});
// OpenTelemetry's resource as the Prometheus exporter exposes it: the deploy check reads versions here.
new Gauge({
  name: 'target_info',
  help: 'Target metadata',
  labelNames: ['service_version', 'telemetry_sdk_language'],
  registers: [registry],
}).set({ service_version: env.SERVICE_VERSION, telemetry_sdk_language: 'nodejs' }, 1);

const redis = new Redis(env.REDIS_URL, {
  lazyConnect: false,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 500,
  retryStrategy: () => 500,
});
let redisDown = false;
redis.on('error', (error: Error) => {
  if (!redisDown) log('error', `redis connection lost: ${error.message}`, { peer: 'redis' });
  redisDown = true;
});
redis.on('ready', () => {
  if (redisDown) log('info', 'redis connection restored', { peer: 'redis' });
  redisDown = false;
});

let errorRatio = 0;
let stress: ChildProcess | undefined;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readCart(id: string): Promise<number> {
  try {
    return await redis.incr(`cart:${id}`);
  } catch (error) {
    throw new HttpError(503, `redis INCR cart failed: ${(error as Error).message}`);
  }
}

async function recordOrder(total: number): Promise<void> {
  const sql = postgres(env.DATABASE_URL, {
    max: 1,
    connect_timeout: 2,
    idle_timeout: 1,
    onnotice: () => undefined,
  });
  try {
    await sql`select ${total}::int as total`;
  } catch (error) {
    throw new HttpError(500, `postgres insert order failed: ${(error as Error).message}`);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

let receiptsWritten = 0;
async function writeReceipt(orderId: string): Promise<void> {
  try {
    await writeFile(
      join(env.RECEIPTS_DIR, `${orderId}.json`),
      JSON.stringify({ orderId, pad: 'x'.repeat(2048) }),
    );
  } catch (error) {
    throw new HttpError(500, `writing receipt failed: ${(error as Error).message}`);
  }
  // Old receipts are shipped elsewhere: keep the volume's steady state small.
  if (++receiptsWritten % 50 === 0) {
    const files = (await readdir(env.RECEIPTS_DIR)).sort();
    await Promise.all(
      files
        .slice(0, Math.max(0, files.length - 50))
        .map((f) => unlink(join(env.RECEIPTS_DIR, f)).catch(() => undefined)),
    );
  }
}

async function checkout(): Promise<unknown> {
  const orderId = `${Date.now()}-${randomBytes(3).toString('hex')}`;
  const items = await readCart(orderId.slice(-2));
  if (Math.random() < errorRatio)
    throw new HttpError(
      500,
      "TypeError: Cannot read properties of undefined (reading 'currency') at priceCart (pricing.js:42)",
    );
  if (Math.random() < env.BUG_RATIO)
    throw new HttpError(
      500,
      `TypeError: discount is not a function at applyPromotions (promotions.js:17) [${env.SERVICE_VERSION}]`,
    );
  await recordOrder(items);
  await writeReceipt(orderId);
  return { orderId, items };
}

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      try {
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch {
        resolve({});
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function control(path: string, body: Record<string, unknown>, res: ServerResponse) {
  if (path === '/lab/error-rate') {
    errorRatio = Math.min(1, Math.max(0, Number(body.ratio ?? 0)));
    return send(res, 200, { errorRatio });
  }
  if (path === '/lab/cpu-burn') {
    // One stress-ng CPU worker, child of this process (same process group), bounded by its own timeout.
    const seconds = Math.min(120, Math.max(1, Number(body.seconds ?? 30)));
    stress?.kill('SIGKILL');
    stress = spawn(env.STRESS_NG, ['--cpu', '1', '--timeout', `${seconds}s`, '--quiet'], {
      stdio: 'ignore',
    });
    stress.on('exit', () => (stress = undefined));
    return send(res, 200, { pid: stress.pid, seconds });
  }
  if (path === '/lab/cpu-stop') {
    stress?.kill('SIGKILL');
    return send(res, 200, {});
  }
  return send(res, 404, { error: 'unknown switch' });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/metrics') {
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    });
    return;
  }
  if (url.pathname === '/health') return send(res, 200, { ok: true, version: env.SERVICE_VERSION });
  if (url.pathname.startsWith('/lab/') && req.method === 'POST') {
    void readBody(req).then((body) => control(url.pathname, body, res));
    return;
  }
  if (url.pathname !== '/checkout') return send(res, 404, { error: 'not found' });
  const started = performance.now();
  checkout()
    .then(
      (body) => ({ status: 200, body }),
      (error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof Error ? error.message : String(error);
        log('error', `checkout failed: ${message}`, { route: '/checkout', status });
        return { status, body: { error: message } };
      },
    )
    .then(({ status, body }) => {
      duration.observe(
        {
          http_request_method: req.method ?? 'GET',
          http_route: '/checkout',
          http_response_status_code: String(status),
        },
        (performance.now() - started) / 1000,
      );
      send(res, status, body);
    })
    .catch(() => undefined);
});

await mkdir(env.RECEIPTS_DIR, { recursive: true });
server.listen(env.PORT, '127.0.0.1', () => {
  log('info', `${service} starting version ${env.SERVICE_VERSION}, listening on ${env.PORT}`);
});

function shutdown() {
  stress?.kill('SIGKILL');
  log('info', `${service} shutting down`);
  server.close();
  redis.disconnect();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
