import { PASSWORD_MAX_LENGTH } from '@vibemonitor/auth';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';

/** Trimmed and lowercased before validation, so ` Ada@Example.com ` is accepted and stored once. */
export const emailField = text({ message: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .pipe(
    z
      .email({ message: 'Enter a valid email address, like name@example.com.' })
      .max(254, 'Email addresses are at most 254 characters.'),
  );

/**
 * The full policy (length in code points, common-password list) runs in the
 * domain function with its own message; this only bounds the payload.
 */
export const newPasswordField = text({ message: 'Enter a password.' }).max(
  PASSWORD_MAX_LENGTH * 4,
  'That password is far too long.',
);

/** Sign-in passwords are not policy-checked: old accounts may predate the policy. */
export const passwordField = text({ message: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .max(PASSWORD_MAX_LENGTH * 4, 'That password is far too long.');

export const nameField = text({ message: 'Enter your name.' })
  .trim()
  .min(1, 'Enter your name.')
  .max(100, 'Names are at most 100 characters.');

/** Emailed tokens are 43 base64url characters; anything else cannot be one. */
export const emailTokenField = text({ message: 'The link is missing its token.' })
  .trim()
  .min(1, 'The link is missing its token.')
  .max(200, 'This link is invalid. Request a new link.');
