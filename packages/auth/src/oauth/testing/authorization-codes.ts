import { createHash, randomBytes } from 'node:crypto';

/** One /authorize request as the fake provider saw it. */
export interface RecordedAuthorization {
  clientId: string | null;
  redirectUri: string | null;
  state: string | null;
  scope: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  responseType: string | null;
  decision: 'approve' | 'deny';
  /** Set when approved: the user the fake signed in as. */
  userKey?: string;
}

interface IssuedCode<U> {
  user: U;
  clientId: string;
  redirectUri: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  expiresAt: number;
  used: boolean;
}

export type RedeemResult<U> =
  | { ok: true; user: U }
  | {
      ok: false;
      reason:
        | 'unknown_code'
        | 'used_code'
        | 'expired_code'
        | 'client_mismatch'
        | 'redirect_uri_mismatch'
        | 'pkce_mismatch';
    };

const CODE_TTL_MS = 10 * 60 * 1000;

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/**
 * The authorization-code bookkeeping both fake providers share: codes are
 * single use, expire after 10 minutes, are bound to the client and
 * redirect_uri, and verify the PKCE code_verifier against the challenge sent
 * to /authorize (RFC 7636).
 */
export function createAuthorizationCodes<U>() {
  const codes = new Map<string, IssuedCode<U>>();
  return {
    issue(user: U, request: Omit<IssuedCode<U>, 'user' | 'expiresAt' | 'used'>): string {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { user, ...request, expiresAt: Date.now() + CODE_TTL_MS, used: false });
      return code;
    },

    redeem(input: {
      code: string | null;
      clientId: string | null;
      redirectUri: string | null;
      codeVerifier: string | null;
    }): RedeemResult<U> {
      const issued = input.code ? codes.get(input.code) : undefined;
      if (!issued) return { ok: false, reason: 'unknown_code' };
      if (issued.used) return { ok: false, reason: 'used_code' };
      if (issued.expiresAt < Date.now()) return { ok: false, reason: 'expired_code' };
      if (issued.clientId !== input.clientId) return { ok: false, reason: 'client_mismatch' };
      if (issued.redirectUri !== null && issued.redirectUri !== input.redirectUri) {
        return { ok: false, reason: 'redirect_uri_mismatch' };
      }
      if (issued.codeChallenge !== null) {
        const verifier = input.codeVerifier;
        const expected =
          issued.codeChallengeMethod === 'plain' ? verifier : verifier && s256(verifier);
        if (!verifier || expected !== issued.codeChallenge)
          return { ok: false, reason: 'pkce_mismatch' };
      }
      issued.used = true;
      return { ok: true, user: issued.user };
    },
  };
}
