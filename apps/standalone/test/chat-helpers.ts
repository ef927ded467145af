import { setTimeout as sleep } from 'node:timers/promises';
import type { RcaReport, TurnStreamItem } from '@vibemonitor/contracts';
import type { VibeMonitorClient } from '@vibemonitor/sdk';
import { startWorker, type StartedWorker, type StartWorkerOptions } from '@vibemonitor/worker';
import { collectSubscription, type TestStack } from './harness.js';

/** The engine interface (from @vibemonitor/agent), as the worker takes it. */
export type Investigator = NonNullable<StartWorkerOptions['investigator']>;

/*
 * Chat test helpers. The scripted investigator stands in for the external
 * investigation engine (injected through startWorker, as the real one will
 * be): it emits a known number of events at a known pace and records whether
 * it saw its abort signal.
 */

export interface ScriptOptions {
  /** `thinking` events to emit before returning the report. Default 3. */
  events?: number;
  /** Pause before each event. Default 0. */
  delayMs?: number;
  /** Throw this after the events instead of returning a report. */
  failWith?: Error;
}

export interface ScriptedInvestigator extends Investigator {
  /** Investigations started, in order (a retried turn appears again). */
  readonly runs: Array<{ turnId: string; aborted: boolean; emitted: number }>;
}

export const scriptedReport: RcaReport = {
  analyst: 'deterministic',
  summary: 'Scripted investigation finished.',
  rootCause: null,
  evidence: [],
  ruledOut: [],
  timeline: [],
  nextSteps: [],
  notChecked: ['everything: this is a scripted test engine'],
};

/**
 * An investigator following `script`: fixed options, or options chosen per
 * question (so one worker can play several scenarios in a test file).
 */
export function createScriptedInvestigator(script: ScriptOptions | ((question: string) => ScriptOptions) = {}): ScriptedInvestigator {
  const runs: ScriptedInvestigator['runs'] = [];
  return {
    runs,
    async investigate({ question, turnId, emit, signal }) {
      const { events = 3, delayMs = 0, failWith } = typeof script === 'function' ? script(question) : script;
      const run = { turnId, aborted: false, emitted: 0 };
      runs.push(run);
      signal.addEventListener('abort', () => (run.aborted = true), { once: true });
      for (let i = 1; i <= events; i++) {
        if (delayMs > 0) await sleep(delayMs, undefined, { signal });
        signal.throwIfAborted();
        await emit({ type: 'thinking', text: `step ${i}` });
        run.emitted = i;
      }
      if (failWith) throw failWith;
      return { report: scriptedReport, usage: { inputTokens: 0, outputTokens: 0, toolCalls: 0, durationMs: 1 } };
    },
  };
}

/** A worker in the stack's process running `investigator` (start the stack with `worker: false`). */
export function startChatWorker(
  stack: TestStack,
  investigator: Investigator,
  extra: Partial<Omit<StartWorkerOptions, 'runtime' | 'investigator'>> = {},
): Promise<StartedWorker> {
  return startWorker({ runtime: stack.runtime, concurrency: 4, investigator, ...extra });
}

export type StreamedItem = { id: string; data: TurnStreamItem };

const terminal = new Set(['complete', 'error', 'cancelled']);

/**
 * Streams a turn until it ends (or `until` says stop, or the stream
 * completes) and returns what arrived, with each item's SSE id.
 */
export function streamTurn(
  client: VibeMonitorClient,
  input: { workspaceId: string; turnId: string; lastEventId?: string },
  options: { until?: (items: StreamedItem[]) => boolean; timeoutMs?: number; onItem?: (item: StreamedItem, items: StreamedItem[]) => void } = {},
): Promise<StreamedItem[]> {
  return collectSubscription<StreamedItem>((handlers) => client.chat.turns.stream.subscribe(input, handlers), {
    until: options.until ?? ((items) => terminal.has(items.at(-1)?.data.event.type ?? '')),
    timeoutMs: options.timeoutMs ?? 20_000,
    ...(options.onItem ? { onEvent: options.onItem } : {}),
  });
}

/** The seqs of `items`, to compare sequences at a glance. */
export function seqsOf(items: Array<StreamedItem | TurnStreamItem>): number[] {
  return items.map((item) => ('data' in item ? item.data.seq : item.seq));
}
