import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGithub, type FakeGithub } from '../testing/fake-github.js';
import { createGithubApp, githubWebUrl } from './github-app.js';

let fake: FakeGithub;
beforeAll(async () => {
  fake = await startFakeGithub({
    installations: [
      {
        id: 7001,
        accountLogin: 'acme',
        repositories: Array.from({ length: 5 }, (_, i) => ({ fullName: `acme/repo-${i}` })),
      },
    ],
  });
});
afterAll(() => fake.close());

const settings = () => ({
  appId: fake.appId,
  privateKey: fake.privateKey,
  slug: 'vibemonitor-test',
  webhookSecret: fake.webhookSecret,
  apiUrl: fake.url,
});

describe('createGithubApp against the fake GitHub', () => {
  it('reads an installation with a real app JWT and says null for an unknown one', async () => {
    const app = createGithubApp(settings());
    expect(await app.getInstallation(7001)).toMatchObject({ id: 7001, accountLogin: 'acme', suspended: false });
    expect(await app.getInstallation(1)).toBeNull();
  });

  it('is refused by GitHub when the JWT is signed with another key', async () => {
    const other = await startFakeGithub();
    const app = createGithubApp({ ...settings(), privateKey: other.privateKey });
    await other.close();
    await expect(app.getInstallation(7001)).rejects.toThrow(/refused the app's credentials/);
  });

  it('caches the installation token and mints a new one shortly before it expires', async () => {
    let clock = Date.now();
    const app = createGithubApp(settings(), { now: () => clock });
    const before = fake.mintedTokens.length;
    const page1 = await app.listRepositories(7001, { page: 1, perPage: 2 });
    const page3 = await app.listRepositories(7001, { page: 3, perPage: 2 });
    expect(page1).toMatchObject({ totalCount: 5, hasMore: true });
    expect(page1.repositories.map((r) => r.fullName)).toEqual(['acme/repo-0', 'acme/repo-1']);
    expect(page3).toMatchObject({ hasMore: false, repositories: [{ fullName: 'acme/repo-4' }] });
    expect(fake.mintedTokens.length - before).toBe(1);
    // Four minutes before expiry is inside the five-minute margin: a fresh token.
    clock = Date.parse(fake.mintedTokens.at(-1)!.expiresAt) - 4 * 60_000;
    await app.listRepositories(7001, { page: 1, perPage: 2 });
    expect(fake.mintedTokens.length - before).toBe(2);
  });

  it('mints a new token once the old one has expired (short-lived tokens, no margin)', async () => {
    fake.tokenLifetimeMs = 1_500;
    try {
      const app = createGithubApp(settings(), { refreshMarginMs: 0 });
      await app.listRepositories(7001, { page: 1, perPage: 1 });
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      const before = fake.mintedTokens.length;
      await app.listRepositories(7001, { page: 1, perPage: 1 });
      expect(fake.mintedTokens.length).toBe(before + 1);
    } finally {
      fake.tokenLifetimeMs = 60 * 60_000;
    }
  });

  it('verifies webhook signatures over the raw body before handling', async () => {
    const app = createGithubApp(settings());
    const body = JSON.stringify({ zen: 'Keep it logically awesome.' });
    const seen: string[] = [];
    await app.receiveWebhook(
      { id: 'd-1', name: 'ping', signature: await fake.sign(body), rawBody: body },
      async (event) => void seen.push(event.name),
    );
    expect(seen).toEqual(['ping']);
    await expect(
      app.receiveWebhook(
        { id: 'd-2', name: 'ping', signature: await fake.sign(body), rawBody: `${body} ` },
        async (event) => void seen.push(event.name),
      ),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(seen).toEqual(['ping']);
  });

  it('builds install URLs for github.com and GitHub Enterprise Server', () => {
    expect(githubWebUrl(undefined)).toBe('https://github.com');
    expect(githubWebUrl('https://ghe.example.com/api/v3')).toBe('https://ghe.example.com');
    expect(createGithubApp({ ...settings(), apiUrl: undefined }).installUrl('a b')).toBe(
      'https://github.com/apps/vibemonitor-test/installations/new?state=a+b',
    );
  });
});
