// A child process holding many SSE streams (so parsing on the client side does not run on the
// server's event loop). Reads one JSON job from argv, opens `count` streams of `url` with
// `headers`, reports { kind: 'open' } once every stream has its response headers, then
// records (seq, receipt time) for every `id:` frame until `expect` seqs arrived on every
// stream (or `timeoutMs`), and reports per-stream order/uniqueness and the receipt times.
import { Agent, request } from 'node:http';
import { Redis } from 'ioredis';

interface Job {
  /** An SSE url, or `redis://...#channel`: raw Redis subscribers (the anchor), one connection each. */
  url: string;
  headers: Record<string, string>;
  count: number;
  expect: number;
  timeoutMs: number;
}

const job = JSON.parse(process.argv[2]!) as Job;
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
const now = () => performance.timeOrigin + performance.now();
const receipts: Array<[number, number]> = [];
let inOrderOnce = 0;
let streamsDone = 0;
let opened = 0;
const send = (message: unknown) => process.send!(message);

function open(): void {
  const seqs: number[] = [];
  let rest = '';
  const req = request(job.url, { headers: job.headers, agent }, (res) => {
    if (res.statusCode !== 200) {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => send({ kind: 'failed', message: `status ${res.statusCode}: ${body}` }));
      return;
    }
    if (++opened === job.count) send({ kind: 'open' });
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const at = now();
      rest += chunk;
      for (let end = rest.indexOf('\n\n'); end !== -1; end = rest.indexOf('\n\n')) {
        const block = rest.slice(0, end);
        rest = rest.slice(end + 2);
        // The id line may come first (REST) or after data (tRPC).
        const at0 = block.startsWith('id: ') ? 0 : block.indexOf('\nid: ') + 1;
        if (at0 === 0 && !block.startsWith('id: ')) continue;
        const lineEnd = block.indexOf('\n', at0);
        const seq = Number(block.slice(at0 + 4, lineEnd === -1 ? undefined : lineEnd));
        seqs.push(seq);
        receipts.push([seq, at]);
        if (seqs.length === job.expect) {
          if (seqs.every((value, index) => value === index + 1)) inOrderOnce++;
          if (++streamsDone === job.count) finish();
          req.destroy();
        }
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
}

let finished = false;
function finish(): void {
  if (finished) return;
  finished = true;
  // Exit only once the (large) message is written to the channel.
  process.send!({ kind: 'done', receipts, inOrderOnce, streamsDone }, () => process.exit(0));
}

/** The anchor: one Redis connection per subscriber, messages `{"seq":n}`. */
function openRedis(): void {
  const [redisUrl, channel] = job.url.split('#') as [string, string];
  let last = 0;
  let inOrder = true;
  let count = 0;
  const redis = new Redis(redisUrl, { lazyConnect: true });
  redis.on('message', (_channel: string, text: string) => {
    const at = now();
    const seq = (JSON.parse(text) as { seq: number }).seq;
    receipts.push([seq, at]);
    if (seq !== last + 1) inOrder = false;
    last = seq;
    if (++count === job.expect) {
      if (inOrder) inOrderOnce++;
      if (++streamsDone === job.count) finish();
      redis.disconnect();
    }
  });
  void redis
    .connect()
    .then(() => redis.subscribe(channel))
    .then(() => {
      if (++opened === job.count) send({ kind: 'open' });
    })
    .catch((error: unknown) => send({ kind: 'failed', message: String(error) }));
}

for (let i = 0; i < job.count; i++) (job.url.startsWith('redis') ? openRedis : open)();
setTimeout(finish, job.timeoutMs);
process.on('message', (message) => {
  if (message === 'stop') finish();
});
