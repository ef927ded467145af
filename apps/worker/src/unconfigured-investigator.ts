import { performance } from 'node:perf_hooks';
import type { Investigator } from '@vibemonitor/agent';

/** What an investigation would look at; none of it is looked at without an engine. */
const NOT_CHECKED = [
  'Logs (error patterns against a baseline window)',
  'Metrics (latency, error rate, CPU, memory, restarts)',
  'Saturated dependencies (database connections, queues)',
  'Recent deploys, merged pull requests and commits',
  'Connected integrations (none were queried)',
];

/**
 * The investigator a worker runs until an investigation engine is wired in.
 * It says so plainly: one `thinking` event, then a report labelled
 * `deterministic` with no root cause, nothing checked and the reason why.
 * It is not a fake success: the summary tells the user there is no answer.
 */
export function createUnconfiguredInvestigator(): Investigator {
  return {
    async investigate({ emit }) {
      const started = performance.now();
      await emit({
        type: 'thinking',
        text: 'No investigation engine is configured on this server, so no checks or queries can run for this question.',
      });
      return {
        report: {
          analyst: 'deterministic',
          summary:
            'The investigation engine is not available yet on this server: nothing was checked, so there is no finding about this question.',
          rootCause: null,
          evidence: [],
          ruledOut: [],
          timeline: [],
          nextSteps: ['Ask again once the investigation engine is enabled on this server.'],
          notChecked: NOT_CHECKED,
        },
        usage: {
          inputTokens: 0,
          outputTokens: 0,
          toolCalls: 0,
          durationMs: performance.now() - started,
        },
      };
    },
  };
}
