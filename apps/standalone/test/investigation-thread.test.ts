import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RcaEvent } from '@vibemonitor/contracts';
import type { VibeMonitorClient } from '@vibemonitor/sdk';
import { startWorker, type StartedWorker } from '@vibemonitor/worker';
import { setPlan, streamTurn, type StreamedItem } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { signUpThroughApi } from './sign-up.js';

/*
 * Investigations on the investigation thread (INVESTIGATION_THREAD, the
 * apps' default): the real engine on the demo workspace runs off the main
 * thread, reaching the database through it. So, seen through the SDK, a
 * turn's progress events arrive while it still runs (before, on the main
 * event loop, every event of a turn arrived with `complete`), the API
 * answers meanwhile, and a thread that dies mid-run costs a new attempt,
 * not the turn.
 */

let stack: TestStack;
let worker: StartedWorker;
let client: VibeMonitorClient;
let workspaceId: string;

beforeAll(async () => {
  stack = await startTestStack({ worker: false, env: { DEMO_WORKSPACE: 'true' } });
  worker = await startWorker({ runtime: stack.runtime, concurrency: 4, investigationThread: true });
  const email = `thread-${randomBytes(4).toString('hex')}@example.com`;
  const { token } = await signUpThroughApi(stack, { email, name: 'Thread' });
  client = stack.client(token);
  const { workspace } = await client.workspace.createDemo.mutate();
  workspaceId = workspace.id;
  // Pro's allowance covers the questions of this file.
  await setPlan(stack, workspaceId, 'pro');
  // The thread starts with the first question; start it here so its module
  // loading (seconds on a busy machine) is not part of the first test.
  await worker.investigationThread!.start();
}, 120_000);

afterAll(async () => {
  await worker?.close(5_000);
  await stack?.close();
});

const isProgress = (event: RcaEvent) =>
  event.type === 'thinking' || event.type === 'tool_start' || event.type === 'finding';

describe('investigations on the investigation thread', () => {
  it('stream their progress while they run, and the API answers meanwhile', async () => {
    // Four at once: the thread computes them side by side while the main thread serves.
    const questions = [
      'Why is checkout slow?',
      'What is wrong with payments?',
      'Why is checkout slow?',
      'Is the API healthy?',
    ];
    const turns = await Promise.all(
      questions.map((message) => client.chat.send.mutate({ workspaceId, message })),
    );
    const observations = await Promise.all(
      turns.map(async ({ turnId }) => {
        let completed = false;
        let probe: Promise<{ status: string; completedBeforeAnswer: boolean }> | undefined;
        const items = await streamTurn(
          client,
          { workspaceId, turnId },
          {
            timeoutMs: 60_000,
            onItem: (item: StreamedItem) => {
              const { event } = item.data;
              if (event.type === 'complete') completed = true;
              // At the turn's first progress event, ask the API about the turn.
              if (!probe && isProgress(event)) {
                probe = client.chat.turns.get
                  .query({ workspaceId, turnId })
                  .then((turn) => ({ status: turn.status, completedBeforeAnswer: completed }));
              }
            },
          },
        );
        return { items, probe: await probe };
      }),
    );
    for (const { items, probe } of observations) {
      const events = items.map((item) => item.data.event);
      expect(events.at(-1)?.type).toBe('complete');
      expect(events.filter((event) => event.type === 'finding').length).toBeGreaterThan(0);
      // The first progress event was streamed while the turn was still running,
      // and the API's answer came back before the turn's `complete` did.
      expect(probe).toEqual({ status: 'running', completedBeforeAnswer: false });
      // Sequence numbers are the stored ones: consecutive from 1, in order.
      expect(items.map((item) => item.data.seq)).toEqual(items.map((_, index) => index + 1));
    }
  }, 120_000);

  it('resume a turn on a new thread, as a new attempt, when the thread dies mid-run', async () => {
    const thread = worker.investigationThread!;
    const { turnId } = await client.chat.send.mutate({
      workspaceId,
      message: 'Why is checkout slow?',
    });
    let killed: Promise<void> | undefined;
    const items = await streamTurn(
      client,
      { workspaceId, turnId },
      {
        timeoutMs: 60_000,
        onItem: (item) => {
          // The first attempt's first progress event: the thread is mid-investigation.
          if (!killed && item.data.event.type !== 'attempt_started')
            killed = thread.restart('killed by the test');
        },
      },
    );
    await killed;
    const events = items.map((item) => item.data.event);
    const attempts = events.filter((event) => event.type === 'attempt_started');
    expect(attempts.map((event) => event.type === 'attempt_started' && event.attempt)).toEqual([
      1, 2,
    ]);
    expect(events.at(-1)?.type).toBe('complete');
    const complete = events.at(-1);
    expect(complete?.type === 'complete' && complete.report.rootCause?.service).toBe('payments');
    expect((await client.chat.turns.get.query({ workspaceId, turnId })).status).toBe('completed');
  }, 120_000);
});
