import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Histogram, type Registry } from 'prom-client';
import type { Investigator } from '@vibemonitor/agent';
import type { ErrorReportTags } from '@vibemonitor/observability';
import {
  combineNotifiers,
  createBusNotifier,
  createSlackNotifier,
  createWebhookNotifier,
  emitWebhookEvent,
  webhookSettingsFromConfig,
  type WebhookSettings,
  integrationSettingsFromConfig,
  llmSettingsFromConfig,
  slackSettingsFromConfig,
  type Notifier,
  type Runtime,
} from '@vibemonitor/core';
import { createAlertNotifyProcessor } from './processors/alert-notify.js';
import { createWebhookDeliverProcessor } from './processors/webhook-deliver.js';
import { createGithubWebhookProcessor } from './processors/github-webhook.js';
import { createRcaRunProcessor } from './processors/rca-run.js';
import { createPasswordResetEmailProcessor } from './processors/send-email.js';
import { createSystemPingProcessor } from './processors/system-ping.js';
import {
  createSlackCommandProcessor,
  createSlackEventProcessor,
  createSlackProgressProcessor,
} from './processors/slack.js';
import {
  createIntegrationHealthCheckProcessor,
  defaultHealthCheckSchedule,
  startIntegrationHealthChecks,
  type HealthCheckSchedule,
} from './processors/integration-health-check.js';
import {
  defaultStaleTurnSweep,
  startStaleTurnSweeper,
  type StaleTurnSweepTimings,
} from './sweep-stale-turns.js';
import { createInvestigationEngine } from './investigation-engine.js';
import {
  startInvestigationThread,
  type InvestigationThread,
  type InvestigationThreadOptions,
} from './investigation-thread/start-investigation-thread.js';

export interface StartWorkerOptions {
  runtime: Runtime;
  workerId?: string;
  concurrency: number;
  registry?: Registry;
  /** When integrations are health-checked (tests shorten it). */
  integrationHealthChecks?: Partial<HealthCheckSchedule>;
  /** The RCA engine. Defaults to the real one (checks, then the workspace's model when it has one). */
  investigator?: Investigator;
  /** Least time between two Slack status updates of one turn (tests shorten it). */
  slackStatusIntervalMs?: number;
  /** Outgoing webhook timeouts, attempts and backoff (tests shorten them). */
  webhooks?: Partial<WebhookSettings>;
  /** Timings of the stale-turn sweeper (tests shorten them). */
  staleTurnSweep?: Partial<StaleTurnSweepTimings>;
  /**
   * Run the real engine on a worker thread (`INVESTIGATION_THREAD`, on by
   * default in the apps), so investigations never hold this thread's event
   * loop: the server beside it keeps answering and events stream as they
   * happen. Ignored when `investigator` is given.
   */
  investigationThread?:
    | boolean
    | Pick<InvestigationThreadOptions, 'pingIntervalMs' | 'unresponsiveAfterMs' | 'idleStopMs'>;
  /** Receives jobs that failed for good (no retry left), e.g. Sentry via `@vibemonitor/observability`. */
  errorReporter?: { captureException(error: unknown, tags: ErrorReportTags): void };
}

export interface StartedWorker {
  workerId: string;
  /** The investigation thread, when investigations run on one. */
  investigationThread: InvestigationThread | undefined;
  /** Stops taking jobs and drains running ones until the deadline. */
  close(timeoutMs: number): Promise<{ timedOut: boolean }>;
}

/** Registers every job processor on the runtime's queue. */
export async function startWorker(options: StartWorkerOptions): Promise<StartedWorker> {
  const { runtime } = options;
  const workerId =
    options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
  const logger = runtime.logger.child({ workerId });
  const queue = runtime.jobs.queue;

  if (options.registry) {
    const durations = new Histogram({
      name: 'vm_job_duration_seconds',
      help: 'Job attempt duration by job name and outcome',
      labelNames: ['job', 'status'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [options.registry],
    });
    queue.onJobFinished((event) =>
      durations.observe({ job: event.name, status: event.status }, event.durationMs / 1000),
    );
  }
  queue.onJobFinished((event) => {
    if (event.status !== 'completed')
      logger.warn(
        { job: event.name, jobId: event.jobId, attempt: event.attempt, error: event.error },
        'job attempt failed',
      );
    // Retries are routine; a job out of attempts is what someone should look at.
    if (event.status === 'failed')
      options.errorReporter?.captureException(new Error(event.error ?? 'job failed'), {
        jobName: event.name,
        jobId: event.jobId,
      });
  });

  await queue.process(
    'system.ping',
    createSystemPingProcessor({ bus: runtime.jobs.bus, workerId }),
    {
      concurrency: options.concurrency,
    },
  );
  const db = runtime.database.db;
  const bus = runtime.jobs.bus;
  const slack = slackSettingsFromConfig(runtime.config);
  const webAppUrl = runtime.config.core.WEB_APP_URL ?? runtime.config.core.PUBLIC_URL;
  const notifiers: Notifier[] = [
    createBusNotifier(bus),
    createWebhookNotifier({ db, queue, logger }),
  ];
  const webhookSettings = { ...webhookSettingsFromConfig(runtime.config), ...options.webhooks };
  await queue.process(
    'webhook.deliver',
    createWebhookDeliverProcessor({
      db,
      queue,
      secrets: runtime.secrets,
      settings: webhookSettings,
      logger,
    }),
    { concurrency: Math.max(options.concurrency, 4) },
  );
  if (slack) {
    notifiers.push(
      createSlackNotifier({ db, secrets: runtime.secrets, settings: slack, webAppUrl }),
    );
    const slackDeps = {
      db,
      bus,
      queue,
      secrets: runtime.secrets,
      settings: slack,
      rateLimiter: runtime.rateLimiter,
      llm: llmSettingsFromConfig(runtime.config),
      webAppUrl,
      logger,
      ...(options.slackStatusIntervalMs !== undefined
        ? { statusIntervalMs: options.slackStatusIntervalMs }
        : {}),
    };
    await queue.process('slack.event', createSlackEventProcessor(slackDeps), {
      concurrency: options.concurrency,
    });
    await queue.process('slack.command', createSlackCommandProcessor(slackDeps), {
      concurrency: options.concurrency,
    });
    // A follower waits on its turn for as long as the investigation runs: give them room.
    await queue.process('slack.progress', createSlackProgressProcessor(slackDeps), {
      concurrency: Math.max(options.concurrency, 8),
    });
  }
  const workspaceNotifier = combineNotifiers(notifiers);
  const sweepTimings: StaleTurnSweepTimings = {
    ...defaultStaleTurnSweep,
    ...options.staleTurnSweep,
  };
  const investigationThread =
    !options.investigator && options.investigationThread
      ? startInvestigationThread({
          runtime,
          logger,
          ...(typeof options.investigationThread === 'object' ? options.investigationThread : {}),
        })
      : undefined;
  // Not started here: the first question starts it (its `attempt_started`
  // streams at once; the engine's first event waits for the thread's modules),
  // and an idle thread stops, so an idle server stays small.
  await queue.process(
    'rca.run',
    createRcaRunProcessor({
      db,
      bus,
      investigator:
        options.investigator ??
        investigationThread ??
        createInvestigationEngine({ config: runtime.config, db, secrets: runtime.secrets, logger }),
      workerId,
      logger,
      notifier: workspaceNotifier,
      heartbeatIntervalMs: sweepTimings.heartbeatIntervalMs,
    }),
    { concurrency: options.concurrency },
  );
  await queue.process(
    'alert.notify',
    createAlertNotifyProcessor({ db, notifier: workspaceNotifier }),
    { concurrency: options.concurrency },
  );
  await queue.process(
    'account.password-reset-email',
    createPasswordResetEmailProcessor({ db, email: runtime.email }),
    { concurrency: options.concurrency },
  );
  await queue.process('github.webhook', createGithubWebhookProcessor({ db, logger }), {
    concurrency: options.concurrency,
  });
  const sweeper = await startStaleTurnSweeper({ db, bus, queue, logger }, sweepTimings);
  await queue.process(
    'integration.health-check',
    createIntegrationHealthCheckProcessor({
      db: runtime.database.db,
      secrets: runtime.secrets,
      settings: integrationSettingsFromConfig(runtime.config),
      logger,
      notifier: workspaceNotifier,
      onHealthChanged: async (change) => {
        await emitWebhookEvent({
          db,
          queue,
          logger,
          workspaceId: change.workspaceId,
          type: 'integration.health_changed',
          data: { ...change, changedAt: new Date().toISOString() },
        });
      },
    }),
    { concurrency: options.concurrency },
  );
  const healthChecks = startIntegrationHealthChecks({
    db: runtime.database.db,
    queue,
    logger,
    schedule: { ...defaultHealthCheckSchedule, ...options.integrationHealthChecks },
  });
  logger.info({ concurrency: options.concurrency }, 'worker ready');

  return {
    workerId,
    investigationThread,
    async close(timeoutMs) {
      await healthChecks.stop();
      await sweeper.stop();
      const closed = await queue.close({ timeoutMs });
      // After the queue: running jobs have finished (or were abandoned at the deadline).
      await investigationThread?.close();
      return closed;
    },
  };
}
