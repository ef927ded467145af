import { Worker } from 'node:worker_threads';
import { pino, type Logger } from 'pino';
import type { InvestigationInput, InvestigationResult, Investigator } from '@vibemonitor/agent';
import type { Runtime } from '@vibemonitor/core';
import { describeRemoteQueryFailure } from '@vibemonitor/db';
import {
  deserializeError,
  serializeError,
  type FromThread,
  type ThreadStartData,
  type ToThread,
} from './messages.js';

/**
 * The investigation thread stopped (crashed, ran out of memory, stopped
 * answering and was restarted, or the worker is shutting down) while this
 * investigation ran. Not the investigation's fault: the rca.run job is
 * retried, which resumes the turn as a new attempt on a new thread, the way
 * a killed worker's turn is resumed.
 */
export class InvestigationThreadStopped extends Error {
  constructor(reason: string) {
    super(`The investigation thread stopped (${reason}) while the investigation ran.`);
    this.name = 'InvestigationThreadStopped';
  }
}

export interface InvestigationThread extends Investigator {
  /** Starts the thread now (otherwise the first investigation does; it stops again when idle). Resolves when it is ready. */
  start(): Promise<void>;
  /** Stops the thread at once; investigations in flight fail with InvestigationThreadStopped (and are retried). The next investigation starts a new thread. */
  restart(reason: string): Promise<void>;
  /** Stops the thread for good. */
  close(): Promise<void>;
}

export interface InvestigationThreadOptions {
  runtime: Pick<Runtime, 'config' | 'encryptionKeys' | 'database'>;
  logger: Logger;
  /** How often the thread is pinged. Default 5 s. */
  pingIntervalMs?: number;
  /**
   * A thread that has not answered a ping for this long is stopped and its
   * investigations retried on a new one (an engine stuck in a loop would
   * otherwise hold its turns forever: the main thread's heartbeat says
   * "alive"). Default 60 s, far above any computation of one step.
   */
  unresponsiveAfterMs?: number;
  /**
   * A thread with no investigation for this long is stopped (a new one
   * starts with the next question): an idle server does not keep the
   * engine's modules and heap resident. Default 5 minutes.
   */
  idleStopMs?: number;
}

interface Run {
  emit: InvestigationInput['emit'];
  /** Set once an event could not be stored: later events of the run are dropped. */
  failed: boolean;
  resolve: (result: InvestigationResult) => void;
  reject: (error: Error) => void;
}

interface RunningThread {
  worker: Worker;
  ready: Promise<void>;
  runs: Map<number, Run>;
  post(message: ToThread): void;
  lastPongAt: number;
  stopReason: string | undefined;
}

// tsx compiles the thread's TypeScript: the main thread's loader hooks do not
// reach worker threads (Node 20), so the thread registers its own, scoped to
// what it imports (a namespace), before importing its entry.
const threadEntry = new URL('./thread-main.ts', import.meta.url).href;
const bootstrap = (tsxApi: string) =>
  `import(${JSON.stringify(tsxApi)}).then(({ register }) => ` +
  `register({ namespace: 'vibemonitor-investigation-thread' }).import(${JSON.stringify(threadEntry)}, ${JSON.stringify(threadEntry)}))`;

/**
 * Runs investigations on a worker thread (see thread-main.ts): the main
 * thread keeps the turn (claim, heartbeat, storing and publishing events,
 * terminal events, cancellation) and answers the thread's SQL statements on
 * its own connection, so PGlite keeps one owner and the bus and the SSE
 * streams see exactly what an in-process engine produced.
 */
export function startInvestigationThread(options: InvestigationThreadOptions): InvestigationThread {
  const { runtime, logger } = options;
  const pingIntervalMs = options.pingIntervalMs ?? 5_000;
  const unresponsiveAfterMs = options.unresponsiveAfterMs ?? 60_000;
  const idleStopMs = options.idleStopMs ?? 5 * 60_000;
  let idleTimer: NodeJS.Timeout | undefined;
  // The thread's log lines are already formatted and redacted: write them where ours go.
  const destination =
    (logger as unknown as Record<symbol, { write(line: string): void } | undefined>)[
      pino.symbols.streamSym
    ] ?? process.stdout;
  // PGlite runs one statement at a time, first come first served, on this
  // thread. The engine's context loading sends its statements in bursts (a
  // dozen per investigation, several investigations at once): queued all at
  // once, they made every API request and SSE stream opened meanwhile wait
  // for the whole burst. One remote statement at a time on PGlite keeps them
  // at most one statement behind; a PostgreSQL pool runs them in parallel.
  const runRemoteQuery =
    runtime.database.driver === 'pglite'
      ? oneAtATime(runtime.database.runRemoteQuery)
      : runtime.database.runRemoteQuery;
  let current: RunningThread | undefined;
  let nextRunId = 1;
  let nextPingId = 1;
  let closed = false;

  const spawn = (): RunningThread => {
    const startData: ThreadStartData = {
      config: runtime.config,
      encryptionKeys: runtime.encryptionKeys,
      logLevel: logger.level,
      logBindings: logger.bindings(),
    };
    const worker = new Worker(bootstrap(import.meta.resolve('tsx/esm/api')), {
      eval: true,
      workerData: startData,
      name: 'vibemonitor-investigations',
    });
    let markReady!: () => void;
    let failStart!: (error: Error) => void;
    const thread: RunningThread = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failStart = reject;
      }),
      runs: new Map(),
      post: (message) => worker.postMessage(message),
      lastPongAt: Date.now(),
      stopReason: undefined,
    };
    // A thread that never became ready fails the investigations waiting for it.
    thread.ready.catch(() => undefined);

    worker.on('message', (message: FromThread) => {
      switch (message.type) {
        case 'ready':
          markReady();
          return;
        case 'query':
          runRemoteQuery(message.query).then(
            (result) => thread.post({ type: 'query-result', queryId: message.queryId, result }),
            (error: unknown) =>
              thread.post({
                type: 'query-failed',
                queryId: message.queryId,
                failure: describeRemoteQueryFailure(error),
              }),
          );
          return;
        case 'emit': {
          const run = thread.runs.get(message.id);
          if (!run || run.failed) return;
          // Stored in call order by the processor's emit. The first failure
          // (turn ended, storage down, invalid event) ends the investigation
          // with that error, as it did when the engine awaited each emit.
          run.emit(message.event).catch((error: unknown) => {
            if (run.failed) return;
            run.failed = true;
            thread.post({ type: 'abort', id: message.id, reason: serializeError(error) });
            run.reject(error instanceof Error ? error : new Error(String(error)));
          });
          return;
        }
        case 'done':
          thread.runs.get(message.id)?.resolve(message.result);
          return;
        case 'failed':
          thread.runs.get(message.id)?.reject(deserializeError(message.error));
          return;
        case 'log':
          destination.write(message.line);
          return;
        case 'pong':
          thread.lastPongAt = Date.now();
          return;
      }
    });
    worker.on('error', (error) => {
      thread.stopReason ??= `it threw: ${error.message}`;
      logger.error({ err: error }, 'the investigation thread failed');
    });
    worker.on('exit', (code) => {
      const reason = thread.stopReason ?? `it exited with code ${code}`;
      failStart(new InvestigationThreadStopped(reason));
      for (const run of thread.runs.values()) run.reject(new InvestigationThreadStopped(reason));
      thread.runs.clear();
      if (current === thread) current = undefined;
      if (!closed && thread.stopReason === undefined)
        logger.error(
          { code },
          'the investigation thread exited; the next investigation starts a new one',
        );
    });
    return thread;
  };

  const ensureThread = (): RunningThread => {
    if (closed) throw new InvestigationThreadStopped('the worker is shutting down');
    clearTimeout(idleTimer);
    current ??= spawn();
    return current;
  };

  const stopWhenIdle = (thread: RunningThread) => {
    if (thread.runs.size > 0 || current !== thread) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (current === thread && thread.runs.size === 0) void stop('idle');
    }, idleStopMs);
    idleTimer.unref();
  };

  const stop = async (reason: string) => {
    const thread = current;
    if (!thread) return;
    if (thread.runs.size > 0)
      logger.warn(
        { reason, investigations: thread.runs.size },
        'stopping the investigation thread; its investigations run again',
      );
    thread.stopReason = reason;
    current = undefined;
    await thread.worker.terminate();
  };

  const watchdog = setInterval(() => {
    const thread = current;
    if (!thread) return;
    if (thread.runs.size > 0 && Date.now() - thread.lastPongAt > unresponsiveAfterMs) {
      logger.error(
        { unresponsiveMs: Date.now() - thread.lastPongAt, investigations: thread.runs.size },
        'the investigation thread stopped answering; restarting it (its investigations run again)',
      );
      void stop(`it did not answer for ${unresponsiveAfterMs} ms`);
      return;
    }
    // While idle nothing waits on the thread: count silence from now.
    if (thread.runs.size === 0) thread.lastPongAt = Date.now();
    thread.post({ type: 'ping', pingId: nextPingId++ });
  }, pingIntervalMs);
  watchdog.unref();

  return {
    async start() {
      await ensureThread().ready;
    },

    async investigate(input) {
      const thread = ensureThread();
      await thread.ready;
      const id = nextRunId++;
      const { signal } = input;
      const onAbort = () =>
        thread.post({ type: 'abort', id, reason: serializeError(signal.reason) });
      try {
        return await new Promise<InvestigationResult>((resolve, reject) => {
          thread.runs.set(id, { emit: input.emit, failed: false, resolve, reject });
          thread.post({
            type: 'investigate',
            id,
            input: {
              question: input.question,
              workspaceId: input.workspaceId,
              turnId: input.turnId,
              ...(input.history ? { history: input.history } : {}),
            },
          });
          if (signal.aborted) onAbort();
          else signal.addEventListener('abort', onAbort, { once: true });
        });
      } finally {
        signal.removeEventListener('abort', onAbort);
        thread.runs.delete(id);
        stopWhenIdle(thread);
      }
    },

    restart: (reason) => stop(reason),

    async close() {
      closed = true;
      clearInterval(watchdog);
      clearTimeout(idleTimer);
      await stop('the worker is shutting down');
    },
  };
}

/** `fn` with calls run one after another, in call order (a failed call does not stop the next). */
function oneAtATime<A, R>(fn: (arg: A) => Promise<R>): (arg: A) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (arg) => {
    const result = tail.then(() => fn(arg));
    tail = result.catch(() => undefined);
    return result;
  };
}
