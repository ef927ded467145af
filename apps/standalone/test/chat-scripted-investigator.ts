import { setTimeout as sleep } from 'node:timers/promises';
import type { RcaReport } from '@vibemonitor/contracts';
import type { StartWorkerOptions } from '@vibemonitor/worker';

/** The engine interface (from @vibemonitor/agent), as the worker takes it. */
export type Investigator = NonNullable<StartWorkerOptions['investigator']>;

/*
 * A scripted stand-in for the external investigation engine, injected
 * through startWorker as the real one will be: it emits a known number of
 * events at a known pace and records whether it saw its abort signal.
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
export function createScriptedInvestigator(
  script: ScriptOptions | ((question: string) => ScriptOptions) = {},
): ScriptedInvestigator {
  const runs: ScriptedInvestigator['runs'] = [];
  return {
    runs,
    async investigate({ question, turnId, emit, signal }) {
      const {
        events = 3,
        delayMs = 0,
        failWith,
      } = typeof script === 'function' ? script(question) : script;
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
      return {
        report: scriptedReport,
        usage: { inputTokens: 0, outputTokens: 0, toolCalls: 0, durationMs: 1 },
      };
    },
  };
}
