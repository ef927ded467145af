// A local webhook receiver that checks Standard Webhooks signatures with the
// reference library (standardwebhooks), independently of our signing code.
import type { IncomingMessage } from 'node:http';
import { Webhook } from 'standardwebhooks';
import {
  sendJson,
  startLocalHttpServer,
  type LocalHttpServer,
} from '@vibemonitor/integrations/testing';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** Whether the reference library accepted the signature. */
  verified: boolean;
  /** The parsed body when verified. */
  payload: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  answered: number | 'hung';
}

export type ReceiverBehaviour = 'ok' | 'fail' | 'hang';

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** What to do with the next requests, in order; once used up, answer 200. */
  script: ReceiverBehaviour[];
  secret: string | undefined;
  server: LocalHttpServer;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hung: Array<() => void> = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    script: [],
    secret: undefined,
    server: undefined as unknown as LocalHttpServer,
    async close() {
      for (const release of hung) release();
      await receiver.server.close();
    },
  };
  receiver.server = await startLocalHttpServer(async (req, res) => {
    const body = await readBody(req);
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    let payload: ReceivedWebhook['payload'] = null;
    let verified = false;
    try {
      payload = new Webhook(receiver.secret ?? 'whsec_AAAA').verify(
        body,
        headers,
      ) as ReceivedWebhook['payload'];
      verified = true;
    } catch {
      verified = false;
    }
    const behaviour = receiver.script.shift() ?? 'ok';
    const entry: ReceivedWebhook = {
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      body,
      verified,
      payload,
      answered: behaviour === 'hang' ? 'hung' : behaviour === 'fail' ? 500 : verified ? 204 : 401,
    };
    receiver.received.push(entry);
    if (behaviour === 'hang') {
      await new Promise<void>((resolve) => {
        hung.push(resolve);
        setTimeout(resolve, 5_000);
      });
      res.destroy();
      return;
    }
    if (behaviour === 'fail') {
      sendJson(res, 500, { error: 'scripted failure' });
      return;
    }
    res.writeHead(verified ? 204 : 401);
    res.end();
  });
  receiver.url = `${receiver.server.url}/hooks/vibemonitor?team=sre`;
  return receiver;
}
