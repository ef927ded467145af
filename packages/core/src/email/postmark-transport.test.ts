import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostmarkTransport } from './postmark-transport.js';

/** A local server speaking Postmark's `POST /email` as documented. */
interface Received {
  token: string | undefined;
  body: Record<string, unknown>;
}

let server: Server;
let host: string;
const received: Received[] = [];

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  return JSON.parse(raw) as Record<string, unknown>;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const token = req.headers['x-postmark-server-token'] as string | undefined;
    const body = await readJson(req);
    received.push({ token, body });
    res.setHeader('content-type', 'application/json');
    if (req.method !== 'POST' || req.url !== '/email') {
      res.writeHead(404).end(JSON.stringify({ ErrorCode: 404, Message: 'Not found' }));
    } else if (token !== 'good-token') {
      res.writeHead(401).end(
        JSON.stringify({
          ErrorCode: 10,
          Message:
            'The Server Token you provided in the X-Postmark-Server-Token request header was invalid.',
        }),
      );
    } else {
      res.writeHead(200).end(
        JSON.stringify({
          To: body.To,
          SubmittedAt: new Date().toISOString(),
          MessageID: 'b7bc2f4a-e38e-4336-af7d-e6c392c2f817',
          ErrorCode: 0,
          Message: 'OK',
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const message = {
  to: 'ada@example.com',
  subject: 'Verify your email',
  text: 'Open https://app.example/verify?token=abc',
  html: '<p>Open <a href="https://app.example/verify?token=abc">this link</a></p>',
  tag: 'verify_email',
};

describe('the Postmark transport', () => {
  it('sends through the real postmark client with the server token, on the transactional stream', async () => {
    const transport = createPostmarkTransport({
      serverToken: 'good-token',
      from: 'VibeMonitor <no-reply@example.com>',
      requestHost: host,
      useHttps: false,
    });
    await transport.send(message);
    expect(received.at(-1)).toEqual({
      token: 'good-token',
      body: expect.objectContaining({
        From: 'VibeMonitor <no-reply@example.com>',
        To: 'ada@example.com',
        Subject: 'Verify your email',
        TextBody: message.text,
        HtmlBody: message.html,
        Tag: 'verify_email',
        MessageStream: 'outbound',
      }),
    });
  });

  it('strips CR/LF and other control characters from the subject (a name cannot add header lines)', async () => {
    const transport = createPostmarkTransport({
      serverToken: 'good-token',
      from: 'x@example.com',
      requestHost: host,
      useHttps: false,
    });
    await transport.send({
      ...message,
      subject: 'Eve\r\nBcc: victim@example.com\u0007 invited you to Ops\u2028team on VibeMonitor',
    });
    expect(received.at(-1)?.body.Subject).toBe(
      'Eve Bcc: victim@example.com invited you to Ops team on VibeMonitor',
    );
  });

  it('turns a rejected token into a clear UNAVAILABLE error', async () => {
    const transport = createPostmarkTransport({
      serverToken: 'bad-token',
      from: 'x@example.com',
      requestHost: host,
      useHttps: false,
    });
    await expect(transport.send(message)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('Postmark did not accept the email'),
    });
  });
});
