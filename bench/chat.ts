import {
  createScriptedInvestigator,
  scriptedReport,
  setPlan,
  startChatWorker,
  streamTurn,
  type Investigator,
} from '../apps/standalone/test/chat-helpers.js';
import { startTestStack, type TestStack } from '../apps/standalone/test/harness.js';
import { createSignedInUser } from '../apps/standalone/test/users.js';
import { formatMs, percentile } from './lib/stats.js';

/**
 * The chat pipeline's own overhead, with engines that take no time:
 * - `chat.send` -> first streamed event, and -> `complete`, one question at a
 *   time (send, queue, worker claim, event inserts, bus, SSE);
 * - fan-out: `subscribers` SDK clients stream one turn whose engine emits
 *   `events` events back to back; deliveries per second across all of them.
 */
export async function benchChat(options: {
  sends: number;
  subscribers: number;
  events: number;
}): Promise<Record<string, string | number>> {
  const stack = await startTestStack({ worker: false });
  try {
    const gate = createGate();
    const fanOut = gatedInvestigator(gate.opened, options.events);
    const quick = createScriptedInvestigator({ events: 1 });
    const engine: Investigator = {
      investigate: (input) =>
        (input.question.startsWith('fan-out') ? fanOut : quick).investigate(input),
    };
    const worker = await startChatWorker(stack, engine);
    try {
      return {
        ...(await sendLatency(stack, options.sends)),
        ...(await fanOutRate(stack, gate.open, options)),
        bus: stack.runtime.jobs.driver,
      };
    } finally {
      await worker.close(2_000);
    }
  } finally {
    await stack.close();
  }
}

async function signedInPro(stack: TestStack) {
  const user = await createSignedInUser(stack);
  // Pro's 100 questions a day cover the run.
  await setPlan(stack, user.personalWorkspaceId, 'pro');
  return user;
}

async function sendLatency(
  stack: TestStack,
  sends: number,
): Promise<Record<string, string | number>> {
  const user = await signedInPro(stack);
  const workspaceId = user.personalWorkspaceId;
  // Warm-up: JIT, connection pools, the first SSE connection.
  await streamTurn(user.client, {
    workspaceId,
    ...(await user.client.chat.send.mutate({ workspaceId, message: 'warm-up' })),
  });
  const toFirst: number[] = [];
  const toComplete: number[] = [];
  for (let i = 0; i < sends; i++) {
    const started = performance.now();
    const { turnId } = await user.client.chat.send.mutate({
      workspaceId,
      message: `question ${i}`,
    });
    let first: number | undefined;
    const items = await streamTurn(
      user.client,
      { workspaceId, turnId },
      { onItem: () => (first ??= performance.now() - started) },
    );
    toComplete.push(performance.now() - started);
    toFirst.push(first!);
    if (items.at(-1)?.data.event.type !== 'complete')
      throw new Error(`turn ${turnId} did not complete`);
  }
  return {
    sends,
    'send -> first event p50': formatMs(percentile(toFirst, 50)),
    'send -> first event p99': formatMs(percentile(toFirst, 99)),
    'send -> complete p50': formatMs(percentile(toComplete, 50)),
    'send -> complete p99': formatMs(percentile(toComplete, 99)),
  };
}

async function fanOutRate(
  stack: TestStack,
  release: () => void,
  options: { subscribers: number; events: number },
): Promise<Record<string, string | number>> {
  const user = await signedInPro(stack);
  const workspaceId = user.personalWorkspaceId;
  const { turnId } = await user.client.chat.send.mutate({ workspaceId, message: 'fan-out' });
  // Every subscriber is connected (it has the first event, attempt_started)
  // before the engine is released, so the timing covers live delivery only.
  let connected = 0;
  const allConnected = createGate();
  const clients = Array.from({ length: options.subscribers }, () => stack.client(user.token));
  let releasedAt = 0;
  const finishedAt: number[] = [];
  const streams = clients.map((client) =>
    streamTurn(
      client,
      { workspaceId, turnId },
      {
        timeoutMs: 300_000,
        onItem: (item, items) => {
          if (items.length === 1 && ++connected === options.subscribers) allConnected.open();
          if (item.data.event.type === 'complete') finishedAt.push(performance.now());
        },
      },
    ),
  );
  await allConnected.opened;
  releasedAt = performance.now();
  release();
  const received = await Promise.all(streams);
  const seconds = (Math.max(...finishedAt) - releasedAt) / 1000;
  const deliveries = received.reduce((sum, items) => sum + items.length - 1, 0);
  const expected = options.subscribers * (options.events + 1);
  if (deliveries !== expected)
    throw new Error(`expected ${expected} deliveries, got ${deliveries}`);
  return {
    'fan-out subscribers': options.subscribers,
    'fan-out events per turn': options.events + 1,
    'fan-out deliveries': deliveries,
    'fan-out time (release -> all complete)': formatMs(seconds * 1000),
    'fan-out events/s per subscriber': Math.round((options.events + 1) / seconds),
    'fan-out deliveries/s (all subscribers)': Math.round(deliveries / seconds),
  };
}

function createGate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Waits for the gate, then emits `events` thinking events back to back and reports. */
function gatedInvestigator(gate: Promise<void>, events: number): Investigator {
  return {
    async investigate({ emit }) {
      await gate;
      for (let i = 1; i <= events; i++) await emit({ type: 'thinking', text: `event ${i}` });
      return {
        report: scriptedReport,
        usage: { inputTokens: 0, outputTokens: 0, toolCalls: 0, durationMs: 0 },
      };
    },
  };
}
