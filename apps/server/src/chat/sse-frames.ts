import type { Response } from 'express';
import type { TurnStreamItem } from '@vibemonitor/contracts';

/**
 * The SSE frame of one turn event, built once per process: the broadcaster
 * hands the SAME item object to every stream of the turn, so the first stream
 * to write it serialises it and every other stream writes these bytes.
 * Replayed items are per-stream objects (read by that stream) and are
 * serialised by it alone. `data` is the item as the typed subscription
 * yields it: `{"seq":n,"event":{...}}`; `id` is the seq (Last-Event-ID).
 */
const frames = new WeakMap<TurnStreamItem, Buffer>();

export function turnEventFrame(item: TurnStreamItem): Buffer {
  let frame = frames.get(item);
  if (!frame) {
    frame = Buffer.from(`id: ${item.seq}\ndata: ${JSON.stringify(item)}\n\n`);
    frames.set(item, frame);
  }
  return frame;
}

/** Sent after the terminal event: the stream is over, do not reconnect. */
export const END_FRAME = Buffer.from('event: end\ndata: {}\n\n');

/** An error frame before the server closes the stream (the client decides whether to resume). */
export function errorFrame(code: string, message: string): Buffer {
  return Buffer.from(`event: stream_error\ndata: ${JSON.stringify({ code, message })}\n\n`);
}

const PING_FRAME = Buffer.from(': ping\n\n');
const pinged = new Set<Response>();
let pingTimer: NodeJS.Timeout | undefined;

/**
 * Keeps `res` alive through proxies with a comment line every `intervalMs`,
 * from ONE process-wide timer (a timer per stream costs more than the pings).
 * Returns the function that stops pinging `res`.
 */
export function keepAlive(res: Response, intervalMs: number): () => void {
  pinged.add(res);
  if (!pingTimer) {
    pingTimer = setInterval(() => {
      for (const open of pinged) open.write(PING_FRAME);
    }, intervalMs);
    pingTimer.unref();
  }
  return () => {
    pinged.delete(res);
    if (pinged.size === 0) {
      clearInterval(pingTimer);
      pingTimer = undefined;
    }
  };
}
