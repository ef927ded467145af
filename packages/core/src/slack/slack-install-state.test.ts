import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  readSlackInstallState,
  signSlackInstallState,
  SLACK_INSTALL_STATE_TTL_MS,
} from './slack-install-state.js';

describe('Slack install state', () => {
  const workspaceId = randomUUID();
  const userId = randomUUID();
  const now = new Date('2026-12-07T12:00:00Z');

  it('round-trips before expiry and refuses after', () => {
    const { state, nonce } = signSlackInstallState('secret', { workspaceId, userId, now });
    expect(readSlackInstallState('secret', state, now)).toMatchObject({
      nonce,
      workspaceId,
      userId,
    });
    expect(
      readSlackInstallState('secret', state, new Date(now.getTime() + SLACK_INSTALL_STATE_TTL_MS)),
    ).toBeUndefined();
  });

  it('refuses a tampered payload, another secret and garbage', () => {
    const { state } = signSlackInstallState('secret', { workspaceId, userId, now });
    const [payload, sig] = state.split('.') as [string, string];
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        w: randomUUID(),
      }),
    ).toString('base64url');
    expect(readSlackInstallState('secret', `${forged}.${sig}`, now)).toBeUndefined();
    expect(readSlackInstallState('other', state, now)).toBeUndefined();
    expect(readSlackInstallState('secret', `${workspaceId}|${userId}`, now)).toBeUndefined();
    expect(readSlackInstallState('secret', `${state}.x`, now)).toBeUndefined();
  });
});
