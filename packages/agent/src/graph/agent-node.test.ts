import { describe, expect, it } from 'vitest';
import { modelFailureText } from './agent-node.js';

describe('modelFailureText', () => {
  it('keeps a short provider error as it is', () => {
    expect(modelFailureText(new Error('429 rate limited'))).toBe('429 rate limited');
    expect(modelFailureText('boom')).toBe('boom');
  });

  it('cuts long error bodies and strips credential-looking text before they reach a report', () => {
    const hostile = new Error(
      `500 {"echo":{"headers":{"api-key":"azure-key-abcdef","Authorization":"Bearer sk-live-0123456789"}},` +
        `"url":"https://x.test/v1?key=AIzaSyD-secret-secret-secret-0000"}\n${'padding '.repeat(100)}`,
    );
    const text = modelFailureText(hostile);
    expect(text.length).toBe(300);
    expect(text.endsWith('...')).toBe(true);
    expect(text).not.toMatch(/azure-key-abcdef|sk-live-0123456789|AIzaSyD/);
    expect(text).not.toContain('\n');
    expect(text).toContain('[redacted]');
  });
});
