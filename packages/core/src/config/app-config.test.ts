import { describe, expect, it } from 'vitest';
import { describeSystem } from '../system/describe-system.js';
import { githubAppFromConfig } from '../github/github-app-from-config.js';
import { loadAppConfig } from './app-config.js';
import { billingGraceMs, billingSettingsFromConfig } from '../billing/billing-settings.js';

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
    const config = loadAppConfig({
      NODE_ENV: 'test',
      ...github,
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
    });
    expect(githubAppFromConfig(config)?.slug).toBe('vm');
    expect(describeSystem(config).integrations.github).toBe(true);
    expect(() =>
      loadAppConfig({ NODE_ENV: 'test', GITHUB_APP_ID: '1', GITHUB_APP_SLUG: 'vm' }),
    ).toThrow(/GITHUB_APP_PRIVATE_KEY, GITHUB_WEBHOOK_SECRET: required/);
    expect(() =>
      loadAppConfig({ NODE_ENV: 'test', ...github, GITHUB_API_URL: 'not a url' }),
    ).toThrow(/GITHUB_API_URL/);
    expect(() =>
      loadAppConfig({ NODE_ENV: 'test', ...github, GITHUB_APP_CLIENT_ID: 'Iv1.x' }),
    ).toThrow(/set both/);
    const withClient = loadAppConfig({
      NODE_ENV: 'test',
      ...github,
      GITHUB_APP_CLIENT_ID: 'Iv1.x',
      GITHUB_APP_CLIENT_SECRET: 'y',
    });
    expect(githubAppFromConfig(withClient)?.verifiesUsers).toBe(true);
    expect(githubAppFromConfig(config)?.verifiesUsers).toBe(false);
  });
});

const stripe = {
  STRIPE_SECRET_KEY: 'sk_test_x',
  STRIPE_WEBHOOK_SECRET: 'whsec_x',
  STRIPE_PRO_PLAN_PRICE_ID: 'price_pro',
  STRIPE_ADDITIONAL_SERVICE_PRICE_ID: 'price_extra',
};

describe('loadAppConfig: Stripe billing', () => {
  it('is off without its variables, on with all four, and names the missing ones when only some are set', () => {
    const off = loadAppConfig({ NODE_ENV: 'test' });
    expect(billingSettingsFromConfig(off)).toBeUndefined();
    expect(describeSystem(off).integrations.stripe).toBe(false);
    expect(billingGraceMs(off)).toBe(7 * 24 * 3600 * 1000);

    const on = loadAppConfig({
      NODE_ENV: 'test',
      ...stripe,
      STRIPE_API_URL: 'http://127.0.0.1:12111',
      BILLING_GRACE_DAYS: '0.5',
    });
    expect(billingSettingsFromConfig(on)).toMatchObject({
      proPriceId: 'price_pro',
      additionalServicePriceId: 'price_extra',
      graceMs: 12 * 3600 * 1000,
    });
    expect(describeSystem(on).integrations.stripe).toBe(true);

    expect(() =>
      loadAppConfig({
        NODE_ENV: 'test',
        STRIPE_SECRET_KEY: 'sk_test_x',
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
      }),
    ).toThrow(/STRIPE_PRO_PLAN_PRICE_ID, STRIPE_ADDITIONAL_SERVICE_PRICE_ID: required when any of/);
    expect(() => loadAppConfig({ NODE_ENV: 'test', ...stripe, BILLING_GRACE_DAYS: '-1' })).toThrow(
      /BILLING_GRACE_DAYS/,
    );
    expect(() => loadAppConfig({ NODE_ENV: 'test', ...stripe, STRIPE_API_URL: 'nope' })).toThrow(
      /STRIPE_API_URL/,
    );
  });
});
