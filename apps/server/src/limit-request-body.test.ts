import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitRequestBody } from './limit-request-body.js';

let server: Server;
let port: number;
beforeAll(async () => {
  const app = express();
  app.use(limitRequestBody(100));
  app.post('/x', (_req, res) => {
    res.json({ ok: true });
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function post(
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/x', method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('limitRequestBody', () => {
  it('lets a body within the limit through', async () => {
    expect(
      (await post('{"a":1}', { 'content-type': 'application/json', 'content-length': '7' })).status,
    ).toBe(200);
  });

  it('refuses a declared size over the limit with 413', async () => {
    const big = 'x'.repeat(101);
    const res = await post(big, { 'content-length': String(big.length) });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request bodies are limited to 100 bytes.' },
    });
  });

  it('refuses a chunked body of unknown size with 411', async () => {
    const res = await post('x', { 'transfer-encoding': 'chunked' });
    expect(res.status).toBe(411);
  });
});
