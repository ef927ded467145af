import type { Logger } from 'pino';
import type { Runtime } from '@vibemonitor/core';
import {
  followSlackTurn,
  handleSlackCommand,
  handleSlackEvent,
  type LlmSettings,
  type RateLimiter,
  type SlackSettings,
} from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { EventBus, JobContext, JobQueue } from '@vibemonitor/jobs';

export interface SlackProcessorDeps {
  db: Database;
  bus: EventBus;
  queue: JobQueue;
  secrets: Runtime['secrets'];
  settings: SlackSettings;
  rateLimiter: RateLimiter;
  llm: Pick<LlmSettings, 'serverDefault'>;
  /** Base URL of the web console for report links; none when unknown. */
  webAppUrl: string | undefined;
  logger: Logger;
  /** Least time between two status updates of one turn (tests shorten it). */
  statusIntervalMs?: number;
}

/** `slack.event`: a mention, DM, thread reply or uninstall, verified and deduplicated by the server. */
export function createSlackEventProcessor(deps: SlackProcessorDeps) {
  return async ({ payload }: JobContext<'slack.event'>): Promise<void> => {
    const logger = deps.logger.child({
      slackTeamId: payload.teamId,
      slackEventId: payload.eventId,
    });
    const outcome = await handleSlackEvent({ ...deps, logger }, payload);
    logger.info(
      { outcome: outcome.kind, ...('reason' in outcome ? { reason: outcome.reason } : {}) },
      'slack.event handled',
    );
  };
}

/** `slack.command`: `/vibemonitor <question>`. */
export function createSlackCommandProcessor(deps: SlackProcessorDeps) {
  return async ({ payload }: JobContext<'slack.command'>): Promise<void> => {
    const logger = deps.logger.child({ slackTeamId: payload.teamId });
    const outcome = await handleSlackCommand({ ...deps, logger }, payload);
    logger.info({ outcome: outcome.kind }, 'slack.command handled');
  };
}

/** `slack.progress`: live status in the thread, then the answer. */
export function createSlackProgressProcessor(deps: SlackProcessorDeps) {
  return async ({ payload, signal }: JobContext<'slack.progress'>): Promise<void> => {
    const logger = deps.logger.child({ turnId: payload.turnId, workspaceId: payload.workspaceId });
    await followSlackTurn({
      ...deps,
      logger,
      workspaceId: payload.workspaceId,
      turnId: payload.turnId,
      signal,
      ...(deps.statusIntervalMs !== undefined ? { minIntervalMs: deps.statusIntervalMs } : {}),
    });
  };
}
