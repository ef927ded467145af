import type { BaseMessage } from '@langchain/core/messages';
import { Annotation, messagesStateReducer } from '@langchain/langgraph';
import type { RcaReport } from '@vibemonitor/contracts';
import type { CheckResult } from '../checks/check-result.js';

const sum = (a: number, b: number) => a + b;
const last = <T>(_: T, next: T) => next;

/**
 * The graph's state. Counters are summed by their reducers, so a node returns
 * only what it added (`{ toolCalls: 2 }`), never a running total it read.
 */
export const InvestigationState = Annotation.Root({
  messages: Annotation<BaseMessage[]>({ reducer: messagesStateReducer, default: () => [] }),
  checkResults: Annotation<CheckResult[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  /** Model calls that could request tools. */
  steps: Annotation<number>({ reducer: sum, default: () => 0 }),
  /** Tool calls executed (refused ones are not counted). */
  toolCalls: Annotation<number>({ reducer: sum, default: () => 0 }),
  inputTokens: Annotation<number>({ reducer: sum, default: () => 0 }),
  outputTokens: Annotation<number>({ reducer: sum, default: () => 0 }),
  /** Keys of the tool calls made so far, to refuse identical repeats. */
  callKeys: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  /** Why exploration ended early (a budget), if it did. */
  stopReason: Annotation<string | null>({ reducer: last, default: () => null }),
  /** Set by the guard when the question was refused. */
  blocked: Annotation<boolean>({ reducer: last, default: () => false }),
  finalReport: Annotation<RcaReport | null>({ reducer: last, default: () => null }),
});

export type InvestigationStateType = typeof InvestigationState.State;
export type InvestigationStateUpdate = typeof InvestigationState.Update;
