import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';

export interface RunningHttpServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections, waits for in-flight requests up to the deadline, then cuts the rest (SSE streams). */
  close: (timeoutMs?: number) => Promise<void>;
}

/** Bounds on what one client, or all of them, can hold open (see README "Reliability and security"). */
export interface HttpLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included (a stalled upload is cut); never cuts a response. */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Requests one keep-alive connection may carry (0 = no limit). */
  maxRequestsPerSocket: number;
  /** Open connections in total; over it, requests get 503 (0 = no cap). */
  maxConnections: number;
  /** Open connections from one client address; over it, requests get 429 (0 = no cap). */
  maxConnectionsPerIp: number;
}

export const defaultHttpLimits: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  maxConnections: 4_096,
  maxConnectionsPerIp: 256,
};

type Refusal = { status: 503 | 429; code: string; message: string };
const refusals = new WeakMap<Socket, Refusal>();

/**
 * Counts open connections in total and per remote address. A connection over
 * a cap is still accepted by the kernel, so rather than dropping it silently
 * (a client would just retry) its requests get a clear 503 or 429 with
 * `Connection: close`; the slot frees as soon as that answer is sent.
 */
function trackConnections(server: Server, limits: HttpLimits): void {
  let open = 0;
  const perIp = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? 'unknown';
    open += 1;
    const fromIp = (perIp.get(ip) ?? 0) + 1;
    perIp.set(ip, fromIp);
    socket.once('close', () => {
      open -= 1;
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left <= 0) perIp.delete(ip);
      else perIp.set(ip, left);
    });
    if (limits.maxConnections > 0 && open > limits.maxConnections) {
      refusals.set(socket, {
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: `The server is at its limit of ${limits.maxConnections} open connections. Retry shortly.`,
      });
    } else if (limits.maxConnectionsPerIp > 0 && fromIp > limits.maxConnectionsPerIp) {
      refusals.set(socket, {
        status: 429,
        code: 'TOO_MANY_REQUESTS',
        message: `Too many open connections from your address (limit ${limits.maxConnectionsPerIp}). Close some and retry.`,
      });
    }
  });
}

/** Answers a request on a connection over a cap; true when it did. */
function refuseIfOverCap(req: IncomingMessage, res: ServerResponse): boolean {
  const refusal = refusals.get(req.socket);
  if (!refusal) return false;
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  res.writeHead(refusal.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'retry-after': '5',
    connection: 'close',
  });
  res.end(body);
  return true;
}

/**
 * Binds the port first and attaches the app afterwards: the app's settings
 * (public URL, OAuth callback URLs) may depend on the port actually bound.
 */
export async function listen(
  port: number,
  host: string,
  limits: HttpLimits = defaultHttpLimits,
): Promise<RunningHttpServer & { attach(app: Express): void }> {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  const server = createServer({
    // How often Node looks for requests past these deadlines (default 30 s, too coarse for them).
    connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(headersTimeout / 2))),
    headersTimeout,
    // Covers receiving the request only: a long SSE response is not cut by it.
    requestTimeout: limits.requestTimeoutMs,
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  trackConnections(server, limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    server,
    attach: (app) => {
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        if (!refuseIfOverCap(req, res)) app(req, res);
      });
    },
    port: address.port,
    url: `http://${displayHost}:${address.port}`,
    close: (timeoutMs = 5_000) =>
      new Promise<void>((resolve) => {
        const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
