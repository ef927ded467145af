import { isAppError } from '@vibemonitor/contracts';

/** Which step of the callback failed; decides the `error` code the web app receives. */
export type CallbackStep = 'callback' | 'verifier' | 'exchange' | 'sign_in';

export interface CallbackFailure {
  /** Machine-readable, for the web app: `access_denied`, `invalid_state`, `missing_verifier`, a provider code... */
  error: string;
  /** A sentence for the person signing in. */
  description: string;
  /** HTTP status when there is nowhere to redirect to. Never 500: these are expected failures. */
  status: 400 | 502;
  expected: boolean;
}

const fallbackCode: Record<CallbackStep, string> = {
  callback: 'invalid_state',
  verifier: 'missing_verifier',
  exchange: 'invalid_grant',
  sign_in: 'sign_in_failed',
};

/**
 * Turns whatever a callback step threw into what the browser is told. Codes
 * the provider or the domain chose (`details.oauthError`, e.g. access_denied,
 * bad_verification_code, account_exists) pass through; an unreachable
 * provider is `temporarily_unavailable`; an unexpected error keeps its details
 * in the log and shows only the request id.
 */
export function describeCallbackFailure(
  step: CallbackStep,
  error: unknown,
  requestId: string,
): CallbackFailure {
  if (!isAppError(error)) {
    return {
      error: 'server_error',
      description: `Sign-in failed unexpectedly (request id ${requestId}). Please try again.`,
      status: 400,
      expected: false,
    };
  }
  const oauthError =
    typeof error.details?.oauthError === 'string' ? error.details.oauthError : undefined;
  if (error.code === 'UNAVAILABLE') {
    return {
      error: oauthError ?? 'temporarily_unavailable',
      description: error.message,
      status: 502,
      expected: true,
    };
  }
  return {
    error: oauthError ?? fallbackCode[step],
    description: error.message,
    status: 400,
    expected: true,
  };
}
