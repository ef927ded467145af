import { describe, expect, it } from 'vitest';
import { loadCoreEnv } from '../config/env.js';
import {
  allowPrivateIntegrationUrls,
  httpPolicy,
  integrationSettingsFromConfig,
} from './integration-settings.js';

const config = (mode: 'embedded' | 'distributed', value?: string) => ({
  mode,
  core: loadCoreEnv(value === undefined ? {} : { ALLOW_PRIVATE_INTEGRATION_URLS: value }),
});

describe('ALLOW_PRIVATE_INTEGRATION_URLS', () => {
  it('defaults to on in embedded mode and off in distributed mode', () => {
    expect(allowPrivateIntegrationUrls(config('embedded'))).toBe(true);
    expect(allowPrivateIntegrationUrls(config('distributed'))).toBe(false);
  });

  it('is what the setting says when set', () => {
    expect(allowPrivateIntegrationUrls(config('distributed', 'true'))).toBe(true);
    expect(allowPrivateIntegrationUrls(config('distributed', '1'))).toBe(true);
    expect(allowPrivateIntegrationUrls(config('embedded', 'false'))).toBe(false);
    expect(allowPrivateIntegrationUrls(config('embedded', ''))).toBe(true);
  });

  it('becomes the HTTP policy of every integration call', () => {
    const settings = integrationSettingsFromConfig(config('distributed'));
    expect(httpPolicy(settings)).toEqual({ allowPrivate: false, timeoutMs: 10_000 });
  });
});
