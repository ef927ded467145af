import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestStack } from '../apps/standalone/test/harness.js';
import { throughput } from './lib/stats.js';

/**
 * tRPC query throughput through the SDK, as a ratio to a bare express handler
 * doing the same work (return the same system info JSON). The difference is
 * the cost of our stack: tRPC routing, superjson, middleware, metrics, logging.
 */
export async function benchTrpcThroughput(options: { durationMs: number; concurrency: number }): Promise<Record<string, string | number>> {
  const stack = await startTestStack({ worker: false });
  try {
    const client = stack.client();
    const info = await client.system.info.query();

    const bare = express();
    bare.get('/info', (_req, res) => {
      res.json(info);
    });
    const bareServer = createServer(bare);
    await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/info`;

    // Warm up both paths (JIT, connection pools).
    await throughput(() => client.system.info.query(), options.concurrency, 500);
    await throughput(async () => (await fetch(bareUrl)).json(), options.concurrency, 500);

    const sdkRate = await throughput(() => client.system.info.query(), options.concurrency, options.durationMs);
    const sdkSequential = await throughput(() => client.system.info.query(), 1, options.durationMs);
    const bareRate = await throughput(async () => (await fetch(bareUrl)).json(), options.concurrency, options.durationMs);
    const bareSequential = await throughput(async () => (await fetch(bareUrl)).json(), 1, options.durationMs);
    await new Promise((resolve) => bareServer.close(resolve));
    return {
      concurrency: options.concurrency,
      'sdk queries/s (concurrent, batched)': Math.round(sdkRate),
      'bare express req/s (concurrent)': Math.round(bareRate),
      'ratio concurrent (sdk / bare)': Number((sdkRate / bareRate).toFixed(2)),
      'sdk queries/s (one at a time)': Math.round(sdkSequential),
      'bare express req/s (one at a time)': Math.round(bareSequential),
      'ratio one at a time (sdk / bare)': Number((sdkSequential / bareSequential).toFixed(2)),
    };
  } finally {
    await stack.close();
  }
}
