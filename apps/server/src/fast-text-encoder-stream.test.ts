import { describe, expect, it } from 'vitest';
import { FastTextEncoderStream } from './fast-text-encoder-stream.js';

/** Everything a stream outputs for `chunks`, as one byte array. */
async function encodeChunks(
  Stream: new () => TransformStream<string, Uint8Array>,
  chunks: string[],
): Promise<number[]> {
  const stream = new Stream();
  const writer = stream.writable.getWriter();
  const reading = (async () => {
    const bytes: number[] = [];
    for await (const part of stream.readable as unknown as AsyncIterable<Uint8Array>)
      bytes.push(...part);
    return bytes;
  })();
  for (const chunk of chunks) await writer.write(chunk);
  await writer.close();
  return reading;
}

// Node's own TextEncoderStream, taken before anything replaces the global.
const NativeTextEncoderStream =
  globalThis.TextEncoderStream as unknown as new () => TransformStream<string, Uint8Array>;

describe('FastTextEncoderStream', () => {
  const cases: Array<[string, string[]]> = [
    ['ASCII', ['data: {"seq":1}\n\n', 'id: 1\n']],
    ['multi-byte characters', ['p95 → 3.56 s “quoted”', ' café ', '日本語']],
    ['a surrogate pair split across chunks', ['emoji \ud83d', '\ude00 after']],
    ['a pair split with an empty chunk between', ['\ud83d', '', '\ude00']],
    ['a lone high surrogate followed by text', ['a\ud83d', 'b']],
    ['a lone low surrogate', ['\ude00x']],
    ['a high surrogate at the very end', ['end \ud83d']],
    ['two high surrogates in a row across chunks', ['\ud83d', '\ud83d\ude00']],
    ['empty chunks only', ['', '']],
  ];
  for (const [name, chunks] of cases) {
    it(`encodes ${name} exactly as Node's TextEncoderStream`, async () => {
      const expected = await encodeChunks(NativeTextEncoderStream, chunks);
      expect(await encodeChunks(FastTextEncoderStream, chunks)).toEqual(expected);
    });
  }

  it('matches the native stream on random text cut at random places', async () => {
    const alphabet = ['a', 'é', '→', '日', '\ud83d\ude00', '\ud83d', '\ude00', '"', '\n'];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const text = Array.from({ length: 40 }, () => alphabet[random(alphabet.length)]).join('');
      const chunks: string[] = [];
      for (let at = 0; at < text.length;) {
        const next = at + 1 + random(6);
        chunks.push(text.slice(at, next));
        at = next;
      }
      const expected = await encodeChunks(NativeTextEncoderStream, chunks);
      expect(await encodeChunks(FastTextEncoderStream, chunks)).toEqual(expected);
    }
  });

  it('encodes a 50 KB chunk (an SSE `complete` event) in one piece, byte for byte', async () => {
    const big = 'p95 latency 296 ms → 3.56 s “quoted” \ud83d\ude00 '.repeat(1_300);
    const bytes = await encodeChunks(FastTextEncoderStream, [big]);
    expect(bytes).toEqual(Array.from(new TextEncoder().encode(big)));
    expect(bytes).toEqual(await encodeChunks(NativeTextEncoderStream, [big]));
  });
});
