import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const optionalUrl = optionalString.pipe(z.url({ message: 'must be an absolute URL' }).optional());

const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === 'true' || v === '1'));

const urlList = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  )
  .pipe(z.array(z.url({ message: 'must be a comma-separated list of URLs' })));

const millis = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int()
    .min(min)
    .max(max)
    .default(fallback);

const count = (min: number, max: number, fallback: number) =>
  z.coerce.number({ message: 'must be a whole number' }).int().min(min).max(max).default(fallback);

/**
 * Deployment-wide settings shared by server and worker. Optional
 * integrations are simply off when their variables are absent.
 */
export const coreEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z
    .url({ message: 'must be an absolute URL such as http://localhost:3000' })
    .optional(),
  WEB_APP_URL: z.url({ message: 'must be an absolute URL' }).optional(),
  CORS_ORIGINS: urlList,
  GROQ_API_KEY: optionalString,
  GROQ_LLM_MODEL: z.string().default('llama-3.3-70b-versatile'),
  // Replace a provider's API base URL (proxies, gateways, local test servers).
  GROQ_BASE_URL: optionalUrl,
  OPENAI_BASE_URL: optionalUrl,
  GEMINI_BASE_URL: optionalUrl,
  // GitHub App (all four, or none): installs, webhooks, change events, code tools.
  GITHUB_APP_ID: optionalString,
  GITHUB_APP_PRIVATE_KEY: optionalString,
  GITHUB_APP_SLUG: optionalString,
  GITHUB_WEBHOOK_SECRET: optionalString,
  // The app's OAuth client: lets the setup callback check that the installing user can see the installation.
  GITHUB_APP_CLIENT_ID: optionalString,
  GITHUB_APP_CLIENT_SECRET: optionalString,
  // GitHub Enterprise Server (https://HOST/api/v3) or a local test server; default https://api.github.com.
  GITHUB_API_URL: optionalUrl,
  // Stripe billing (all four, or none: see README "Billing").
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_PRO_PLAN_PRICE_ID: optionalString,
  STRIPE_ADDITIONAL_SERVICE_PRICE_ID: optionalString,
  // Stripe API root override, e.g. http://127.0.0.1:12111 (tests point it at a local fake).
  STRIPE_API_URL: optionalUrl,
  // How long a past_due subscription keeps its plan before the workspace behaves as Free (decimals allowed).
  BILLING_GRACE_DAYS: z.coerce
    .number({ message: 'must be a number of days' })
    .positive({ message: 'must be a positive number of days' })
    .max(90, { message: 'must be at most 90 days' })
    .default(7),
  // Slack bot: on only when all three are set (see README "Connect Slack").
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  // Slack Web API base URL, e.g. https://slack.com/api/ (tests point it at a local fake).
  SLACK_API_URL: optionalUrl,
  POSTMARK_SERVER_TOKEN: optionalString,
  EMAIL_FROM: z.string().default('VibeMonitor <no-reply@vibemonitor.local>'),
  SENTRY_DSN: optionalString,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  ALLOW_PRIVATE_INTEGRATION_URLS: booleanFlag,
  // CloudWatch: this server's own AWS identity, which assumes each workspace's role. Absent keys mean
  // the SDK's default chain (shared config, ECS task role, EC2 instance profile).
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  AWS_SESSION_TOKEN: optionalString,
  // VibeMonitor's principal ARN, written into the trust policy shown to users.
  AWS_PRINCIPAL_ARN: optionalString,
  // One endpoint answering STS, CloudWatch and CloudWatch Logs (tests point it at a local fake).
  CLOUDWATCH_ENDPOINT_URL: optionalUrl,
  // Datadog API base replacing https://api.<site> for every Datadog integration (tests point it at a local fake).
  DATADOG_API_URL: optionalUrl,
  // NerdGraph URL replacing https://api(.eu).newrelic.com/graphql for every New Relic integration (tests).
  NEW_RELIC_API_URL: optionalUrl,
  // workspace.createDemo: a workspace of simulated data (default: on in embedded mode only).
  DEMO_WORKSPACE: booleanFlag,
  // HTTP server limits (README "Reliability and security"). Time to receive a request's headers,
  // then the whole request (body included); responses such as SSE streams are not cut by these.
  HTTP_HEADERS_TIMEOUT_MS: millis(1_000, 300_000, 10_000),
  HTTP_REQUEST_TIMEOUT_MS: millis(1_000, 600_000, 30_000),
  // Idle keep-alive connections close after this; one connection serves at most this many requests.
  HTTP_KEEP_ALIVE_TIMEOUT_MS: millis(100, 120_000, 5_000),
  HTTP_MAX_REQUESTS_PER_SOCKET: count(0, 1_000_000, 1_000),
  // Open connections: all of them (over: 503), and from one client address (over: 429). 0 = no cap.
  // Behind a reverse proxy every connection comes from the proxy: raise or disable the per-IP cap there.
  HTTP_MAX_CONNECTIONS: count(0, 1_000_000, 4_096),
  HTTP_MAX_CONNECTIONS_PER_IP: count(0, 1_000_000, 256),
  // Concurrent anonymous event streams (system.pingEvents) per client IP.
  ANONYMOUS_STREAMS_PER_IP: count(1, 10_000, 8),
});

export type CoreEnv = z.infer<typeof coreEnvSchema>;

export function loadCoreEnv(env: Record<string, string | undefined> = process.env): CoreEnv {
  return coreEnvSchema.parse(env);
}
