import { and, asc, eq, sql } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError, isAppError } from '@vibemonitor/contracts';
import {
  alertEndpoints,
  alertGroups,
  environments,
  memberships,
  services,
  type Database,
} from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import type { ChatLogger } from '../chat/chat-logger.js';
import { CHAT_MESSAGE_MAX, sendChatMessage } from '../chat/send-chat-message.js';
import { consumeServerLlmAllowance } from '../llm-config/consume-server-llm-allowance.js';
import type { LlmSettings } from '../llm-config/llm-settings.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { verifyAlertRequest } from './alert-secret.js';
import { alertGroupQuestion, describeAlertGroup } from './describe-alert-group.js';
import { parseAlertPayload } from './parse-alert-payload.js';

export interface ReceiveAlertDeps {
  db: Database;
  queue: JobQueue;
  secrets: SecretBox;
  rateLimiter: RateLimiter;
  llm: Pick<LlmSettings, 'serverDefault'>;
  logger?: ChatLogger | undefined;
}

export interface ReceivedAlertRequest {
  endpointId: string;
  rawBody: Buffer;
  authorization?: string | undefined;
  signature?: string | undefined;
  /** The sender's address, for the limit on failed authentications. */
  ip?: string | undefined;
}

export type ReceiveAlertOutcome =
  | { outcome: 'started'; groupId: string; sessionId: string; turnId: string }
  | { outcome: 'duplicate'; groupId: string; sessionId: string | null; turnId: string | null }
  | { outcome: 'resolved'; groupId: string }
  | { outcome: 'skipped'; groupId: string; reason: string }
  | { outcome: 'ignored'; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The member an alert's turn belongs to: the endpoint's creator while a member, else the longest-standing owner. */
async function alertActor(
  db: Database,
  workspaceId: string,
  createdByUserId: string | null,
): Promise<string | null> {
  if (createdByUserId) {
    const [member] = await db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, createdByUserId)),
      );
    if (member) return member.userId;
  }
  const [owner] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')))
    .orderBy(asc(memberships.createdAt));
  return owner?.userId ?? null;
}

/** The workspace environment an alert names (case-insensitive), else the endpoint's, else the default. */
async function alertEnvironment(
  db: Database,
  workspaceId: string,
  named: string | null,
  fallback: string | null,
): Promise<string | undefined> {
  if (named) {
    const [found] = await db
      .select({ id: environments.id })
      .from(environments)
      .where(
        and(
          eq(environments.workspaceId, workspaceId),
          sql`lower(${environments.name}) = ${named.toLowerCase()}`,
        ),
      );
    if (found) return found.id;
  }
  return fallback ?? undefined;
}

/** The workspace's name for the alert's service (matching names and aliases), else the label's value. */
async function alertService(
  db: Database,
  workspaceId: string,
  named: string | null,
): Promise<string | null> {
  if (!named) return null;
  const lower = named.toLowerCase();
  const rows = await db
    .select({ name: services.name, aliases: services.aliases })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  const match = rows.find(
    (s) => s.name.toLowerCase() === lower || s.aliases.some((a) => a.toLowerCase() === lower),
  );
  return match?.name ?? named;
}

/**
 * Receives one alert notification posted to `POST /api/v1/alerts/<id>`.
 *
 * Order matters: the endpoint must exist and be enabled, then the secret is
 * checked (bearer token or HMAC of the raw body) before anything is parsed or
 * stored, then the endpoint's rate limit applies, then the body is validated.
 * A firing group the endpoint has not seen (or saw resolved) is claimed with
 * one conditional write, so concurrent repeats start one investigation;
 * repeats while it fires only count; a resolved notification marks it resolved.
 *
 * @throws AppError NOT_FOUND (no such endpoint), FORBIDDEN (disabled),
 *   UNAUTHORIZED (bad secret), TOO_MANY_REQUESTS, VALIDATION_FAILED (payload).
 */
export async function receiveAlert(
  deps: ReceiveAlertDeps,
  request: ReceivedAlertRequest,
  now: Date = new Date(),
): Promise<ReceiveAlertOutcome & { workspaceId?: string }> {
  const { db, secrets, rateLimiter } = deps;
  if (!UUID.test(request.endpointId)) throw new AppError('NOT_FOUND', 'No such alert endpoint.');
  const [endpoint] = await db
    .select({
      id: alertEndpoints.id,
      workspaceId: alertEndpoints.workspaceId,
      enabled: alertEndpoints.enabled,
      secretCiphertext: alertEndpoints.secretCiphertext,
      environmentId: alertEndpoints.environmentId,
      createdByUserId: alertEndpoints.createdByUserId,
    })
    .from(alertEndpoints)
    .where(eq(alertEndpoints.id, request.endpointId));
  if (!endpoint) throw new AppError('NOT_FOUND', 'No such alert endpoint.');

  const authentic = verifyAlertRequest(secrets.decryptSecret(endpoint.secretCiphertext), request);
  if (!authentic) {
    if (request.ip) await rateLimiter.consume('alert_auth_failure_ip', request.ip);
    throw new AppError(
      'UNAUTHORIZED',
      'Missing or wrong credentials: send the endpoint secret as "Authorization: Bearer <secret>" or sign the body in X-VibeMonitor-Signature.',
    );
  }
  if (!endpoint.enabled) {
    throw new AppError(
      'FORBIDDEN',
      'This alert endpoint is disabled; an owner can enable it again.',
    );
  }
  await rateLimiter.consume('alert_endpoint', endpoint.id);

  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The body is not valid JSON.');
  }
  const group = parseAlertPayload(body, now);
  const described = describeAlertGroup(group);
  const workspaceId = endpoint.workspaceId;
  const fingerprints = [...new Set(group.alerts.map((a) => a.fingerprint))].sort();

  await db
    .update(alertEndpoints)
    .set({ lastReceivedAt: now })
    .where(eq(alertEndpoints.id, endpoint.id));

  if (group.status === 'resolved') {
    const [resolved] = await db
      .update(alertGroups)
      .set({
        status: 'resolved',
        resolvedAt: now,
        lastSeenAt: now,
        receivedCount: sql`${alertGroups.receivedCount} + 1`,
        updatedAt: now,
      })
      .where(and(eq(alertGroups.endpointId, endpoint.id), eq(alertGroups.groupKey, group.groupKey)))
      .returning({ id: alertGroups.id });
    if (!resolved)
      return {
        outcome: 'ignored',
        reason: 'resolved notification for a group never seen firing',
        workspaceId,
      };
    return { outcome: 'resolved', groupId: resolved.id, workspaceId };
  }

  const service = await alertService(db, workspaceId, described.service);
  const values = {
    format: group.format,
    status: 'firing' as const,
    title: described.title.slice(0, 500),
    service,
    environment: described.environment,
    labels: described.labels,
    fingerprints,
    startsAt: described.startsAt,
    resolvedAt: null,
    lastSeenAt: now,
    skippedReason: null,
    updatedAt: now,
  };
  // Claim: a new group, or one that fires again after being resolved.
  const claimed = await db
    .insert(alertGroups)
    .values({
      workspaceId,
      endpointId: endpoint.id,
      groupKey: group.groupKey,
      firstSeenAt: now,
      ...values,
    })
    .onConflictDoUpdate({
      target: [alertGroups.endpointId, alertGroups.groupKey],
      set: { ...values, receivedCount: sql`${alertGroups.receivedCount} + 1` },
      setWhere: eq(alertGroups.status, 'resolved'),
    })
    .returning({ id: alertGroups.id });
  const claim = claimed[0];
  if (!claim) {
    const [repeat] = await db
      .update(alertGroups)
      .set({
        lastSeenAt: now,
        receivedCount: sql`${alertGroups.receivedCount} + 1`,
        fingerprints: sql`(select coalesce(jsonb_agg(distinct f order by f), '[]'::jsonb) from jsonb_array_elements_text(${alertGroups.fingerprints} || ${JSON.stringify(fingerprints)}::jsonb) as f)`,
        updatedAt: now,
      })
      .where(and(eq(alertGroups.endpointId, endpoint.id), eq(alertGroups.groupKey, group.groupKey)))
      .returning({
        id: alertGroups.id,
        sessionId: alertGroups.sessionId,
        turnId: alertGroups.turnId,
      });
    if (!repeat) throw new Error('alert group vanished between claim and update');
    return {
      outcome: 'duplicate',
      groupId: repeat.id,
      sessionId: repeat.sessionId,
      turnId: repeat.turnId,
      workspaceId,
    };
  }

  const skip = async (reason: string): Promise<ReceiveAlertOutcome & { workspaceId: string }> => {
    await db.update(alertGroups).set({ skippedReason: reason }).where(eq(alertGroups.id, claim.id));
    deps.logger?.warn({ groupId: claim.id, workspaceId, reason }, 'alert group not investigated');
    return { outcome: 'skipped', groupId: claim.id, reason, workspaceId };
  };
  const actorId = await alertActor(db, workspaceId, endpoint.createdByUserId);
  if (!actorId) return skip('The workspace has no owner to run the investigation as.');
  const environmentId = await alertEnvironment(
    db,
    workspaceId,
    described.environment,
    endpoint.environmentId,
  );
  const question = alertGroupQuestion(
    { ...described, service },
    { alertCount: group.alerts.length, format: group.format },
  ).slice(0, CHAT_MESSAGE_MAX);
  try {
    await consumeServerLlmAllowance({ db, rateLimiter, llm: deps.llm, workspaceId });
    const ids = await sendChatMessage({
      db,
      queue: deps.queue,
      logger: deps.logger,
      actor: { id: actorId },
      workspaceId,
      source: 'alert',
      now,
      input: { message: question, environmentId },
      linkTurn: async (tx, created) => {
        await tx
          .update(alertGroups)
          .set({
            sessionId: created.sessionId,
            turnId: created.turnId,
            investigationCount: sql`${alertGroups.investigationCount} + 1`,
          })
          .where(eq(alertGroups.id, claim.id));
      },
    });
    try {
      await deps.queue.enqueue(
        'alert.notify',
        { workspaceId, groupId: claim.id, turnId: ids.turnId },
        { jobId: `alert-notify-${ids.turnId}`, attempts: 3 },
      );
    } catch (error) {
      deps.logger?.warn({ err: error, groupId: claim.id }, 'alert notification not enqueued');
    }
    return { outcome: 'started', groupId: claim.id, ...ids, workspaceId };
  } catch (error) {
    if (
      isAppError(error) &&
      ['PAYMENT_REQUIRED', 'TOO_MANY_REQUESTS', 'NOT_FOUND'].includes(error.code)
    ) {
      return skip(error.message);
    }
    throw error;
  }
}
