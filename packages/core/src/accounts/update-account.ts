import { eq } from 'drizzle-orm';
import { users, type Database } from '@vibemonitor/db';
import type { AccountDetails } from './account-details.js';
import { getAccount } from './get-account.js';

/**
 * Changes the user's display name and/or avatar. Omitted fields stay as they
 * are; `avatarUrl: null` removes the avatar. Email changes are not offered
 * here: they need re-verification.
 */
export async function updateAccount({
  db,
  userId,
  input,
}: {
  db: Database;
  userId: string;
  input: { name?: string | undefined; avatarUrl?: string | null | undefined };
}): Promise<AccountDetails> {
  const changes: { name?: string; avatarUrl?: string | null } = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.avatarUrl !== undefined) changes.avatarUrl = input.avatarUrl;
  if (Object.keys(changes).length > 0)
    await db.update(users).set(changes).where(eq(users.id, userId));
  return getAccount({ db, userId });
}
