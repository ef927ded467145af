import { lt } from 'drizzle-orm';
import { slackOauthStates, type Database } from '@vibemonitor/db';
import { SLACK_AUTHORIZE_URL } from '@vibemonitor/integrations';
import { SLACK_BOT_SCOPES, type SlackSettings } from './slack-settings.js';
import { signSlackInstallState } from './slack-install-state.js';

/**
 * Slack's OAuth v2 install URL for a workspace owner. The `state` is signed,
 * expires in ten minutes and its nonce is stored so the callback redeems it
 * once; expired nonces are swept on the way.
 */
export async function createSlackInstallUrl({
  db,
  settings,
  actor,
  workspaceId,
  redirectUri,
  now = new Date(),
}: {
  db: Database;
  settings: SlackSettings;
  actor: { id: string };
  workspaceId: string;
  redirectUri: string;
  now?: Date;
}): Promise<{ url: string; expiresAt: Date }> {
  const { state, nonce, expiresAt } = signSlackInstallState(settings.clientSecret, {
    workspaceId,
    userId: actor.id,
    now,
  });
  await db.delete(slackOauthStates).where(lt(slackOauthStates.expiresAt, now));
  await db.insert(slackOauthStates).values({ nonce, workspaceId, userId: actor.id, expiresAt });
  const url = new URL(SLACK_AUTHORIZE_URL);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('scope', SLACK_BOT_SCOPES.join(','));
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  return { url: url.toString(), expiresAt };
}
