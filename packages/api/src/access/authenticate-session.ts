import { isAllowedOrigin, sessionCookie, validateSessionToken } from '@vibemonitor/auth';
import type { SessionInfo, SessionUser } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import type { ApiDeps, RequestFacts } from '../context.js';

export interface AuthenticatedSession {
  user: SessionUser;
  session: SessionInfo;
  sessionToken: string;
}

/**
 * Resolves the request's session: a bearer token (SDK, Slack, scripts) or the
 * session cookie (browsers). Cookie-authenticated mutations must come from one
 * of our own origins (CSRF defence; bearer tokens are not ambient). Shared by
 * the tRPC procedures and the REST routes (the turn event stream), so both
 * answer the same errors.
 */
export async function authenticateSession(
  deps: ApiDeps,
  facts: Pick<RequestFacts, 'bearerToken' | 'cookieToken' | 'origin' | 'setHeader'>,
  { mutating }: { mutating: boolean },
): Promise<AuthenticatedSession> {
  const token = facts.bearerToken ?? facts.cookieToken;
  if (!token) throw new AppError('UNAUTHORIZED', 'Sign in first: no session token was sent.');
  const usingCookie = !facts.bearerToken;
  if (usingCookie && mutating && !isAllowedOrigin(facts.origin, deps.settings.allowedOrigins)) {
    throw new AppError(
      'FORBIDDEN',
      'This request came from an origin that is not allowed to use the session cookie.',
    );
  }
  const validated = await validateSessionToken({ db: deps.db, token });
  if (!validated)
    throw new AppError(
      'UNAUTHORIZED',
      'Your session has expired or was signed out. Sign in again.',
    );
  if (validated.refreshed && usingCookie) {
    facts.setHeader(
      'Set-Cookie',
      sessionCookie(token, validated.session.expiresAt, { secure: deps.settings.secureCookies }),
    );
  }
  return { user: validated.user, session: validated.session, sessionToken: token };
}
