import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceNotification } from '@vibemonitor/sdk';
import { collectSubscription, startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam } from './users.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('notification.stream', () => {
  it('tells every member of the workspace when an investigation finishes', async () => {
    const owner = await createSignedInUser(stack);
    const teammate = await createSignedInUser(stack);
    const workspaceId = await createTeam(stack, owner, [{ user: teammate }]);

    const turn: { sent?: { sessionId: string; turnId: string } } = {};
    // The notification stream has no "subscribed" marker: send once the SSE
    // connection is up (a short pause), and wait for the turn's notification.
    const received = collectSubscription<WorkspaceNotification>(
      (handlers) => teammate.client.notification.stream.subscribe({ workspaceId }, handlers),
      {
        until: (events) =>
          events.some((e) => e.kind === 'turn_finished' && e.turnId === turn.sent?.turnId),
        timeoutMs: 20_000,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sent = (turn.sent = await owner.client.chat.send.mutate({
      workspaceId,
      message: 'Why is checkout slow?',
    }));
    const events = await received;
    const notification = events.find((e) => e.kind === 'turn_finished' && e.turnId === sent.turnId);
    expect(notification).toMatchObject({
      kind: 'turn_finished',
      workspaceId,
      sessionId: sent.sessionId,
      status: 'completed',
      summary: expect.any(String),
    });
  });

  it("never delivers another workspace's notifications", async () => {
    const alice = await createSignedInUser(stack);
    const bob = await createSignedInUser(stack);
    const seen: WorkspaceNotification[] = [];
    const subscription = bob.client.notification.stream.subscribe(
      { workspaceId: bob.personalWorkspaceId },
      { onData: (n) => seen.push(n) },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const { turnId } = await alice.client.chat.send.mutate({
      workspaceId: alice.personalWorkspaceId,
      message: 'Is anything wrong?',
    });
    // Wait for Alice's turn to finish, then give a stray notification time to arrive.
    for (let i = 0; i < 100; i++) {
      const turn = await alice.client.chat.turns.get.query({
        workspaceId: alice.personalWorkspaceId,
        turnId,
      });
      if (turn.status === 'completed' || turn.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    subscription.unsubscribe();
    expect(seen).toEqual([]);
  });
});
