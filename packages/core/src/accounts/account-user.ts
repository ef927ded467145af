import { eq } from 'drizzle-orm';
import type { SessionUser } from '@vibemonitor/auth';
import { users, type Database } from '@vibemonitor/db';

/** A user as account functions return it: never the password hash. */
export type AccountUser = SessionUser;

export const accountUserColumns = {
  id: users.id,
  email: users.email,
  emailVerifiedAt: users.emailVerifiedAt,
  name: users.name,
  avatarUrl: users.avatarUrl,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

export async function findAccountUser({
  db,
  userId,
}: {
  db: Database;
  userId: string;
}): Promise<AccountUser | null> {
  const [row] = await db
    .select(accountUserColumns)
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}
