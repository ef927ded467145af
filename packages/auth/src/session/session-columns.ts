import { sessions, users, type Session, type User } from '@vibemonitor/db';

/** Session columns callers may see: everything but the secret hash. */
export const sessionInfoColumns = {
  id: sessions.id,
  userId: sessions.userId,
  expiresAt: sessions.expiresAt,
  createdAt: sessions.createdAt,
  lastUsedAt: sessions.lastUsedAt,
  userAgent: sessions.userAgent,
  ip: sessions.ip,
};

/** User columns a session carries: everything but the password hash. */
export const sessionUserColumns = {
  id: users.id,
  email: users.email,
  emailVerifiedAt: users.emailVerifiedAt,
  name: users.name,
  avatarUrl: users.avatarUrl,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

/** A session row without its secret hash. */
export type SessionInfo = Omit<Session, 'secretHash'>;

/** The user behind a session, without the password hash. */
export type SessionUser = Pick<User, keyof typeof sessionUserColumns>;
