import { describe, expect, it } from 'vitest';
import { describeSystem } from '../system/describe-system.js';
import { githubAppFromConfig } from '../github/github-app-from-config.js';
import { loadAppConfig } from './app-config.js';

const github = {
  GITHUB_APP_ID: '1',
  GITHUB_APP_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nx\\n-----END PRIVATE KEY-----',
  GITHUB_APP_SLUG: 'vm',
  GITHUB_WEBHOOK_SECRET: 's',
};

describe('loadAppConfig: the GitHub App', () => {
  it('is off when none of its variables is set', () => {
    const config = loadAppConfig({ NODE_ENV: 'test' });
    expect(githubAppFromConfig(config)).toBeNull();
    expect(describeSystem(config).integrations.github).toBe(false);
  });

  it('is on with all four, and names the missing ones when only some are set', () => {
    const config = loadAppConfig({ NODE_ENV: 'test', ...github, GITHUB_API_URL: 'https://ghe.example.com/api/v3' });
    expect(githubAppFromConfig(config)?.slug).toBe('vm');
    expect(describeSystem(config).integrations.github).toBe(true);
    expect(() => loadAppConfig({ NODE_ENV: 'test', GITHUB_APP_ID: '1', GITHUB_APP_SLUG: 'vm' })).toThrow(
      /GITHUB_APP_PRIVATE_KEY, GITHUB_WEBHOOK_SECRET: required/,
    );
    expect(() => loadAppConfig({ NODE_ENV: 'test', ...github, GITHUB_API_URL: 'not a url' })).toThrow(/GITHUB_API_URL/);
    expect(() => loadAppConfig({ NODE_ENV: 'test', ...github, GITHUB_APP_CLIENT_ID: 'Iv1.x' })).toThrow(/set both/);
    const withClient = loadAppConfig({ NODE_ENV: 'test', ...github, GITHUB_APP_CLIENT_ID: 'Iv1.x', GITHUB_APP_CLIENT_SECRET: 'y' });
    expect(githubAppFromConfig(withClient)?.verifiesUsers).toBe(true);
    expect(githubAppFromConfig(config)?.verifiesUsers).toBe(false);
  });
});
