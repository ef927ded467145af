import { createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '@vibemonitor/auth';
import { githubInstallStates, type Database } from '@vibemonitor/db';
import type { GithubApp } from '@vibemonitor/integrations';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { requireGithubApp } from './require-github-app.js';

/** How long an install link stays valid. */
export const INSTALL_STATE_TTL_MS = 15 * 60_000;

export const hashNonce = (nonce: string) => createHash('sha256').update(nonce).digest('hex');

/**
 * Starts a GitHub App install for a workspace (owners). The state GitHub
 * sends back is sealed with the server's secret box (AES-GCM: tampering is
 * detected), carries the user, workspace and expiry, and names a nonce whose
 * hash is stored here: the setup callback deletes it, so a state works once.
 */
export async function createGithubInstallUrl({
  db,
  secrets,
  github,
  actor,
  workspaceId,
  now = new Date(),
}: {
  db: Database;
  secrets: SecretBox;
  github: GithubApp | null;
  actor: { id: string };
  workspaceId: string;
  now?: Date;
}): Promise<{ url: string; expiresAt: string }> {
  const app = requireGithubApp(github);
  const nonce = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + INSTALL_STATE_TTL_MS);
  await db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    await tx.insert(githubInstallStates).values({
      workspaceId,
      userId: actor.id,
      nonceHash: hashNonce(nonce),
      expiresAt,
    });
  });
  const state = secrets.encryptSecret(
    JSON.stringify({ n: nonce, u: actor.id, w: workspaceId, e: expiresAt.getTime() }),
  );
  return { url: app.installUrl(state), expiresAt: expiresAt.toISOString() };
}
