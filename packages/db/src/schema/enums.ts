import {
  memberRoles,
  turnSourceSchema,
  turnStatusSchema,
  workspaceTypeSchema,
} from '@vibemonitor/contracts';

/*
 * Closed value sets stored in text columns (see enumCheck in columns.ts).
 * Sets the browser also knows live in @vibemonitor/contracts and are reused
 * here so the database and the API cannot drift apart.
 */

/** zod exposes enum options as a plain array; drizzle's `enum` option wants a non-empty tuple. */
function nonEmpty<T extends string>(values: readonly T[]): [T, ...T[]] {
  const [first, ...rest] = values;
  if (first === undefined) throw new TypeError('An enum column needs at least one value');
  return [first, ...rest];
}

export const workspaceTypes = nonEmpty(workspaceTypeSchema.options);
export const membershipRoles = nonEmpty(memberRoles);
export const turnStatuses = nonEmpty(turnStatusSchema.options);
export const turnSources = nonEmpty(turnSourceSchema.options);

export const oauthProviders = ['google', 'github'] as const;
export type OAuthProvider = (typeof oauthProviders)[number];

export const emailTokenPurposes = ['verify_email', 'reset_password'] as const;
export type EmailTokenPurpose = (typeof emailTokenPurposes)[number];

export const integrationProviders = [
  'grafana',
  'prometheus',
  'loki',
  'cloudwatch',
  'datadog',
  'newrelic',
  'github',
  'demo',
] as const;
export type IntegrationProvider = (typeof integrationProviders)[number];

export const integrationHealthStatuses = ['healthy', 'degraded', 'failing', 'unknown'] as const;
export type IntegrationHealthStatus = (typeof integrationHealthStatuses)[number];

export const llmProviders = ['groq', 'openai', 'azure_openai', 'gemini'] as const;
export type LlmProvider = (typeof llmProviders)[number];

export const feedbackRatings = ['up', 'down'] as const;
export type FeedbackRating = (typeof feedbackRatings)[number];

/** An RCA job moves through the same states as the chat turn it runs. */
export const rcaJobStatuses = turnStatuses;
