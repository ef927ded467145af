// A child process holding many SSE streams (so parsing on the client side does not run on the
// server's event loop). Reads one JSON job from argv, opens `count` streams of `url` with
// `headers`, reports { kind: 'open' } once every stream has its response headers, then
// records (seq, receipt time) for every `id:` frame until `expect` seqs arrived on every
// stream (or `timeoutMs`), and reports per-stream order/uniqueness and the receipt times.
import { Agent, request } from 'node:http';

interface Job {
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
      send({ kind: 'failed', message: `status ${res.statusCode}` });
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
        if (!block.startsWith('id: ')) continue;
        const seq = Number(block.slice(4, block.indexOf('\n')));
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

function finish(): void {
  send({ kind: 'done', receipts, inOrderOnce, streamsDone });
  setTimeout(() => process.exit(0), 100);
}

for (let i = 0; i < job.count; i++) open();
setTimeout(finish, job.timeoutMs);
process.on('message', (message) => {
  if (message === 'stop') finish();
});
