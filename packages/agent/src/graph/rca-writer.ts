import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { RcaEvent } from '@vibemonitor/contracts';

/**
 * Sends a progress event down the graph's `custom` stream; the runner
 * persists and publishes them in order. A graph run without a stream (a unit
 * test invoking a node) simply drops them.
 */
export function writeEvent(config: LangGraphRunnableConfig, event: RcaEvent): void {
  config.writer?.(event);
}

const THINKING_MAX = 800;

export function thinking(text: string): RcaEvent {
  return {
    type: 'thinking',
    text: text.length > THINKING_MAX ? `${text.slice(0, THINKING_MAX)}…` : text,
  };
}
