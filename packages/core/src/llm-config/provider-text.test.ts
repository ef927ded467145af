import { describe, expect, it } from 'vitest';
import { describeLlmFailure } from './describe-llm-failure.js';
import { cleanProviderText, MAX_PROVIDER_TEXT } from './provider-text.js';

describe('cleanProviderText', () => {
  it('removes credential-looking headers, parameters and tokens', () => {
    const echoed = [
      'Bad request. Headers were:',
      'Authorization: Bearer sk-proj-abcdefghijklmnop1234',
      'api-key: 0123456789abcdef',
      '{"x-goog-api-key": "AIzaSyA-very-secret-key-000000000"}',
      'url https://x.test/v1?key=hunter2&alt=sse',
      'gsk_live_key_12345678 and a signature 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    ].join('\n');
    const clean = cleanProviderText(echoed);
    for (const secret of [
      'sk-proj-abcdefghijklmnop1234',
      '0123456789abcdef',
      'AIzaSyA-very-secret-key-000000000',
      'hunter2',
      'gsk_live_key_12345678',
      '9f86d081884c7d659a2feaa0c55ad015',
    ]) {
      expect(clean).not.toContain(secret);
    }
    expect(clean).toContain('Bad request. Headers were: Authorization: [redacted]');
    expect(clean).toContain('alt=sse');
    expect(clean).not.toContain('\n');
  });

  it('keeps ordinary provider messages and cuts long ones', () => {
    expect(
      cleanProviderText('The model `gpt-9` does not exist or you do not have access to it.'),
    ).toBe('The model `gpt-9` does not exist or you do not have access to it.');
    const long = cleanProviderText('upstream said: ' + 'word '.repeat(500));
    expect(long).toHaveLength(MAX_PROVIDER_TEXT);
    expect(long.endsWith('...')).toBe(true);
  });

  it('is applied to the provider text in verify errors', () => {
    const error = Object.assign(new Error('500 boom'), {
      status: 500,
      error: { message: `echo: Authorization: Bearer sk-live-0123456789 ${'x '.repeat(400)}` },
    });
    const { message } = describeLlmFailure({
      provider: 'openai',
      error,
      model: 'm',
      host: 'h',
      timeoutMs: 1,
    });
    expect(message).not.toContain('sk-live-0123456789');
    expect(message.length).toBeLessThanOrEqual(
      'OpenAI answered with an error (HTTP 500): '.length + MAX_PROVIDER_TEXT,
    );
  });
});
