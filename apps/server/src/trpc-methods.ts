import type { RequestHandler } from 'express';

/** tRPC speaks GET (queries, SSE subscriptions) and POST (mutations, batches); OPTIONS is CORS. */
export const TRPC_ALLOWED_METHODS = 'GET, POST, OPTIONS';

/**
 * Answers any other method on /trpc (TRACE, PUT, HEAD...) with 405 and an
 * `Allow` header before tRPC sees it: the adapter does not expect them and
 * used to fail with a 500. OPTIONS is answered by the cors middleware before
 * this runs; should one get here, it gets 204 with the same header.
 */
export function trpcMethodGuard(): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'POST') return next();
    res.setHeader('Allow', TRPC_ALLOWED_METHODS);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    res.status(405).json({
      error: {
        code: 'METHOD_NOT_ALLOWED',
        message: `${req.method} is not supported on /trpc; use ${TRPC_ALLOWED_METHODS}.`,
      },
    });
  };
}
