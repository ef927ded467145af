import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

// A local OTLP/HTTP (JSON) and Sentry-envelope collector for the tracing and
// error-reporting tests: it records every request and answers 200.

export interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Collector {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/** A local HTTP server that answers 200 to everything and records what it got. */
export async function startCollector(): Promise<Collector> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: body.toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface OtlpSpan {
  serviceName: string | undefined;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  kind: number;
  statusCode: number;
  attributes: Record<string, string | number | boolean>;
}

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
};
type OtlpAttribute = { key: string; value: OtlpValue };

function attributeMap(
  attributes: OtlpAttribute[] | undefined,
): Record<string, string | number | boolean> {
  const map: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    const v =
      value.stringValue ??
      value.boolValue ??
      value.doubleValue ??
      (value.intValue === undefined ? undefined : Number(value.intValue));
    if (v !== undefined) map[key] = v;
  }
  return map;
}

/** Every span in the OTLP/JSON export requests the collector received. */
export function exportedSpans(collector: Collector): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  for (const request of collector.requests.filter((r) => r.path === '/v1/traces')) {
    const payload = JSON.parse(request.body) as {
      resourceSpans: Array<{
        resource?: { attributes?: OtlpAttribute[] };
        scopeSpans: Array<{
          spans: Array<{
            name: string;
            traceId: string;
            spanId: string;
            parentSpanId?: string;
            kind: number;
            status?: { code?: number };
            attributes?: OtlpAttribute[];
          }>;
        }>;
      }>;
    };
    for (const resourceSpans of payload.resourceSpans) {
      const serviceName = attributeMap(resourceSpans.resource?.attributes)['service.name'];
      for (const scope of resourceSpans.scopeSpans) {
        for (const span of scope.spans) {
          spans.push({
            serviceName: typeof serviceName === 'string' ? serviceName : undefined,
            name: span.name,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            kind: span.kind,
            statusCode: span.status?.code ?? 0,
            attributes: attributeMap(span.attributes),
          });
        }
      }
    }
  }
  return spans;
}

/** Polls `read` until `done` holds or the time is up; returns the last value either way. */
export async function eventually<T>(
  read: () => T,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
