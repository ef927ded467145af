import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RcaEvent } from '@vibemonitor/contracts';
import type { VibeMonitorClient } from '@vibemonitor/sdk';
import { signUpThroughApi } from './auth-helpers.js';
import { streamTurn } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

/*
 * A conversation in one session on the demo workspace: a follow-up is
 * investigated with the earlier turns as context (service and window carried
 * over, "yesterday" moves the window), and greetings or help requests are
 * answered on the spot without an investigation or quota.
 */

let stack: TestStack;
let client: VibeMonitorClient;
let workspaceId: string;

beforeAll(async () => {
  stack = await startTestStack({ env: { DEMO_WORKSPACE: 'true' } });
  const { token } = await signUpThroughApi(stack, {
    email: `talker-${randomBytes(4).toString('hex')}@example.com`,
    name: 'Talker',
  });
  client = stack.client(token);
  workspaceId = (await client.workspace.createDemo.mutate()).workspace.id;
}, 300_000);
afterAll(async () => {
  await stack?.close();
});

const ask = async (message: string, sessionId?: string) => {
  const ids = await client.chat.send.mutate({
    workspaceId,
    message,
    ...(sessionId ? { sessionId } : {}),
  });
  const items = await streamTurn(
    client,
    { workspaceId, turnId: ids.turnId },
    { timeoutMs: 120_000 },
  );
  return { ...ids, events: items.map((item) => item.data.event) as RcaEvent[] };
};
const thoughts = (events: RcaEvent[]) =>
  events.flatMap((e) => (e.type === 'thinking' ? [e.text] : []));

describe('a conversation', () => {
  it(
    'answers greetings and help at once, with no investigation and no quota',
    { timeout: 120_000 },
    async () => {
      // Free plan: 10 investigations a day. Twelve greetings spend none of them.
      let sessionId: string | undefined;
      for (const message of [
        'hi',
        'hello!',
        'help',
        'What can you do?',
        'thanks',
        'hey there',
        'good morning',
        '?',
        'ok',
        'cheers',
        'how does this work',
        'thank you',
      ]) {
        const turn = await ask(message, sessionId);
        sessionId = turn.sessionId;
        expect(turn.events.map((e) => e.type)).toEqual(['thinking', 'complete']);
        const complete = turn.events[1] as Extract<RcaEvent, { type: 'complete' }>;
        expect(complete.report.rootCause).toBeNull();
        expect(complete.report.summary).toBe(thoughts(turn.events)[0]);
        expect(complete.usage).toMatchObject({ toolCalls: 0, inputTokens: 0, outputTokens: 0 });
        const view = await client.chat.turns.get.query({ workspaceId, turnId: turn.turnId });
        expect(view.status).toBe('completed');
      }
      const session = await client.chat.sessions.get.query({ workspaceId, sessionId: sessionId! });
      expect(session.turns).toHaveLength(12);
    },
  );

  it(
    'investigates a follow-up with the earlier turn as context: same service, window a day back',
    { timeout: 300_000 },
    async () => {
      const first = await ask('Why is checkout slow?');
      const firstComplete = first.events.at(-1);
      expect(firstComplete?.type).toBe('complete');
      expect(thoughts(first.events).some((t) => t.startsWith('Follow-up'))).toBe(false);

      const second = await ask('and what about yesterday?', first.sessionId);
      expect(second.sessionId).toBe(first.sessionId);
      const note = thoughts(second.events).find((t) => t.startsWith('Follow-up'));
      expect(note).toMatch(/^Follow-up to "Why is checkout slow\?"/);
      // The demo's "checkout" is an alias of one of its services: that service is carried over.
      const service = /keeping service ([\w-]+)/.exec(note ?? '')?.[1];
      expect(service).toBeDefined();
      expect(note).toContain('the window ending 1 day(s) earlier');
      expect(second.events.at(-1)?.type).toBe('complete');
      // The checks ran for the inherited service, over yesterday's window.
      expect(second.events.some((e) => e.type === 'tool_start' || e.type === 'finding')).toBe(true);

      const third = await ask('is it fixed now?', first.sessionId);
      const thirdNote = thoughts(third.events).find((t) => t.startsWith('Follow-up'));
      expect(thirdNote).toMatch(/^Follow-up to "and what about yesterday\?"/);
      expect(thirdNote).toContain(`keeping service ${service}`);
      expect(thirdNote).toContain('the window ending now');
      expect(third.events.at(-1)?.type).toBe('complete');
    },
  );
});
