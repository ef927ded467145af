import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxyOptions {
  targetHost: string;
  targetPort: number;
  /**
   * Delay (ms) before a client -> server chunk is forwarded; later chunks of
   * the same connection wait behind it, so order is kept.
   */
  upstreamDelayMs?: (chunk: Buffer) => number;
}

export interface TcpProxy {
  port: number;
  /** Simulates an outage: drops every connection and refuses new ones. */
  stop(): Promise<void>;
  /** Ends the outage on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real Redis, so tests can cut the network (and
 * watch reconnects) without touching the Redis other test files share.
 */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const handle = (client: Socket) => {
    const upstream = connect(options.targetPort, options.targetHost);
    sockets.add(client);
    sockets.add(upstream);
    let chain = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      const delayMs = options.upstreamDelayMs?.(chunk) ?? 0;
      chain = chain.then(async () => {
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (!upstream.destroyed) upstream.write(chunk);
      });
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!client.destroyed) client.write(chunk);
    });
    const teardown = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', teardown);
    upstream.on('close', teardown);
    client.on('error', teardown);
    upstream.on('error', teardown);
  };

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer(handle);
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        const address = next.address();
        if (address && typeof address === 'object') port = address.port;
        server = next;
        resolve();
      });
    });

  const stop = async () => {
    const current = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await start();
  return {
    get port() {
      return port;
    },
    start,
    stop,
    close: stop,
  };
}
