import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadAuthEnv } from './env.js';

describe('loadAuthEnv', () => {
  it('treats everything as optional', () => {
    expect(loadAuthEnv({})).toEqual({
      encryptionKey: undefined,
      google: undefined,
      github: undefined,
    });
    expect(loadAuthEnv({ ENCRYPTION_KEY: '  ' }).encryptionKey).toBeUndefined();
  });

  it('passes a valid key and OAuth credentials through', () => {
    const key = randomBytes(32).toString('base64');
    const env = loadAuthEnv({
      ENCRYPTION_KEY: key,
      GITHUB_CLIENT_ID: 'gh-id',
      GITHUB_CLIENT_SECRET: 'gh-secret',
    });
    expect(env).toEqual({
      encryptionKey: key,
      google: undefined,
      github: { clientId: 'gh-id', clientSecret: 'gh-secret' },
    });
  });

  it('names ENCRYPTION_KEY when it is malformed', () => {
    expect(() => loadAuthEnv({ ENCRYPTION_KEY: 'too-short' })).toThrow(
      /Invalid auth configuration:\n- ENCRYPTION_KEY is malformed/,
    );
  });

  it('rejects half an OAuth credential pair', () => {
    expect(() => loadAuthEnv({ GOOGLE_CLIENT_ID: 'id' })).toThrow(
      /GOOGLE_CLIENT_SECRET is required when GOOGLE_CLIENT_ID is set/,
    );
  });
});
