import { asc, eq, sql } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { oauthAccounts, users, type Database } from '@vibemonitor/db';
import type { AccountDetails } from './account-details.js';

/** The user's account with how they can sign in. NOT_FOUND if the user is gone. */
export async function getAccount({
  db,
  userId,
}: {
  db: Database;
  userId: string;
}): Promise<AccountDetails> {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      emailVerifiedAt: users.emailVerifiedAt,
      name: users.name,
      avatarUrl: users.avatarUrl,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      lastLoginAt: users.lastLoginAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError('NOT_FOUND', 'Account not found.');
  const providers = await db
    .select({ provider: oauthAccounts.provider })
    .from(oauthAccounts)
    .where(eq(oauthAccounts.userId, userId))
    .orderBy(asc(oauthAccounts.provider));
  return { ...user, oauthProviders: [...new Set(providers.map((p) => p.provider))] };
}
