import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './harness.js';
import { failure } from './users.js';

/*
 * Bounded resources for anonymous traffic: /metrics labels from a closed set,
 * timeouts on requests that never finish arriving, caps on open connections
 * (per address and in total) and on anonymous event streams.
 */

let stack: TestStack;
/** A second server with small connection caps, so the other tests' keep-alive connections do not count. */
let capped: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    worker: false,
    env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' },
  });
  capped = await startTestStack({
    worker: false,
    env: {
      HTTP_MAX_CONNECTIONS_PER_IP: '6',
      HTTP_MAX_CONNECTIONS: '10',
      ANONYMOUS_STREAMS_PER_IP: '2',
    },
  });
}, 240_000);
afterAll(async () => {
  await stack?.close();
  await capped?.close();
});

/** A raw TCP connection from `localAddress` (any 127.x address reaches 127.0.0.1 on Linux). */
function open(localAddress = '127.0.0.1', target: TestStack = capped): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const port = Number(new URL(target.url).port);
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one GET on a fresh connection and returns the status line's code. */
async function statusOf(path: string, localAddress = '127.0.0.1'): Promise<number> {
  const socket = await open(localAddress);
  return new Promise((resolve, reject) => {
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.once('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

/** Resolves with what the server sent before closing, and how long that took. */
function closedWithin(socket: Socket): Promise<{ ms: number; data: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.once('close', () => resolve({ ms: Date.now() - started, data }));
  });
}

function seriesOf(metrics: string): string[] {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('vm_http_'))
    .map((line) => line.slice(0, line.lastIndexOf(' ')));
}

describe('/metrics', () => {
  it('does not grow with 1,000 random anonymous paths (labels come from a closed set)', async () => {
    const random = () => randomBytes(6).toString('hex');
    const paths = (i: number) =>
      [
        `/${random()}`,
        `/trpc/${random()}.${random()}`,
        `/trpc/system.info,${random()}`,
        `/api/v1/${random()}/${random()}`,
        `/health/${random()}`,
      ][i % 5]!;
    // Warm up: one request of each kind creates the `unmatched` series once.
    for (let i = 0; i < 5; i++) await fetch(`${stack.url}${paths(i)}`);
    await fetch(`${stack.url}/trpc/system.info`);
    await (await fetch(`${stack.url}/metrics`)).text();
    const before = await (await fetch(`${stack.url}/metrics`)).text();

    for (let i = 0; i < 1_000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          fetch(`${stack.url}${paths(i + j)}`, { method: j % 2 ? 'POST' : 'GET' }).then((r) =>
            r.arrayBuffer(),
          ),
        ),
      );
    }
    const after = await (await fetch(`${stack.url}/metrics`)).text();
    const added = seriesOf(after).filter((s) => !seriesOf(before).includes(s));
    // POST variants of the same routes may appear once; nothing per path.
    expect(added.filter((s) => !s.includes('method="POST"'))).toEqual([]);
    expect(added.length).toBeLessThanOrEqual(40);
    expect(after.length - before.length).toBeLessThan(8_000);
    expect(after).toContain('route="unmatched"');
    expect(after).toContain('route="/trpc/system.info"');
    expect(after).not.toMatch(/route="\/[0-9a-f]{12}"/);
  }, 180_000);
});

describe('timeouts', () => {
  it('a request whose headers never finish is cut after the headers timeout', async () => {
    const socket = await open('127.0.0.1', stack);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const { ms, data } = await closedWithin(socket);
    expect(ms).toBeLessThan(4_000);
    expect(data).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a request whose body never arrives is cut after the request timeout', async () => {
    const socket = await open('127.0.0.1', stack);
    socket.write(
      'POST /trpc/auth.login HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"json":',
    );
    const { ms, data } = await closedWithin(socket);
    expect(ms).toBeLessThan(5_000);
    expect(data).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('connection caps', () => {
  it('past the per-address cap, requests get 429 until a connection closes', async () => {
    const held = await Promise.all(Array.from({ length: 6 }, () => open()));
    try {
      expect(await statusOf('/health')).toBe(429);
      // Another address is not affected.
      expect(await statusOf('/health', '127.0.0.2')).toBe(200);
    } finally {
      for (const s of held) s.destroy();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(await statusOf('/health')).toBe(200);
  });

  it('past the global ceiling, requests get a clear 503', async () => {
    const held = [
      ...(await Promise.all(Array.from({ length: 5 }, () => open('127.0.0.3')))),
      ...(await Promise.all(Array.from({ length: 5 }, () => open('127.0.0.4')))),
    ];
    try {
      const socket = await open('127.0.0.5');
      const closed = closedWithin(socket);
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      const { data } = await closed;
      expect(data).toMatch(/^HTTP\/1\.1 503/);
      expect(data.toLowerCase()).toContain('retry-after: 5');
      expect(data).toContain('limit of 10 open connections');
    } finally {
      for (const s of held) s.destroy();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(await statusOf('/health', '127.0.0.5')).toBe(200);
  });
});

describe('anonymous event streams', () => {
  it('one address holds at most ANONYMOUS_STREAMS_PER_IP system.pingEvents streams at once', async () => {
    const client = capped.client();
    const subscribed = (pingId: string) =>
      new Promise<{ unsubscribe(): void }>((resolve, reject) => {
        const sub = client.system.pingEvents.subscribe(
          { pingId },
          {
            onData: (event) => {
              if (event.type === 'subscribed') resolve(sub);
            },
            onError: reject,
          },
        );
      });
    const first = await subscribed('stream-one-aaaa');
    const second = await subscribed('stream-two-aaaa');
    const third = await failure(subscribed('stream-three-aaa'));
    expect(third.code).toBe('TOO_MANY_REQUESTS');
    expect(third.message).toContain('At most 2 event streams');
    first.unsubscribe();
    await new Promise((r) => setTimeout(r, 300));
    const fourth = await subscribed('stream-four-aaaa');
    second.unsubscribe();
    fourth.unsubscribe();
  });
});
