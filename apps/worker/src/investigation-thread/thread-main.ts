import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { createSecretBox } from '@vibemonitor/auth';
import { AppError, type RcaEvent } from '@vibemonitor/contracts';
import { createLogger } from '@vibemonitor/core';
import {
  createRemoteDatabase,
  remoteQueryError,
  type RemoteQuery,
  type RemoteQueryResult,
} from '@vibemonitor/db';
import { createInvestigationEngine } from '../investigation-engine.js';
import {
  deserializeError,
  serializeError,
  type FromThread,
  type ThreadStartData,
  type ToThread,
} from './messages.js';

/*
 * The investigation thread: runs the real engine (context loading, the
 * simulator of demo integrations, checks, the model) off the main thread, so
 * the server's event loop stays free while investigations compute. It owns
 * no connection: every SQL statement goes to the main thread (which owns
 * PGlite, a single in-process database) as a message; every event goes back
 * to the main thread's `emit`, which stores and publishes it exactly as
 * before. The turn's lifecycle (claim, heartbeat, terminal events) stays on
 * the main thread.
 */

const port = parentPort;
if (!port)
  throw new Error('thread-main.ts runs as a worker thread (see start-investigation-thread.ts)');
const start = workerData as ThreadStartData;

const send = (message: FromThread) => port.postMessage(message);

let nextQueryId = 1;
const pendingQueries = new Map<
  number,
  { resolve: (result: RemoteQueryResult) => void; reject: (error: Error) => void }
>();
const db = createRemoteDatabase(
  (query: RemoteQuery) =>
    new Promise<RemoteQueryResult>((resolve, reject) => {
      const queryId = nextQueryId++;
      pendingQueries.set(queryId, { resolve, reject });
      send({ type: 'query', queryId, query });
    }),
);

const running = new Map<number, AbortController>();

// Lines are formatted (and redacted) here with the server's logger settings,
// then written by the main thread to the same destination as its own.
const logger = createLogger({
  level: start.logLevel,
  name: typeof start.logBindings.name === 'string' ? start.logBindings.name : 'worker',
  destination: new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      send({ type: 'log', line: chunk.toString() });
      callback();
    },
  }),
}).child(withoutName(start.logBindings));

const engine = createInvestigationEngine({
  config: start.config,
  db,
  // Structured cloning turned the key Buffers into Uint8Arrays.
  secrets: createSecretBox({
    currentKeyId: start.encryptionKeys.currentKeyId,
    keys: Object.fromEntries(
      Object.entries(start.encryptionKeys.keys).map(([id, key]) => [id, Buffer.from(key)]),
    ),
  }),
  logger,
});

async function investigate(
  id: number,
  input: Extract<ToThread, { type: 'investigate' }>['input'],
): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  // Pipelined: the event is handed to the main thread, which stores and
  // publishes events in order; the engine does not wait a round trip per
  // event. A store that fails there aborts this run (an `abort` message), and
  // the main thread fails the investigation with that error itself.
  const emit = async (event: RcaEvent): Promise<void> => {
    if (controller.signal.aborted) throw controller.signal.reason;
    send({ type: 'emit', id, event });
  };
  try {
    const result = await engine.investigate({ ...input, emit, signal: controller.signal });
    send({ type: 'done', id, result });
  } catch (error) {
    send({ type: 'failed', id, error: serializeError(error) });
  } finally {
    running.delete(id);
  }
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'investigate':
      void investigate(message.id, message.input);
      return;
    case 'abort':
      running.get(message.id)?.abort(deserializeError(message.reason));
      return;
    case 'query-result':
      pendingQueries.get(message.queryId)?.resolve(message.result);
      pendingQueries.delete(message.queryId);
      return;
    case 'query-failed':
      pendingQueries.get(message.queryId)?.reject(remoteQueryError(message.failure));
      pendingQueries.delete(message.queryId);
      return;
    case 'ping':
      send({ type: 'pong', pingId: message.pingId });
      return;
    default:
      throw new AppError(
        'INTERNAL',
        `Unknown message to the investigation thread: ${JSON.stringify(message)}`,
      );
  }
});

function withoutName(bindings: Record<string, unknown>): Record<string, unknown> {
  const { name: _name, pid: _pid, ...rest } = bindings;
  return rest;
}

send({ type: 'ready' });
