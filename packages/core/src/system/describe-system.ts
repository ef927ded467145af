import { VIBEMONITOR_VERSION, type SystemInfo } from '@vibemonitor/contracts';
import type { AppConfig } from '../config/app-config.js';
import { slackSettingsFromConfig } from '../slack/slack-settings.js';
import { DEMO_NOTE, DEMO_WORKSPACE_NAME } from '@vibemonitor/simulator/sources';

/** What `system.info` reports: never a secret, only whether something is configured. */
export function describeSystem(config: AppConfig): SystemInfo {
  const core = config.core;
  return {
    name: 'vibemonitor',
    version: VIBEMONITOR_VERSION,
    mode: config.mode,
    database: config.db.DATABASE_URL ? 'postgres' : 'pglite',
    queue: config.jobs.REDIS_URL ? 'redis' : 'in-process',
    integrations: {
      stripe: Boolean(
        core.STRIPE_SECRET_KEY &&
        core.STRIPE_WEBHOOK_SECRET &&
        core.STRIPE_PRO_PLAN_PRICE_ID &&
        core.STRIPE_ADDITIONAL_SERVICE_PRICE_ID,
      ),
      slack: slackSettingsFromConfig(config) !== undefined,
      github: Boolean(
        core.GITHUB_APP_ID && core.GITHUB_APP_PRIVATE_KEY && core.GITHUB_WEBHOOK_SECRET,
      ),
      groq: Boolean(core.GROQ_API_KEY),
      google: Boolean(config.auth.google),
      postmark: Boolean(core.POSTMARK_SERVER_TOKEN),
      sentry: Boolean(core.SENTRY_DSN),
      otel: Boolean(core.OTEL_EXPORTER_OTLP_ENDPOINT),
    },
    signIn: {
      password: true,
      google: Boolean(config.auth.google),
      github: Boolean(config.auth.github),
    },
    demo: {
      available: core.DEMO_WORKSPACE ?? config.mode === 'embedded',
      workspaceName: DEMO_WORKSPACE_NAME,
      note: DEMO_NOTE,
    },
  };
}
