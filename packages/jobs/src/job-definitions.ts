import { AppError } from '@vibemonitor/contracts';
import { z } from 'zod';

/**
 * Every job the system knows, keyed by name, with the zod schema of its
 * payload. Add a job by adding an entry: producers and processors get their
 * types from here.
 *
 * Payloads travel through Redis as JSON, and they are parsed again on the
 * processing side (a job enqueued by an older deploy may no longer fit), so
 * schemas must accept their own output: plain data, defaults allowed, no
 * transforms.
 */
export const jobDefinitions = {
  /** Round trip check: server -> queue -> worker -> bus -> SSE. */
  'system.ping': z.object({ pingId: z.string().min(1) }),
  /** Runs the RCA agent for one chat turn. */
  'rca.run': z.object({
    turnId: z.string().min(1),
    workspaceId: z.string().min(1),
    /** Set when a user asks to re-run a turn, so the worker can tell runs apart. */
    attempt: z.number().int().positive().optional(),
  }),
  /** Sends one transactional email rendered from a named template. */
  'email.send': z.object({
    to: z.email(),
    template: z.string().min(1),
    variables: z.record(z.string(), z.string()).default({}),
  }),
  /**
   * Mails a password reset link if `email` has an account (auth.forgotPassword
   * enqueues it for every address, so the request takes as long either way).
   * The worker issues the token: reset tokens never travel through Redis.
   */
  'account.password-reset-email': z.object({
    /** Normalised (trimmed, lowercased). */
    email: z.email(),
    /** Where the link points; the server knows it, a separate worker may not. */
    webAppUrl: z.url(),
    /** The requester's address, for the security event. */
    ip: z.string().optional(),
  }),
  /** Checks that an integration's credentials still work. */
  'integration.health-check': z.object({
    workspaceId: z.string().min(1),
    integrationId: z.string().min(1),
  }),
  /** Handles one verified GitHub webhook delivery (stored by the receiver under its X-GitHub-Delivery id). */
  'github.webhook': z.object({ deliveryId: z.string().min(1).max(200) }),
  /** One verified Slack Events API delivery (a mention, a DM, an uninstall...). */
  'slack.event': z.object({
    teamId: z.string().min(1),
    eventId: z.string().min(1),
    event: z.record(z.string(), z.unknown()),
  }),
  /** A `/vibemonitor <question>` slash command. */
  'slack.command': z.object({
    teamId: z.string().min(1),
    channelId: z.string().min(1),
    userId: z.string().min(1),
    text: z.string(),
  }),
  /** Follows a turn asked from Slack: updates its status message, then posts the answer in the thread. */
  'slack.progress': z.object({
    workspaceId: z.string().min(1),
    turnId: z.string().min(1),
  }),
  /** Tells the workspace's notifiers that an alert group started an investigation. */
  'alert.notify': z.object({
    workspaceId: z.string().min(1),
    groupId: z.string().min(1),
    turnId: z.string().min(1),
  }),
  /**
   * One HTTP attempt of an outgoing webhook delivery. The processor schedules
   * the next attempt itself (its own backoff and limit), so each job is one try.
   */
  'webhook.deliver': z.object({
    workspaceId: z.string().min(1),
    deliveryId: z.string().min(1),
    /** 1-based; an owner's redelivery is marked manual. */
    attempt: z.number().int().positive(),
    manual: z.boolean().default(false),
  }),
} as const satisfies Record<string, z.ZodType>;

export type JobDefinitions = typeof jobDefinitions;
export type JobName = keyof JobDefinitions;
/** What a producer passes to `enqueue` (before defaults are applied). */
export type JobInput<N extends JobName> = z.input<JobDefinitions[N]>;
/** What a processor receives (defaults applied). */
export type JobPayload<N extends JobName> = z.output<JobDefinitions[N]>;

export const jobNames = Object.keys(jobDefinitions) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobDefinitions, name);
}

/** Formats zod issues as `path: message; ...` so a log line says what is wrong. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

/**
 * Validates a payload against its job's schema.
 * @throws AppError('VALIDATION_FAILED') naming the job and the offending fields.
 */
export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  if (!isJobName(name)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Unknown job "${String(name)}"; known jobs: ${jobNames.join(', ')}`,
    );
  }
  const result = jobDefinitions[name].safeParse(payload);
  if (!result.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Invalid payload for job "${name}": ${describeIssues(result.error)}`,
    );
  }
  return result.data as JobPayload<N>;
}

// BullMQ builds Redis keys from job ids (so ':' is reserved) and treats
// integer-looking ids as its own auto-generated ones; both drivers apply the
// same rules so code tested in-process behaves the same against Redis.
const jobIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .refine((id) => !id.includes(':'), 'must not contain ":" (BullMQ reserves it in Redis keys)')
  .refine(
    (id) => !/^\d+$/.test(id),
    'must not be an integer (BullMQ reserves those for generated ids)',
  );

const enqueueOptionsSchema = z.object({
  jobId: jobIdSchema.optional(),
  delayMs: z.number().int().min(0).optional(),
  attempts: z.number().int().min(1).max(100).optional(),
  /**
   * With `jobId`: a job with that id kept as failed is removed and the job
   * enqueued afresh (a sweeper reviving work whose retries were spent while a
   * dependency was down). Waiting, delayed and active jobs still dedupe.
   */
  replaceFailed: z.boolean().optional(),
});

export type EnqueueOptions = z.input<typeof enqueueOptionsSchema>;

/**
 * Validates enqueue options (custom job id, delay, attempts).
 * @throws AppError('VALIDATION_FAILED') naming the job and the offending option.
 */
export function parseEnqueueOptions(
  name: JobName,
  options: EnqueueOptions | undefined,
): EnqueueOptions {
  const result = enqueueOptionsSchema.safeParse(options ?? {});
  if (!result.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Invalid options for job "${name}": ${describeIssues(result.error)}`,
    );
  }
  return result.data;
}
