import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@vibemonitor/contracts';
import {
  startLocalHttpServer,
  sendJson,
  sendText,
  type LocalHttpServer,
} from '../testing/local-http-server.js';
import { startRecordingListener, type RecordingListener } from '../testing/recording-listener.js';
import type { HttpPolicy, Resolver } from './http-options.js';
import { normalizeIntegrationUrl, assertUrlAllowed } from './integration-url.js';
import { safeFetch } from './safe-fetch.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function server(
  handler: Parameters<typeof startLocalHttpServer>[0],
): Promise<LocalHttpServer> {
  const started = await startLocalHttpServer(handler);
  open.push(started);
  return started;
}

async function listener(): Promise<RecordingListener> {
  const started = await startRecordingListener();
  open.push(started);
  return started;
}

/** A resolver answering from a fixed table, counting lookups. */
function fakeDns(
  table: Record<string, string[] | (() => string[])>,
): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const addresses = typeof entry === 'function' ? entry() : entry;
    return addresses.map((address) => ({
      address,
      family: address.includes(':') ? (6 as const) : (4 as const),
    }));
  };
  return Object.assign(resolve, { calls });
}

async function failure(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const loopbackAllowed: HttpPolicy = { allowPrivate: true, timeoutMs: 5_000 };

describe('safeFetch: address policy', () => {
  it('refuses the cloud metadata address always, before connecting', async () => {
    const error = await failure(
      safeFetch('http://169.254.169.254/latest/meta-data/', {}, loopbackAllowed),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe(
      'http://169.254.169.254 points at a link-local/cloud metadata address (169.254.169.254), which is never allowed.',
    );
  });

  it('refuses a private address when private URLs are off, and sends nothing to it', async () => {
    const target = await listener();
    const error = await failure(
      safeFetch(`http://127.0.0.1:${target.port}/`, {}, { allowPrivate: false }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain(
      'points at a private network address (127.0.0.1); set ALLOW_PRIVATE_INTEGRATION_URLS=true to allow it.',
    );
    expect(target.connections()).toBe(0);
  });

  it('allows the same private address when private URLs are on', async () => {
    const target = await listener();
    const response = await safeFetch(`http://127.0.0.1:${target.port}/`, {}, loopbackAllowed);
    expect(response.status).toBe(200);
    expect(target.connections()).toBe(1);
  });

  it('refuses a name when any of its addresses is blocked, and sends nothing', async () => {
    const target = await listener();
    const dns = fakeDns({ 'mixed.test': ['127.0.0.1', '169.254.169.254'] });
    const error = await failure(
      safeFetch(`http://mixed.test:${target.port}/`, {}, { ...loopbackAllowed, resolve: dns }),
    );
    expect(error.message).toContain('link-local/cloud metadata address (169.254.169.254)');
    expect(target.connections()).toBe(0);
  });

  it('connects to the address it checked: a second DNS answer (rebinding) is never used', async () => {
    const target = await listener();
    let lookups = 0;
    const dns = fakeDns({
      'rebind.test': () => (lookups++ === 0 ? ['127.0.0.1'] : ['169.254.169.254']),
    });
    const response = await safeFetch(
      `http://rebind.test:${target.port}/`,
      {},
      { ...loopbackAllowed, resolve: dns },
    );
    expect(response.status).toBe(200);
    expect(dns.calls).toEqual(['rebind.test']);
    expect(target.connections()).toBe(1);
  });

  it('says when a host does not resolve', async () => {
    const error = await failure(
      safeFetch('http://nowhere.test/', {}, { ...loopbackAllowed, resolve: fakeDns({}) }),
    );
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe('Could not resolve host nowhere.test.');
  });

  it('refuses schemes other than http(s)', async () => {
    const error = await failure(safeFetch('file:///etc/passwd', {}, loopbackAllowed));
    expect(error.code).toBe('VALIDATION_FAILED');
  });
});

describe('safeFetch: redirects', () => {
  it('follows up to 3 redirects, 303 turning a POST into a GET', async () => {
    const upstream = await server((req, res, url) => {
      const hop = Number(url.pathname.slice(1) || '0');
      if (hop < 3) {
        res.writeHead(hop === 0 ? 303 : 302, { location: `/${hop + 1}` });
        res.end();
        return;
      }
      sendJson(res, 200, { method: req.method, hop });
    });
    const response = await safeFetch(
      `${upstream.url}/0`,
      { method: 'POST', body: 'x=1' },
      loopbackAllowed,
    );
    expect(JSON.parse(response.body)).toEqual({ method: 'GET', hop: 3 });
    expect(response.url).toBe(`${upstream.url}/3`);
  });

  it('stops after 3 redirects', async () => {
    const upstream = await server((_req, res, url) => {
      res.writeHead(302, { location: `/${Number(url.pathname.slice(1)) + 1}` });
      res.end();
    });
    const error = await failure(safeFetch(`${upstream.url}/0`, {}, loopbackAllowed));
    expect(error.message).toContain('redirected more than 3 times');
    expect(upstream.requests).toHaveLength(4);
  });

  it('checks every hop: a redirect to a blocked address is refused without connecting', async () => {
    const trap = await listener();
    const dns = fakeDns({ 'metadata.test': ['127.0.0.1', '169.254.169.254'] });
    const upstream = await server((_req, res) => {
      res.writeHead(302, { location: `http://metadata.test:${trap.port}/latest/meta-data/` });
      res.end();
    });
    const error = await failure(safeFetch(upstream.url, {}, { ...loopbackAllowed, resolve: dns }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('metadata address (169.254.169.254)');
    expect(trap.connections()).toBe(0);
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    const other = await server((req, res) =>
      sendJson(res, 200, { authorization: req.headers.authorization ?? null }),
    );
    const first = await server((req, res) => {
      if (req.url === '/same') {
        res.writeHead(302, { location: `${other.url}/elsewhere` });
        res.end();
        return;
      }
      res.writeHead(302, { location: '/same' });
      res.end();
    });
    const response = await safeFetch(
      `${first.url}/start`,
      { headers: { Authorization: 'Bearer secret-token' } },
      loopbackAllowed,
    );
    expect(JSON.parse(response.body)).toEqual({ authorization: null });
    // Within the origin the header was kept.
    expect(first.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer secret-token',
      'Bearer secret-token',
    ]);
  });
});

describe('safeFetch: failures in plain words', () => {
  it('names a refused connection', async () => {
    const closed = await listener();
    await closed.close();
    const error = await failure(safeFetch(`http://127.0.0.1:${closed.port}/`, {}, loopbackAllowed));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe(
      `Connection refused by 127.0.0.1:${closed.port}: nothing is listening there.`,
    );
  });

  it('times out a server that never answers', async () => {
    const silent = await server(() => new Promise(() => undefined));
    const started = Date.now();
    const error = await failure(safeFetch(silent.url, {}, { allowPrivate: true, timeoutMs: 300 }));
    expect(error.message).toBe(`127.0.0.1:${silent.port} did not answer within 0.3 s.`);
    expect(error.details).toMatchObject({ cause: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses bodies over the size limit', async () => {
    const big = await server((_req, res) => sendText(res, 200, 'x'.repeat(2 * 1024 * 1024)));
    const error = await failure(
      safeFetch(big.url, {}, { allowPrivate: true, maxResponseBytes: 1024 * 1024 }),
    );
    expect(error.details).toMatchObject({ cause: 'response_too_large' });
  });

  it('honours the caller signal', async () => {
    const silent = await server(() => new Promise(() => undefined));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      safeFetch(silent.url, { signal: controller.signal }, loopbackAllowed),
    );
    expect(error.details).toMatchObject({ cause: 'cancelled' });
  });
});

describe('integration URLs', () => {
  it('normalises a base URL and refuses credentials, queries and other schemes', () => {
    expect(normalizeIntegrationUrl(' https://grafana.example.com/ ')).toBe(
      'https://grafana.example.com',
    );
    expect(normalizeIntegrationUrl('http://prom.example.com:9090/prometheus//')).toBe(
      'http://prom.example.com:9090/prometheus',
    );
    expect(() => normalizeIntegrationUrl('https://user:pw@grafana.example.com')).toThrow(
      /own fields/,
    );
    expect(() => normalizeIntegrationUrl('https://grafana.example.com/?a=1')).toThrow(
      /query string/,
    );
    expect(() => normalizeIntegrationUrl('ftp://grafana.example.com')).toThrow(
      /http:\/\/ or https:\/\//,
    );
    expect(() => normalizeIntegrationUrl('grafana')).toThrow(/not a URL/);
  });

  it('assertUrlAllowed refuses blocked addresses but lets unresolvable names through to the check', async () => {
    await expect(assertUrlAllowed('http://169.254.169.254', loopbackAllowed)).rejects.toThrow(
      /never allowed/,
    );
    await expect(assertUrlAllowed('http://10.1.2.3:9090', { allowPrivate: false })).rejects.toThrow(
      /ALLOW_PRIVATE_INTEGRATION_URLS/,
    );
    await expect(
      assertUrlAllowed('http://nowhere.test', { allowPrivate: false, resolve: fakeDns({}) }),
    ).resolves.toBeUndefined();
  });
});
