import { describe, expect, it } from 'vitest';
import { deriveSessionTitle } from './session-title.js';

describe('deriveSessionTitle', () => {
  it('uses the first non-empty line with whitespace collapsed', () => {
    expect(deriveSessionTitle('\n   \n  Why is   checkout\tslow?  \nMore context here')).toBe(
      'Why is checkout slow?',
    );
  });

  it('cuts long lines at a word boundary within 80 characters and marks the cut', () => {
    const title = deriveSessionTitle(
      'The payments API started returning 502 errors for a subset of customers in eu-west-1 after the deploy',
    );
    expect(title).toBe(
      'The payments API started returning 502 errors for a subset of customers in…',
    );
    expect(title.length).toBeLessThanOrEqual(80);
  });

  it('cuts a single very long word hard, and names an empty message', () => {
    const title = deriveSessionTitle('x'.repeat(200));
    expect(title).toBe(`${'x'.repeat(79)}…`);
    expect(deriveSessionTitle(' \n\t ')).toBe('New investigation');
  });
});
