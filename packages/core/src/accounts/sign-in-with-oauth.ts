import { and, eq } from 'drizzle-orm';
import {
  createSession,
  invalidateAllUserSessions,
  type OAuthProfile,
  type SecretBox,
  type SessionInfo,
} from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { isUniqueViolation, oauthAccounts, users, type Database } from '@vibemonitor/db';
import { recordEngagement } from '../engagement/record-engagement.js';
import { recordSecurityEvent } from '../security/record-security-event.js';
import { createPersonalWorkspace } from '../workspaces/create-personal-workspace.js';
import { accountUserColumns, type AccountUser } from './account-user.js';

const providerLabel = { google: 'Google', github: 'GitHub' } as const;

export type OAuthSignInOutcome = 'signed_in' | 'linked' | 'created';

/**
 * Finishes an OAuth sign-in once the provider has vouched for `profile`:
 * 1. a known provider account signs its user in;
 * 2. otherwise an account with the same email is linked, but only when the
 *    provider verified the address (anyone can put someone else's address on
 *    a GitHub account). If that account had never verified its own address,
 *    whoever set its password never proved they own the mailbox: the password
 *    and sessions are dropped so a squatter cannot keep access ("pre-account
 *    hijacking"); the owner can set a new password by reset;
 * 3. otherwise a new user and personal workspace are created.
 * The provider access token is stored encrypted. All of it commits together.
 */
export async function signInWithOAuth({
  db,
  secrets,
  profile,
  ip,
  userAgent,
  now = new Date(),
}: {
  db: Database;
  secrets: Pick<SecretBox, 'encryptSecret'>;
  profile: OAuthProfile;
  ip: string | undefined;
  userAgent: string | undefined;
  now?: Date;
}): Promise<{
  user: AccountUser;
  token: string;
  session: SessionInfo;
  outcome: OAuthSignInOutcome;
}> {
  const accessTokenEnc = secrets.encryptSecret(profile.accessToken);
  const label = providerLabel[profile.provider];
  try {
    return await db.transaction(async (tx) => {
      let outcome: OAuthSignInOutcome;
      let userId: string;
      const [known] = await tx
        .select({ id: oauthAccounts.id, userId: oauthAccounts.userId })
        .from(oauthAccounts)
        .where(
          and(
            eq(oauthAccounts.provider, profile.provider),
            eq(oauthAccounts.providerUserId, profile.providerUserId),
          ),
        )
        .limit(1);
      if (known) {
        outcome = 'signed_in';
        userId = known.userId;
        await tx
          .update(oauthAccounts)
          .set({ accessTokenEnc, email: profile.email })
          .where(eq(oauthAccounts.id, known.id));
      } else {
        const [existing] = await tx
          .select({ id: users.id, emailVerifiedAt: users.emailVerifiedAt })
          .from(users)
          .where(eq(users.email, profile.email))
          .limit(1);
        if (existing) {
          if (!profile.emailVerified) {
            throw new AppError(
              'CONFLICT',
              `An account with ${profile.email} already exists, and ${label} has not verified that address, so we cannot link them. Sign in with your password instead.`,
              { provider: profile.provider, oauthError: 'account_exists' },
            );
          }
          outcome = 'linked';
          userId = existing.id;
          const takenBack = !existing.emailVerifiedAt;
          await recordSecurityEvent({
            db: tx,
            kind: 'oauth_account_linked',
            userId,
            ip,
            detail: {
              provider: profile.provider,
              email: profile.email,
              passwordRemoved: takenBack,
            },
          });
          if (takenBack) {
            await tx
              .update(users)
              .set({ emailVerifiedAt: now, passwordHash: null })
              .where(eq(users.id, userId));
            const sessionsEnded = await invalidateAllUserSessions({ db: tx, userId });
            await recordSecurityEvent({
              db: tx,
              kind: 'sessions_revoked',
              userId,
              ip,
              detail: { reason: 'oauth_link_unverified_account', sessionsEnded },
            });
          }
        } else {
          if (!profile.emailVerified) {
            // An account made from an address nobody proved they own would let
            // its real owner's later sign-up be taken over through this link.
            throw new AppError(
              'FORBIDDEN',
              `${label} has not verified ${profile.email}. Verify the address with ${label} first, or sign up with your email and a password.`,
              { provider: profile.provider, oauthError: 'email_unverified' },
            );
          }
          outcome = 'created';
          const name = profile.name ?? profile.email.split('@')[0] ?? profile.email;
          const [created] = await tx
            .insert(users)
            .values({
              email: profile.email,
              name,
              avatarUrl: profile.avatarUrl,
              emailVerifiedAt: now,
            })
            .returning({ id: users.id });
          if (!created) throw new Error('insert into users returned no row');
          userId = created.id;
          const { workspaceId } = await createPersonalWorkspace({ db: tx, userId, userName: name });
          await recordEngagement({
            db: tx,
            kind: 'signup',
            userId,
            workspaceId,
            properties: { method: profile.provider },
          });
        }
        await tx.insert(oauthAccounts).values({
          userId,
          provider: profile.provider,
          providerUserId: profile.providerUserId,
          email: profile.email,
          accessTokenEnc,
        });
      }
      const [user] = await tx
        .update(users)
        .set({ lastLoginAt: now })
        .where(eq(users.id, userId))
        .returning(accountUserColumns);
      if (!user) throw new Error(`user ${userId} vanished during OAuth sign-in`);
      await recordEngagement({
        db: tx,
        kind: 'login',
        userId,
        properties: { method: profile.provider },
      });
      const { token, session } = await createSession({ db: tx, userId, ip, userAgent, now });
      return { user, token, session, outcome };
    });
  } catch (error) {
    // The same first sign-in finishing twice at once (double-clicked callback): one wins.
    if (isUniqueViolation(error)) {
      throw new AppError(
        'CONFLICT',
        `This ${label} sign-in was completed twice at the same time. Please try again.`,
        {
          provider: profile.provider,
          oauthError: 'conflict',
        },
      );
    }
    throw error;
  }
}
