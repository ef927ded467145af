import type { AIMessage } from '@langchain/core/messages';
import { END, START, StateGraph } from '@langchain/langgraph';
import { agentNode } from './agent-node.js';
import { checksNode } from './checks-node.js';
import { guardNode } from './guard-node.js';
import type { InvestigationSession } from './investigation-session.js';
import { InvestigationState, type InvestigationStateType } from './investigation-state.js';
import { planNode } from './plan-node.js';
import { reportNode } from './report-node.js';
import { toolsNode } from './tools-node.js';

/**
 * The investigation as a hand-built StateGraph:
 *
 *   guard -> (blocked: end) -> checks -> (no model or no data: report) -> plan -> agent <-> tools -> report
 *
 * The guard screens the question; the deterministic checks always run and
 * seed the agent; the agent loops with the tools until it answers or a
 * budget stops it; the report node writes the answer either way.
 */
export function buildInvestigationGraph(session: InvestigationSession) {
  return new StateGraph(InvestigationState)
    .addNode('guard', guardNode(session))
    .addNode('checks', checksNode(session))
    .addNode('plan', planNode(session))
    .addNode('agent', agentNode(session))
    .addNode('tools', toolsNode(session))
    .addNode('report', reportNode(session))
    .addEdge(START, 'guard')
    .addConditionalEdges(
      'guard',
      (state: InvestigationStateType) => (state.blocked ? END : 'checks'),
      ['checks', END],
    )
    .addConditionalEdges('checks', () => (session.model && session.directory ? 'plan' : 'report'), [
      'plan',
      'report',
    ])
    .addEdge('plan', 'agent')
    .addConditionalEdges(
      'agent',
      (state: InvestigationStateType) => {
        if (state.stopReason) return 'report';
        const last = state.messages.at(-1) as AIMessage | undefined;
        return (last?.tool_calls?.length ?? 0) > 0 ? 'tools' : 'report';
      },
      ['tools', 'report'],
    )
    .addConditionalEdges(
      'tools',
      (state: InvestigationStateType) => (state.stopReason ? 'report' : 'agent'),
      ['agent', 'report'],
    )
    .addEdge('report', END)
    .compile();
}
