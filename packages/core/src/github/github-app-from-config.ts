import { createGithubApp, type GithubApp } from '@vibemonitor/integrations';
import type { AppConfig } from '../config/app-config.js';

/** The message every GitHub feature answers with when the app is not configured. */
export const GITHUB_NOT_CONFIGURED =
  'GitHub is not configured on this server: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_SLUG and GITHUB_WEBHOOK_SECRET (see README, "Connect GitHub").';

/** The GitHub App client for this deployment, or null when its variables are absent (the feature is off). */
export function githubAppFromConfig(config: AppConfig): GithubApp | null {
  const core = config.core;
  if (
    !core.GITHUB_APP_ID ||
    !core.GITHUB_APP_PRIVATE_KEY ||
    !core.GITHUB_APP_SLUG ||
    !core.GITHUB_WEBHOOK_SECRET
  )
    return null;
  return createGithubApp({
    appId: core.GITHUB_APP_ID,
    privateKey: core.GITHUB_APP_PRIVATE_KEY,
    slug: core.GITHUB_APP_SLUG,
    webhookSecret: core.GITHUB_WEBHOOK_SECRET,
    apiUrl: core.GITHUB_API_URL,
    oauth:
      core.GITHUB_APP_CLIENT_ID && core.GITHUB_APP_CLIENT_SECRET
        ? { clientId: core.GITHUB_APP_CLIENT_ID, clientSecret: core.GITHUB_APP_CLIENT_SECRET }
        : undefined,
  });
}
