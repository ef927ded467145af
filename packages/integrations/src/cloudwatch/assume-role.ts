import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AppError } from '@vibemonitor/contracts';
import type { AwsConnection, AwsServerAccess } from './aws-connection.js';
import { describeAwsError } from './describe-aws-error.js';

/** Temporary credentials of the assumed role. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** The assumed-role ARN AWS reports (`arn:aws:sts::<account>:assumed-role/<role>/<session>`). */
  assumedRoleArn: string;
}

/** Credentials are renewed this long before they expire, so no call starts with a key about to lapse. */
export const ROLE_REFRESH_MARGIN_MS = 5 * 60_000;
export const ROLE_SESSION_SECONDS = 3600;
const ROLE_SESSION_NAME = 'vibemonitor';
const MAX_CACHED_ROLES = 500;

// One cache per process: every client built for the same role shares one set of temporary credentials
// (an investigation builds its own client; re-assuming per call would cost an STS call each time).
const cache = new Map<string, Promise<RoleCredentials>>();

function cacheKey(connection: AwsConnection, server: AwsServerAccess): string {
  return [server.endpoint ?? '', connection.region, connection.roleArn, connection.externalId].join(
    '\u0000',
  );
}

export function stsClient(region: string, server: AwsServerAccess): STSClient {
  return new STSClient({
    region,
    ...(server.endpoint ? { endpoint: server.endpoint } : {}),
    ...(server.credentials ? { credentials: server.credentials } : {}),
    maxAttempts: server.maxAttempts ?? 3,
    ...(server.timeoutMs ? { requestHandler: { requestTimeout: server.timeoutMs } } : {}),
  });
}

async function assume(
  connection: AwsConnection,
  server: AwsServerAccess,
  signal?: AbortSignal,
): Promise<RoleCredentials> {
  const client = stsClient(connection.region, server);
  try {
    const answer = await client.send(
      new AssumeRoleCommand({
        RoleArn: connection.roleArn,
        ExternalId: connection.externalId,
        RoleSessionName: ROLE_SESSION_NAME,
        DurationSeconds: ROLE_SESSION_SECONDS,
      }),
      signal ? { abortSignal: signal } : {},
    );
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new AppError('UNAVAILABLE', 'AWS STS answered AssumeRole without credentials.');
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
      assumedRoleArn: answer.AssumedRoleUser?.Arn ?? connection.roleArn,
    };
  } catch (error) {
    const described = describeAwsError(error, 'sts:AssumeRole', connection.region);
    if (described.details?.['cause'] === 'missing_permission') {
      // A refused AssumeRole is almost always the role's trust policy, not a permissions policy.
      throw new AppError(
        'PRECONDITION_FAILED',
        `AWS refused to let VibeMonitor assume ${connection.roleArn}: the role's trust policy must allow sts:AssumeRole for VibeMonitor's principal with the condition sts:ExternalId = "${connection.externalId}" (and the role must exist).`,
        { cause: 'assume_role_denied', permission: 'sts:AssumeRole' },
      );
    }
    throw described;
  } finally {
    client.destroy();
  }
}

/**
 * The role's temporary credentials, from the process-wide cache while they
 * are valid for more than ROLE_REFRESH_MARGIN_MS, assumed again otherwise.
 * Concurrent callers share one AssumeRole call; a failure is not cached.
 */
export function roleCredentials(
  connection: AwsConnection,
  server: AwsServerAccess,
  options: { signal?: AbortSignal; now?: () => number } = {},
): Promise<RoleCredentials> {
  const now = options.now ?? Date.now;
  const key = cacheKey(connection, server);
  const cached = cache.get(key);
  if (cached) {
    return cached.then((credentials) =>
      credentials.expiration.getTime() - now() > ROLE_REFRESH_MARGIN_MS
        ? credentials
        : // The first caller to see them stale renews them; the others wait for that renewal.
          cache.get(key) === cached
          ? refresh(key, connection, server, options.signal)
          : (cache.get(key) ?? refresh(key, connection, server, options.signal)),
    );
  }
  return refresh(key, connection, server, options.signal);
}

function refresh(
  key: string,
  connection: AwsConnection,
  server: AwsServerAccess,
  signal?: AbortSignal,
): Promise<RoleCredentials> {
  const pending = assume(connection, server, signal);
  if (cache.size >= MAX_CACHED_ROLES) cache.delete(cache.keys().next().value!);
  cache.set(key, pending);
  pending.catch(() => {
    if (cache.get(key) === pending) cache.delete(key);
  });
  return pending;
}

/** Drops one role's cached credentials, e.g. after AWS said they expired earlier than announced. */
export function forgetRoleCredentials(connection: AwsConnection, server: AwsServerAccess): void {
  cache.delete(cacheKey(connection, server));
}

/** Forgets every cached role (tests; a disconnected integration's credentials simply expire). */
export function clearRoleCache(): void {
  cache.clear();
}
