import { AppError, isAppError } from '@vibemonitor/contracts';

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const BAD_KEYS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AuthorizationError']);

/** Seconds to wait after a throttled call before retrying (the SDK already retried with backoff). */
export const THROTTLE_RETRY_SECONDS = 30;

/**
 * Turns an AWS SDK failure into an AppError naming the cause in words an
 * operator can act on: the missing IAM permission, throttling (with when to
 * retry), an expired or unknown key, a region that does not exist. `action`
 * is the IAM action the failed call needs (e.g. `logs:StartQuery`), named
 * when AWS's own message does not say it. `details.cause` is stable.
 */
export function describeAwsError(error: unknown, action: string, region: string): AppError {
  if (isAppError(error)) return error;
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? '';
  const message = e.message ?? String(error);
  if (name === 'CredentialsProviderError') {
    return new AppError(
      'PRECONDITION_FAILED',
      'This VibeMonitor server has no AWS credentials of its own to assume roles with: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run it with an IAM role.',
      { cause: 'no_server_credentials' },
    );
  }
  if (DENIED.has(name) || (name === '' && e.$metadata?.httpStatusCode === 403)) {
    const named = /perform:\s*([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1] ?? action;
    return new AppError(
      'PRECONDITION_FAILED',
      `AWS refused ${named}: add "${named}" to the role's permissions policy (AWS said: ${message})`,
      { cause: 'missing_permission', permission: named },
    );
  }
  if (THROTTLED.has(name)) {
    return new AppError(
      'TOO_MANY_REQUESTS',
      `AWS throttled ${action} in ${region} (${name}): retry in ${THROTTLE_RETRY_SECONDS} s or raise the account's API quota.`,
      { cause: 'throttled', retryAfterSeconds: THROTTLE_RETRY_SECONDS },
    );
  }
  if (EXPIRED.has(name)) {
    return new AppError(
      'UNAVAILABLE',
      `The AWS credentials expired before ${action} (${name}): they are renewed on the next call; if this repeats, check the server's own AWS credentials and clock.`,
      { cause: 'expired_token' },
    );
  }
  if (/scoped to a valid region/i.test(message)) {
    return new AppError(
      'PRECONDITION_FAILED',
      `AWS does not accept region "${region}" for ${action}: check the region name.`,
      { cause: 'invalid_region' },
    );
  }
  if (BAD_KEYS.has(name)) {
    return new AppError(
      'PRECONDITION_FAILED',
      `AWS did not recognise the credentials used for ${action} (${name}): check this server's AWS access key.`,
      { cause: 'bad_credentials' },
    );
  }
  if (e.code === 'ENOTFOUND' || /getaddrinfo ENOTFOUND/.test(message)) {
    return new AppError(
      'UNAVAILABLE',
      `No AWS endpoint answers for region "${region}": check the region name.`,
      { cause: 'invalid_region' },
    );
  }
  if (name === 'TimeoutError' || name === 'AbortError' || e.code === 'ETIMEDOUT') {
    return new AppError('UNAVAILABLE', `AWS did not answer ${action} in time (${region}).`, {
      cause: 'timeout',
    });
  }
  if (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET') {
    return new AppError('UNAVAILABLE', `AWS could not be reached for ${action}: ${message}`, {
      cause: 'unreachable',
    });
  }
  if (e.$metadata?.httpStatusCode !== undefined && e.$metadata.httpStatusCode < 500) {
    return new AppError('BAD_REQUEST', `AWS rejected ${action} (${name}): ${message}`, {
      cause: 'rejected',
      awsError: name,
    });
  }
  return new AppError('UNAVAILABLE', `AWS failed ${action} (${name || 'error'}): ${message}`, {
    cause: 'aws_error',
  });
}
