import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningHttpServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections, waits for in-flight requests up to the deadline, then cuts the rest (SSE streams). */
  close: (timeoutMs?: number) => Promise<void>;
}

/**
 * Binds the port first and attaches the app afterwards: the app's settings
 * (public URL, OAuth callback URLs) may depend on the port actually bound.
 */
export async function listen(
  port: number,
  host: string,
): Promise<RunningHttpServer & { attach(app: Express): void }> {
  const server = createServer();
  // SSE streams are long-lived; Node's default 5 s keep-alive is fine, but the
  // request timeout must not cut a stream that is legitimately quiet.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    server,
    attach: (app) => {
      server.on('request', app);
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
