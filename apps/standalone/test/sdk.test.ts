import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@vibemonitor/sdk';
import { GOOD_PASSWORD, signUpThroughApi } from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ worker: false });
});
afterAll(async () => {
  await stack?.close();
});

describe('the SDK client', () => {
  it('delivers the Set-Cookie of a login mutation (browsers rely on it)', async () => {
    const setCookies: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      setCookies.push(...response.headers.getSetCookie());
      return response;
    };
    const client = createClient({ url: stack.url, fetch: recordingFetch, EventSource });
    await signUpThroughApi(stack, { email: 'sdk-cookie@example.com', name: 'Sdk Cookie' });
    setCookies.length = 0;
    const login = await client.auth.login.mutate({
      email: 'sdk-cookie@example.com',
      password: GOOD_PASSWORD,
    });
    expect(
      setCookies.some(
        (c) =>
          c.startsWith(`vm_session=${encodeURIComponent(login.token)}`) ||
          c.startsWith(`vm_session=${login.token}`),
      ),
    ).toBe(true);
    expect(setCookies.find((c) => c.startsWith('vm_session='))).toContain('HttpOnly');
  });

  it('answers 200 concurrent queries from one client (batches split at the server limit)', async () => {
    const requests: number[] = [];
    const countingFetch: typeof fetch = async (input, init) => {
      requests.push(1);
      return fetch(input, init);
    };
    const { token } = await signUpThroughApi(stack, {
      email: 'sdk-many@example.com',
      name: 'Sdk Many',
    });
    const authed = createClient({ url: stack.url, token, fetch: countingFetch, EventSource });
    requests.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => authed.workspace.list.query()),
    );
    expect(answers).toHaveLength(200);
    expect(answers.every((list) => list.length === 1 && list[0]!.type === 'personal')).toBe(true);
    // 200 calls in batches of at most 20: at least 10 requests, and far fewer than 200.
    expect(requests.length).toBeGreaterThanOrEqual(10);
    expect(requests.length).toBeLessThan(200);
  });

  it('authenticates with a bearer token function, read per request', async () => {
    const session: { token?: string } = {};
    const client = createClient({ url: stack.url, token: () => session.token, EventSource });
    await expect(client.auth.me.query()).rejects.toThrow(/Sign in first/);
    session.token = (
      await client.auth.login.mutate({ email: 'sdk-cookie@example.com', password: GOOD_PASSWORD })
    ).token;
    const me = await client.auth.me.query();
    expect(me.user).toMatchObject({ email: 'sdk-cookie@example.com' });
  });
});
