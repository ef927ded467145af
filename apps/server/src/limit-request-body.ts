import type { RequestHandler } from 'express';

/**
 * Refuses request bodies larger than `maxBytes` before anything buffers them.
 * Bodies must declare their size: tRPC clients and browsers always send
 * Content-Length for JSON, and a chunked upload of unknown size is refused
 * rather than read into memory to find out.
 */
export function limitRequestBody(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
      next();
      return;
    }
    const declared = req.headers['content-length'];
    if (declared === undefined) {
      if (req.headers['transfer-encoding'] === undefined) {
        next();
        return;
      }
      res
        .status(411)
        .json({
          error: {
            code: 'LENGTH_REQUIRED',
            message: 'Send the request body with a Content-Length header.',
          },
        });
      return;
    }
    const size = Number(declared);
    if (!Number.isFinite(size) || size > maxBytes) {
      res
        .status(413)
        .json({
          error: {
            code: 'PAYLOAD_TOO_LARGE',
            message: `Request bodies are limited to ${maxBytes} bytes.`,
          },
        });
      return;
    }
    next();
  };
}
