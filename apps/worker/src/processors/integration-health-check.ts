import { isAppError } from '@vibemonitor/contracts';
import {
  enqueueDueHealthChecks,
  runIntegrationHealthCheck,
  type IntegrationSettings,
  type Notifier,
  type Runtime,
} from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { JobContext, JobQueue } from '@vibemonitor/jobs';
import type { Logger } from 'pino';

/**
 * Runs one `integration.health-check` job: checks the integration and
 * stores its status. Re-entrant (a re-run just checks again); an integration
 * disconnected since the job was enqueued is skipped. When it turns failing
 * (it was not failing before) the notifier is told, once per change.
 */
export function createIntegrationHealthCheckProcessor(deps: {
  db: Database;
  secrets: Runtime['secrets'];
  settings: IntegrationSettings;
  logger: Pick<Logger, 'debug' | 'warn'>;
  notifier?: Notifier;
  /** Told of every status change (outgoing webhooks' integration.health_changed). */
  onHealthChanged?: (change: {
    workspaceId: string;
    integrationId: string;
    provider: string;
    name: string;
    previousStatus: string;
    status: string;
    message: string | null;
  }) => Promise<void>;
}) {
  return async ({ payload, signal }: JobContext<'integration.health-check'>): Promise<void> => {
    try {
      const { check, integration, previousStatus } = await runIntegrationHealthCheck({
        db: deps.db,
        secrets: deps.secrets,
        settings: deps.settings,
        workspaceId: payload.workspaceId,
        integrationId: payload.integrationId,
        signal,
      });
      deps.logger.debug(
        { integrationId: payload.integrationId, status: check.status },
        'integration checked',
      );
      if (check.status !== previousStatus && deps.onHealthChanged) {
        await deps
          .onHealthChanged({
            workspaceId: payload.workspaceId,
            integrationId: payload.integrationId,
            provider: integration.provider,
            name: integration.name,
            previousStatus,
            status: check.status,
            message: check.message ?? null,
          })
          .catch((error: unknown) =>
            deps.logger.warn({ err: error }, 'could not emit the health change webhook'),
          );
      }
      if (check.status === 'failing' && previousStatus !== 'failing') {
        // A courtesy, like turn notifications: the stored status is what counts.
        await deps.notifier
          ?.notify({
            kind: 'integration_failing',
            workspaceId: payload.workspaceId,
            integrationId: payload.integrationId,
            provider: integration.provider,
            name: integration.name,
            message: check.message ?? 'The health check failed.',
            at: new Date().toISOString(),
          })
          .catch((error: unknown) =>
            deps.logger.warn({ err: error }, 'could not deliver the integration notification'),
          );
      }
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return;
      throw error;
    }
  };
}

export interface HealthCheckSchedule {
  /** How often the scheduler looks for integrations due a check. */
  tickMs: number;
  /** How long a check stays fresh; older ones are due. */
  intervalMs: number;
}

/** Checks run every 5 minutes; looking every minute keeps each one close to that. */
export const defaultHealthCheckSchedule: HealthCheckSchedule = {
  tickMs: 60_000,
  intervalMs: 5 * 60_000,
};

export interface RunningScheduler {
  /** Stops ticking and waits for a tick in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Ticks `enqueueDue` now and then every `tickMs` (an interval timer in this
 * process, with Redis and in-process queues alike: with several workers the
 * job ids dedupe the checks). Failures are logged, never thrown: a database
 * blip must not stop the schedule.
 */
export function startHealthCheckScheduler({
  enqueueDue,
  tickMs,
  logger,
}: {
  enqueueDue: () => Promise<number>;
  tickMs: number;
  logger: Pick<Logger, 'warn' | 'debug'>;
}): RunningScheduler {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = enqueueDue()
      .then((count) => {
        if (count > 0) logger.debug({ count }, 'integration health checks enqueued');
      })
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'could not enqueue integration health checks'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, tickMs);
  // The schedule alone must not keep a process alive.
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** The scheduler wired to the database and queue. */
export function startIntegrationHealthChecks({
  db,
  queue,
  logger,
  schedule = defaultHealthCheckSchedule,
}: {
  db: Database;
  queue: JobQueue;
  logger: Pick<Logger, 'warn' | 'debug'>;
  schedule?: HealthCheckSchedule;
}): RunningScheduler {
  return startHealthCheckScheduler({
    enqueueDue: () => enqueueDueHealthChecks({ db, queue, intervalMs: schedule.intervalMs }),
    tickMs: schedule.tickMs,
    logger,
  });
}
