import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => Promise<void> | void;

export interface FakeHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:43127`. */
  url: string;
  close(): Promise<void>;
}

/** Starts a node:http server on 127.0.0.1 with a random free port. Unhandled errors answer 500 with the message. */
export async function startFakeHttpServer(handler: FakeHandler): Promise<FakeHttpServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    Promise.resolve(handler(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: 'server_error', error_description: String(error) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive; drop them or close() waits for their idle timeout.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export function redirect(res: ServerResponse, location: URL): void {
  res.writeHead(302, { Location: location.toString() });
  res.end();
}

/** Client credentials from HTTP Basic auth (what arctic sends) or from the form body. */
export function clientCredentials(
  req: IncomingMessage,
  form: URLSearchParams,
): { clientId: string | null; clientSecret: string | null } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    return { clientId: decoded.slice(0, separator), clientSecret: decoded.slice(separator + 1) };
  }
  return { clientId: form.get('client_id'), clientSecret: form.get('client_secret') };
}

export function bearerToken(req: IncomingMessage): string | null {
  // GitHub also accepts the older `token <value>` scheme.
  const match = /^(?:Bearer|token) (.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}
