import type { AccountUser } from '@vibemonitor/core';
import { z } from 'zod';

/** The signed-in user as the API shows it: explicit fields, never the password hash. */
export const authUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  emailVerified: z.boolean(),
  emailVerifiedAt: z.date().nullable(),
  avatarUrl: z.string().nullable(),
  createdAt: z.date(),
  lastLoginAt: z.date().nullable(),
});
export type AuthUser = z.infer<typeof authUserSchema>;

export function toAuthUser(user: AccountUser): AuthUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    emailVerifiedAt: user.emailVerifiedAt,
    avatarUrl: user.avatarUrl,
    createdAt: user.createdAt,
    lastLoginAt: user.lastLoginAt,
  };
}

/**
 * What sign-in, sign-up and refresh return. Browsers ignore `token` and use
 * the HttpOnly cookie set on the same response; scripts and the SDK send it
 * as a bearer token.
 */
export const sessionResultSchema = z.object({
  token: z.string(),
  expiresAt: z.date(),
  user: authUserSchema,
});
