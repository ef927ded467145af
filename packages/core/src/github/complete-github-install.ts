import { and, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { githubInstallations, githubInstallStates, type Database } from '@vibemonitor/db';
import type { GithubApp } from '@vibemonitor/integrations';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { hashNonce, INSTALL_STATE_TTL_MS } from './create-install-url.js';
import { requireGithubApp } from './require-github-app.js';

const sealedState = z.object({
  n: z.string().min(1),
  u: z.string().min(1),
  w: z.string().min(1),
  e: z.number().int(),
});

const START_AGAIN = 'Start again from the GitHub settings of your workspace.';
/** GitHub's clock and ours may differ a little. */
const CLOCK_SLACK_MS = 60_000;

function openState(secrets: SecretBox, state: string): z.infer<typeof sealedState> {
  try {
    return sealedState.parse(JSON.parse(secrets.decryptSecret(state)));
  } catch {
    throw new AppError('BAD_REQUEST', `The install link is not valid (it was altered or is not ours). ${START_AGAIN}`);
  }
}

/**
 * Finishes a GitHub App install (the setup callback). The state must open
 * with our secret box, be unexpired, belong to the signed-in user and not
 * have been used (its nonce row is deleted here, whatever happens next). The
 * installation must exist for this app on GitHub, be visible to the user and
 * not be linked to another workspace; the user must still be an owner of the
 * workspace.
 *
 * Visibility: with the app's OAuth client configured, GitHub adds a user
 * authorization `code` to the redirect and the user's own installations are
 * checked. Without it, only an installation created after this install
 * started is accepted: otherwise anyone holding a state could claim an
 * unlinked installation of someone else by its (guessable) id.
 */
export async function completeGithubInstall({
  db,
  secrets,
  github,
  userId,
  state,
  installationId,
  code,
  now = new Date(),
}: {
  db: Database;
  secrets: SecretBox;
  github: GithubApp | null;
  /** The signed-in user making the callback request; undefined without a session. */
  userId: string | undefined;
  state: string;
  installationId: number;
  /** The user authorization code GitHub adds when the app requests it during installation. */
  code?: string | undefined;
  now?: Date;
}): Promise<{ workspaceId: string; accountLogin: string }> {
  const app = requireGithubApp(github);
  const opened = openState(secrets, state);
  if (opened.e <= now.getTime())
    throw new AppError('BAD_REQUEST', `The install link has expired. ${START_AGAIN}`);
  if (userId === undefined || userId !== opened.u)
    throw new AppError(
      'FORBIDDEN',
      'Sign in to VibeMonitor as the user who started the install, then start again.',
    );
  const [claimed] = await db
    .delete(githubInstallStates)
    .where(
      and(
        eq(githubInstallStates.nonceHash, hashNonce(opened.n)),
        eq(githubInstallStates.userId, opened.u),
        eq(githubInstallStates.workspaceId, opened.w),
        gt(githubInstallStates.expiresAt, now),
      ),
    )
    .returning({ id: githubInstallStates.id });
  if (!claimed)
    throw new AppError('BAD_REQUEST', `This install link was already used. ${START_AGAIN}`);

  const installation = await app.getInstallation(installationId);
  if (!installation)
    throw new AppError(
      'NOT_FOUND',
      `GitHub does not know installation ${installationId} of this app. ${START_AGAIN}`,
    );
  if (app.verifiesUsers) {
    if (!code)
      throw new AppError(
        'BAD_REQUEST',
        'GitHub did not send a user authorization code: the app must "Request user authorization (OAuth) during installation" (see README, "Connect GitHub").',
      );
    if (!(await app.userCanSeeInstallation(code, installationId)))
      throw new AppError(
        'FORBIDDEN',
        `Your GitHub account cannot see the installation on ${installation.accountLogin}, so it cannot be connected by you.`,
      );
  } else {
    const startedAt = opened.e - INSTALL_STATE_TTL_MS;
    if (!installation.createdAt || installation.createdAt.getTime() < startedAt - CLOCK_SLACK_MS)
      throw new AppError(
        'FORBIDDEN',
        `The installation on ${installation.accountLogin} existed before this install started, and this server cannot check that your GitHub account may see it (it needs GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET). Uninstall and install the app again from VibeMonitor, or ask the operator to configure them.`,
      );
  }

  return db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId: opened.w, userId: opened.u, minRole: 'owner' });
    const [existing] = await tx
      .select({ workspaceId: githubInstallations.workspaceId })
      .from(githubInstallations)
      .where(eq(githubInstallations.installationId, installationId));
    if (existing && existing.workspaceId !== opened.w)
      throw new AppError(
        'CONFLICT',
        `The GitHub account ${installation.accountLogin} is already connected to another VibeMonitor workspace. Disconnect it there first.`,
      );
    // One installation per workspace: connecting another account replaces the previous link.
    await tx.delete(githubInstallations).where(eq(githubInstallations.workspaceId, opened.w));
    await tx.insert(githubInstallations).values({
      workspaceId: opened.w,
      installationId,
      accountLogin: installation.accountLogin,
      suspendedAt: installation.suspended ? now : null,
      installedByUserId: opened.u,
    });
    return { workspaceId: opened.w, accountLogin: installation.accountLogin };
  });
}
