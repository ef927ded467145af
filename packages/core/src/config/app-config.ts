import { loadAuthEnv, type AuthEnv } from '@vibemonitor/auth';
import { loadDbEnv, type DbEnv } from '@vibemonitor/db';
import { loadJobsEnv, type JobsEnv } from '@vibemonitor/jobs';
import { ConfigError, readEnv } from './config-error.js';
import { loadCoreEnv, type CoreEnv } from './env.js';

/** Everything the server and the worker share, validated once at boot. */
export interface AppConfig {
  core: CoreEnv;
  db: DbEnv;
  jobs: JobsEnv;
  auth: AuthEnv;
  /**
   * `embedded` only when neither DATABASE_URL nor REDIS_URL is set (the laptop
   * defaults: private integration URLs, demo workspace). Any shared-service
   * deployment is `distributed`, so those conveniences are off there.
   */
  mode: 'embedded' | 'distributed';
}

/**
 * Reads every package's settings. Throws a ConfigError with one line naming
 * each bad variable; the apps print it and exit 1.
 */
export function loadAppConfig(env: Record<string, string | undefined>): AppConfig {
  const core = readEnv(() => loadCoreEnv(env));
  const db = readEnv(() => loadDbEnv(env));
  const jobs = readEnv(() => loadJobsEnv(env));
  const auth = readEnv(() => loadAuthEnv(env));
  const mode = db.DATABASE_URL || jobs.REDIS_URL ? 'distributed' : 'embedded';
  if (core.NODE_ENV === 'production' && !auth.encryptionKey) {
    // A generated key file next to the data it protects is a laptop convenience, not a production setup.
    throw new ConfigError(
      'ENCRYPTION_KEY: required when NODE_ENV=production (a base64 32-byte key; see .env.example)',
    );
  }
  const githubVariables = {
    GITHUB_APP_ID: core.GITHUB_APP_ID,
    GITHUB_APP_PRIVATE_KEY: core.GITHUB_APP_PRIVATE_KEY,
    GITHUB_APP_SLUG: core.GITHUB_APP_SLUG,
    GITHUB_WEBHOOK_SECRET: core.GITHUB_WEBHOOK_SECRET,
  };
  const missingGithub = Object.entries(githubVariables).filter(([, value]) => !value);
  if (missingGithub.length > 0 && missingGithub.length < 4) {
    // Half a GitHub App would fail later, on a webhook or an install; say so at boot.
    throw new ConfigError(
      `${missingGithub.map(([name]) => name).join(', ')}: required when any of GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_SLUG, GITHUB_WEBHOOK_SECRET is set (the GitHub App needs all four)`,
    );
  }
  if (Boolean(core.GITHUB_APP_CLIENT_ID) !== Boolean(core.GITHUB_APP_CLIENT_SECRET)) {
    throw new ConfigError(
      'GITHUB_APP_CLIENT_ID, GITHUB_APP_CLIENT_SECRET: set both (the GitHub App OAuth client) or neither',
    );
  }
  const stripeVariables = {
    STRIPE_SECRET_KEY: core.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: core.STRIPE_WEBHOOK_SECRET,
    STRIPE_PRO_PLAN_PRICE_ID: core.STRIPE_PRO_PLAN_PRICE_ID,
    STRIPE_ADDITIONAL_SERVICE_PRICE_ID: core.STRIPE_ADDITIONAL_SERVICE_PRICE_ID,
  };
  const missingStripe = Object.entries(stripeVariables).filter(([, value]) => !value);
  if (missingStripe.length > 0 && missingStripe.length < 4) {
    // Half a billing setup would take money without lifting limits (or the reverse); say so at boot.
    throw new ConfigError(
      `${missingStripe.map(([name]) => name).join(', ')}: required when any of STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRO_PLAN_PRICE_ID, STRIPE_ADDITIONAL_SERVICE_PRICE_ID is set (billing needs all four)`,
    );
  }
  return { core, db, jobs, auth, mode };
}
