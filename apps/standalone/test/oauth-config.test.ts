import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthProviders } from '@vibemonitor/auth';
import { startFakeGitHub, type FakeGitHub } from '@vibemonitor/auth/testing';
import { startTestStack, type TestStack } from './harness.js';
import { TestBrowser, loginUrl } from './oauth-browser.js';

/*
 * OAuth routes on a deployment behind https (PUBLIC_URL) with only GitHub
 * configured: Google is off, cookies are Secure, redirects stay on the public origin.
 */

let github: FakeGitHub;
let stack: TestStack;

beforeAll(async () => {
  github = await startFakeGitHub({
    users: [
      { id: 1, login: 'x', emails: [{ email: 'x@example.com', primary: true, verified: true }] },
    ],
  });
  stack = await startTestStack({
    worker: false,
    env: { PUBLIC_URL: 'https://vm.example.com', WEB_APP_URL: 'https://app.vm.example.com' },
    oauth: (settings) =>
      createOAuthProviders({
        github: github.providerConfig(`${settings.publicUrl}/api/v1/auth/github/callback`),
      }),
  });
});
afterAll(async () => {
  await stack?.close();
  await github?.close();
});

describe('OAuth route configuration', () => {
  it('answers 404 JSON for a provider without credentials', async () => {
    for (const path of ['login', 'callback']) {
      const response = await new TestBrowser().get(`${stack.url}/api/v1/auth/google/${path}`);
      expect(response.status).toBe(404);
      expect(response.json).toEqual({
        error: { code: 'NOT_FOUND', message: 'Google sign-in is not configured on this server.' },
      });
    }
  });

  it('answers 404 JSON for an unknown provider', async () => {
    const response = await new TestBrowser().get(`${stack.url}/api/v1/auth/facebook/login`);
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('marks the flow cookies Secure behind https and sends GitHub our public callback URL', async () => {
    const response = await new TestBrowser().get(
      loginUrl(stack, 'github', 'https://app.vm.example.com/welcome'),
    );
    expect(response.status).toBe(302);
    expect(new URL(response.location!).searchParams.get('redirect_uri')).toBe(
      'https://vm.example.com/api/v1/auth/github/callback',
    );
    expect(response.setCookies).toHaveLength(3);
    for (const cookie of response.setCookies)
      expect(cookie).toMatch(
        /; HttpOnly; SameSite=Lax; Path=\/api\/v1\/auth; Max-Age=600; Secure$/,
      );
    expect(response.setCookies.find((c) => c.startsWith('vm_oauth_github_redirect='))).toContain(
      encodeURIComponent('https://app.vm.example.com/welcome'),
    );
  });

  it('allows the web app and the public URL as targets, and nothing else', async () => {
    expect(
      (await new TestBrowser().get(loginUrl(stack, 'github', 'https://vm.example.com/x'))).status,
    ).toBe(302);
    expect(
      (await new TestBrowser().get(loginUrl(stack, 'github', 'http://app.vm.example.com/'))).status,
    ).toBe(400);
    // The server's own listening address is not a configured origin here.
    expect((await new TestBrowser().get(loginUrl(stack, 'github', `${stack.url}/x`))).status).toBe(
      400,
    );
    const defaulted = await new TestBrowser().get(loginUrl(stack, 'github'));
    expect(defaulted.setCookies.find((c) => c.startsWith('vm_oauth_github_redirect='))).toContain(
      encodeURIComponent('https://app.vm.example.com/'),
    );
  });
});
