import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES } from './slack-settings.js';

const manifest = readFileSync(
  new URL('../../../../docs/slack-app-manifest.yaml', import.meta.url),
  'utf8',
);

describe('docs/slack-app-manifest.yaml', () => {
  it('asks for exactly the bot scopes the install URL asks for', () => {
    const bot = /\n {4}bot:\n((?: {6}- .+\n)+)/.exec(manifest)?.[1] ?? '';
    const scopes = bot
      .split('\n')
      .map((line) => line.replace(/^\s*-\s*/, '').trim())
      .filter(Boolean);
    expect(scopes.sort()).toEqual([...SLACK_BOT_SCOPES].sort());
  });

  it('points Slack at our four endpoints and subscribes to the events we handle', () => {
    for (const path of [
      '/api/v1/slack/events',
      '/api/v1/slack/commands',
      '/api/v1/slack/interactivity',
      '/api/v1/slack/oauth/callback',
    ]) {
      expect(manifest).toContain(path);
    }
    for (const event of [
      'app_mention',
      'message.im',
      'message.channels',
      'app_uninstalled',
      'tokens_revoked',
    ]) {
      expect(manifest).toContain(`- ${event}\n`);
    }
  });
});
