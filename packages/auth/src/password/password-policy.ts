import { AppError } from '@vibemonitor/contracts';
import { isCommonPassword } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 10;
/** Bounded so a megabyte "password" cannot make argon2 the bottleneck. */
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordPolicyResult = { ok: true } | { ok: false; message: string };

/** What the password must not be: the account's own email, its local part, the user's name. */
export interface PasswordContext {
  email?: string | null;
  name?: string | null;
}

/** Lowercased, whitespace removed: `Ada Lovelace` and `adalovelace` are the same guess. */
const folded = (value: string) => value.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/**
 * NIST 800-63B style: length, a blocklist and context-specific words (the
 * email, its local part, the user's name: the first things an attacker who
 * knows the account tries), no composition rules.
 */
export function checkPasswordPolicy(
  password: string,
  context: PasswordContext = {},
): PasswordPolicyResult {
  if (password.trim() === '') {
    return {
      ok: false,
      message: 'A password cannot be only spaces. Choose one with words or characters.',
    };
  }
  // Count code points, not UTF-16 units, so an emoji counts as one character.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return {
      ok: false,
      message: `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`,
    };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return {
      ok: false,
      message: `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`,
    };
  }
  const guess = folded(password);
  const email = context.email ? folded(context.email) : '';
  const localPart = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : '';
  if (email && (guess === email || guess === localPart)) {
    return { ok: false, message: 'Your password cannot be your email address or a part of it.' };
  }
  if (context.name && guess === folded(context.name)) {
    return { ok: false, message: 'Your password cannot be your name.' };
  }
  if (isCommonPassword(password)) {
    return {
      ok: false,
      message:
        'This password is too common and easy to guess. Choose a less predictable one, e.g. a few unrelated words.',
    };
  }
  return { ok: true };
}

/** Throws AppError('VALIDATION_FAILED') with the policy's message when the password is not acceptable. */
export function assertPasswordPolicy(password: string, context: PasswordContext = {}): void {
  const result = checkPasswordPolicy(password, context);
  if (!result.ok) throw new AppError('VALIDATION_FAILED', result.message);
}
