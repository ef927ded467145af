/**
 * A `TextEncoderStream` that encodes each chunk with one `TextEncoder.encode`
 * call. Node 20's own (lib/internal/webstreams/encoding.js) rebuilds every
 * chunk character by character in JavaScript to handle surrogate pairs split
 * across chunks: tRPC pipes every SSE event and every streamed query response
 * through it, so a 50 KB `complete` event cost milliseconds of the event loop
 * per subscriber, and in the embedded bench this one function was about a
 * third of the server thread's CPU while investigations streamed.
 *
 * Same output as the standard: a high surrogate at the end of a chunk waits
 * for the next chunk (a pair split across chunks is encoded as one code
 * point); lone surrogates become U+FFFD (TextEncoder does that); one left over
 * at the end of the stream is flushed as U+FFFD.
 */
export class FastTextEncoderStream extends TransformStream<string, Uint8Array> {
  readonly encoding = 'utf-8';

  constructor() {
    const encoder = new TextEncoder();
    let pendingHighSurrogate = '';
    super({
      transform(chunk, controller) {
        let text = pendingHighSurrogate + String(chunk);
        pendingHighSurrogate = '';
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pendingHighSurrogate = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text.length > 0) controller.enqueue(encoder.encode(text));
      },
      flush(controller) {
        if (pendingHighSurrogate) controller.enqueue(encoder.encode('\ufffd'));
      },
    });
  }
}

/** Makes the global `TextEncoderStream` (the one tRPC's stream producers construct) the fast one. */
export function installFastTextEncoderStream(): void {
  if (globalThis.TextEncoderStream === FastTextEncoderStream) return;
  globalThis.TextEncoderStream = FastTextEncoderStream as unknown as typeof TextEncoderStream;
}
