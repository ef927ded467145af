export { loadAuthEnv, type AuthEnv, type OAuthClientCredentials } from './env.js';
export type { AuthLogger } from './logger.js';

export { createSecretBox, type SecretBox } from './secrets/secret-box.js';
export {
  parseEncryptionKey,
  DEFAULT_KEY_ID,
  type EncryptionKeys,
} from './secrets/encryption-keys.js';
export {
  resolveEncryptionKeys,
  ENCRYPTION_KEY_FILE,
  type ResolvedEncryptionKeys,
} from './secrets/resolve-encryption-keys.js';
export { last4 } from './secrets/last4.js';

export {
  hashPassword,
  verifyPassword,
  passwordNeedsRehash,
  PASSWORD_HASH_OPTIONS,
} from './password/hash-password.js';
export {
  checkPasswordPolicy,
  assertPasswordPolicy,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  type PasswordPolicyResult,
} from './password/password-policy.js';
export { isCommonPassword } from './password/common-passwords.js';

export { generateSessionToken, parseSessionToken } from './session/session-token.js';
export {
  SESSION_TTL_MS,
  SESSION_REFRESH_THRESHOLD_MS,
  sessionExpiryDecision,
  type SessionExpiryDecision,
} from './session/session-expiry.js';
export type { SessionInfo, SessionUser } from './session/session-columns.js';
export { createSession } from './session/create-session.js';
export { validateSessionToken, type ValidatedSession } from './session/validate-session-token.js';
export { invalidateSession, invalidateAllUserSessions } from './session/invalidate-session.js';
export { rotateSession } from './session/rotate-session.js';
export {
  SESSION_COOKIE_NAME,
  sessionCookie,
  blankSessionCookie,
  readSessionCookie,
} from './session/session-cookie.js';
export { isAllowedOrigin } from './session/allowed-origin.js';

export { hashToken } from './email-token/hash-token.js';
export { issueEmailToken } from './email-token/issue-email-token.js';
export { consumeEmailToken } from './email-token/consume-email-token.js';

export type {
  OAuthProvider,
  OAuthProviderName,
  OAuthProfile,
  OAuthAuthorization,
} from './oauth/oauth-provider.js';
export { createOAuthProviders, type OAuthProviders } from './oauth/create-oauth-providers.js';
export {
  createGoogleProvider,
  googleEndpoints,
  googleScopes,
  type GoogleProviderConfig,
} from './oauth/google.js';
export {
  createGitHubProvider,
  githubEndpoints,
  githubScopes,
  pickGitHubEmail,
  type GitHubProviderConfig,
} from './oauth/github.js';
export { parseOAuthCallback } from './oauth/parse-callback.js';
