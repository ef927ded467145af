import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { githubWebhookDeliveries } from '@vibemonitor/db';
import { startFakeGithub, type FakeGithub, type FakeGithubInstallation } from '@vibemonitor/integrations/testing';
import { startTestStack, type TestStack } from './harness.js';
import type { TestUser } from './users.js';

export const WEB_APP_URL = 'http://web.vibemonitor.test';

/** The fake GitHub and a stack whose GitHub App points at it (real RSA key, real webhook secret). */
export async function startGithubStack(
  installations: FakeGithubInstallation[],
  env: Record<string, string> = {},
): Promise<{ fake: FakeGithub; stack: TestStack }> {
  const fake = await startFakeGithub({ installations });
  const stack = await startTestStack({
    env: {
      GITHUB_APP_ID: fake.appId,
      GITHUB_APP_PRIVATE_KEY: fake.privateKey,
      GITHUB_APP_SLUG: 'vibemonitor-test',
      GITHUB_WEBHOOK_SECRET: fake.webhookSecret,
      GITHUB_API_URL: fake.url,
      GITHUB_APP_CLIENT_ID: fake.clientId,
      GITHUB_APP_CLIENT_SECRET: fake.clientSecret,
      WEB_APP_URL,
      ...env,
    },
  });
  return { fake, stack };
}

/** The state GitHub would carry back from an install link. */
export function stateOf(installUrl: string): string {
  const state = new URL(installUrl).searchParams.get('state');
  if (!state) throw new Error(`no state in ${installUrl}`);
  return state;
}

/** GitHub's redirect back to the Setup URL, as the user's browser makes it. */
export async function callSetup(
  stack: TestStack,
  query: Record<string, string>,
  token: string | undefined,
): Promise<URL> {
  const url = new URL('/api/v1/github/setup', stack.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const response = await fetch(url, {
    redirect: 'manual',
    headers: token ? { cookie: `vm_session=${token}` } : {},
  });
  if (response.status !== 302) throw new Error(`setup answered ${response.status}: ${await response.text()}`);
  return new URL(response.headers.get('location')!);
}

/**
 * Installs the app for `workspaceId` the way a user does: installUrl, the user
 * authorizes the app on GitHub (seeing the installation), then GitHub's
 * redirect to the Setup URL with the state and the authorization code.
 */
export async function install(
  stack: TestStack,
  fake: FakeGithub,
  user: TestUser,
  workspaceId: string,
  installationId: number,
): Promise<URL> {
  const { url } = await user.client.github.installUrl.mutate({ workspaceId });
  return callSetup(
    stack,
    {
      installation_id: String(installationId),
      setup_action: 'install',
      state: stateOf(url),
      code: fake.authorizeUser(user.email, [installationId]),
    },
    user.token,
  );
}

/** Sends a webhook delivery signed like GitHub (or with the given signature). */
export async function deliver(
  stack: TestStack,
  fake: FakeGithub,
  event: string,
  payload: unknown,
  options: { id?: string; signature?: string } = {},
): Promise<{ status: number; body: unknown; id: string }> {
  const id = options.id ?? randomUUID();
  const body = JSON.stringify(payload);
  const response = await fetch(new URL('/api/v1/webhooks/github', stack.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': id,
      'x-hub-signature-256': options.signature ?? (await fake.sign(body)),
      'user-agent': 'GitHub-Hookshot/fake',
    },
    body,
  });
  return { status: response.status, body: await response.json(), id };
}

/** Waits until the queue has processed a delivery; returns its outcome. */
export async function processed(stack: TestStack, deliveryId: string, timeoutMs = 10_000): Promise<string> {
  const db = stack.runtime.database.db;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db
      .select({ processedAt: githubWebhookDeliveries.processedAt, outcome: githubWebhookDeliveries.outcome })
      .from(githubWebhookDeliveries)
      .where(eq(githubWebhookDeliveries.deliveryId, deliveryId));
    if (row?.processedAt) return row.outcome ?? '';
    if (Date.now() > deadline) throw new Error(`delivery ${deliveryId} not processed within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
