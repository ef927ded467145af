import type { IncomingMessage } from 'node:http';
import {
  bearerOf,
  sendJson,
  startLocalHttpServer,
  type RecordedRequest,
} from './local-http-server.js';

export interface FakeGrafanaDatasource {
  uid: string;
  name: string;
  /** `prometheus`, `loki`, or anything else Grafana knows (e.g. `elasticsearch`). */
  type: string;
  /** Where the proxy forwards requests (e.g. a real Prometheus, a fake Loki). */
  url: string;
  isDefault?: boolean;
  /** Credentials Grafana adds when proxying, as Grafana does from the datasource settings. */
  upstreamAuthorization?: string;
}

export interface FakeGrafana {
  url: string;
  /** A service-account token this fake accepts. */
  token: string;
  requests: RecordedRequest[];
  /** Paths (after the uid) forwarded through the datasource proxy, oldest first. */
  proxied: Array<{ uid: string; path: string }>;
  setDatasources(datasources: FakeGrafanaDatasource[]): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A stand-in for the parts of Grafana's HTTP API we use, on 127.0.0.1:
 * `GET /api/health` (no auth), `GET /api/org` and `GET /api/datasources`
 * (service-account bearer token, 401 `{"message":"invalid API key"}`
 * otherwise), and the datasource proxy
 * `/api/datasources/proxy/uid/<uid>/<path>`, which forwards method, path,
 * query and body to the datasource's URL and answers what it answers.
 */
export async function startFakeGrafana({
  token = 'glsa_fake_service_account_token_1234',
  datasources = [],
  version = '11.3.0',
}: {
  token?: string;
  datasources?: FakeGrafanaDatasource[];
  version?: string;
} = {}): Promise<FakeGrafana> {
  let current = [...datasources];
  const proxied: Array<{ uid: string; path: string }> = [];

  const server = await startLocalHttpServer(async (req, res, url) => {
    if (url.pathname === '/api/health') {
      sendJson(res, 200, { commit: 'fake', database: 'ok', version });
      return;
    }
    if (bearerOf(req) !== token) {
      sendJson(res, 401, { message: 'invalid API key', traceID: '' });
      return;
    }
    if (url.pathname === '/api/org') {
      sendJson(res, 200, { id: 1, name: 'Main Org.', address: {} });
      return;
    }
    if (url.pathname === '/api/datasources') {
      sendJson(
        res,
        200,
        current.map((ds, index) => ({
          id: index + 1,
          uid: ds.uid,
          orgId: 1,
          name: ds.name,
          type: ds.type,
          typeName: ds.type,
          access: 'proxy',
          url: ds.url,
          basicAuth: false,
          isDefault: ds.isDefault ?? false,
          readOnly: false,
        })),
      );
      return;
    }
    const proxy = /^\/api\/datasources\/proxy\/uid\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (proxy?.[1]) {
      const uid = decodeURIComponent(proxy[1]);
      const datasource = current.find((ds) => ds.uid === uid);
      if (!datasource) {
        sendJson(res, 404, { message: 'Unable to find datasource' });
        return;
      }
      const path = proxy[2] ?? '/';
      proxied.push({ uid, path });
      const target = new URL(`${datasource.url.replace(/\/+$/, '')}${path}${url.search}`);
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
      const upstream = await fetch(target, {
        method: req.method ?? 'GET',
        headers: {
          accept: req.headers.accept ?? '*/*',
          ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}),
          ...(datasource.upstreamAuthorization
            ? { authorization: datasource.upstreamAuthorization }
            : {}),
        },
        ...(body ? { body } : {}),
      });
      const text = await upstream.text();
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      });
      res.end(text);
      return;
    }
    sendJson(res, 404, { message: 'Not found' });
  });

  return {
    url: server.url,
    token,
    requests: server.requests,
    proxied,
    setDatasources: (next) => {
      current = [...next];
    },
    close: () => server.close(),
  };
}
