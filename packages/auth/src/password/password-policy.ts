import { AppError } from '@vibemonitor/contracts';
import { isCommonPassword } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 10;
/** Bounded so a megabyte "password" cannot make argon2 the bottleneck. */
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordPolicyResult = { ok: true } | { ok: false; message: string };

/** NIST 800-63B style: length and a blocklist, no composition rules. */
export function checkPasswordPolicy(password: string): PasswordPolicyResult {
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
export function assertPasswordPolicy(password: string): void {
  const result = checkPasswordPolicy(password);
  if (!result.ok) throw new AppError('VALIDATION_FAILED', result.message);
}
