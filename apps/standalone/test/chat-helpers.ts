// Chat test helpers: a worker with an injected engine, a stream collector.
import { eq } from 'drizzle-orm';
import type { PlanId, TurnStreamItem } from '@vibemonitor/contracts';
import { plans, workspaces } from '@vibemonitor/db';
import type { VibeMonitorClient } from '@vibemonitor/sdk';
import { startWorker, type StartedWorker, type StartWorkerOptions } from '@vibemonitor/worker';
import type { Investigator } from './chat-scripted-investigator.js';
import { collectSubscription, type TestStack } from './harness.js';

export {
  createScriptedInvestigator,
  scriptedReport,
  type Investigator,
  type ScriptedInvestigator,
  type ScriptOptions,
} from './chat-scripted-investigator.js';

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
  options: {
    until?: (items: StreamedItem[]) => boolean;
    timeoutMs?: number;
    onItem?: (item: StreamedItem, items: StreamedItem[]) => void;
  } = {},
): Promise<StreamedItem[]> {
  return collectSubscription<StreamedItem>(
    (handlers) => client.chat.turns.stream.subscribe(input, handlers),
    {
      until: options.until ?? ((items) => terminal.has(items.at(-1)?.data.event.type ?? '')),
      timeoutMs: options.timeoutMs ?? 20_000,
      ...(options.onItem ? { onEvent: options.onItem } : {}),
    },
  );
}

/** The seqs of `items`, to compare sequences at a glance. */
export function seqsOf(items: Array<StreamedItem | TurnStreamItem>): number[] {
  return items.map((item) => ('data' in item ? item.data.seq : item.seq));
}

/** Moves a workspace to another plan (e.g. Pro, for tests that ask more than 10 questions). */
/**
 * Lifts a plan's service limit in the plans table, as a self-hosting operator
 * may (limits are read from the table at every check): systems with more
 * services than Pro includes (the evaluation's) fit in one workspace.
 */
export async function liftServiceLimit(stack: TestStack, planId: PlanId): Promise<void> {
  await stack.runtime.database.db
    .update(plans)
    .set({ maxServices: null })
    .where(eq(plans.id, planId));
}

export async function setPlan(
  stack: TestStack,
  workspaceId: string,
  planId: PlanId,
): Promise<void> {
  await stack.runtime.database.db
    .update(workspaces)
    .set({ planId })
    .where(eq(workspaces.id, workspaceId));
}
