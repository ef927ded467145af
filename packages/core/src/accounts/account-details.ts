import type { OAuthProvider } from '@vibemonitor/db';

/** The signed-in user's own account, as `account.get` shows it; never the password hash. */
export interface AccountDetails {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
  name: string | null;
  avatarUrl: string | null;
  /** False for accounts that only sign in with Google or GitHub. */
  hasPassword: boolean;
  oauthProviders: OAuthProvider[];
  lastLoginAt: Date | null;
  createdAt: Date;
}
