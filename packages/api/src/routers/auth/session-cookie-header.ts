import { AppError } from '@vibemonitor/contracts';
import { blankSessionCookie, isAllowedOrigin, sessionCookie } from '@vibemonitor/auth';
import type { ApiContext } from '../../context.js';

export function setSessionCookie(ctx: ApiContext, token: string, expiresAt: Date): void {
  ctx.setHeader(
    'Set-Cookie',
    sessionCookie(token, expiresAt, { secure: ctx.deps.settings.secureCookies }),
  );
}

export function clearSessionCookie(ctx: ApiContext): void {
  ctx.setHeader('Set-Cookie', blankSessionCookie({ secure: ctx.deps.settings.secureCookies }));
}

/**
 * Login CSRF defence for public mutations that set the session cookie: a page
 * on another site must not be able to sign a victim's browser into the
 * attacker's account. Browsers send Origin on every POST; scripts and the SDK
 * in Node send none, and their requests carry no ambient credentials to abuse.
 */
export function assertOriginAllowedIfSent(ctx: ApiContext): void {
  if (ctx.origin === undefined) return;
  if (!isAllowedOrigin(ctx.origin, ctx.deps.settings.allowedOrigins)) {
    throw new AppError(
      'FORBIDDEN',
      'This request came from an origin that is not allowed to sign in here.',
    );
  }
}
